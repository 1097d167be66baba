// Table update policies: the payload's shape, its source table, and the managed identity rules of the update policy docs.
import type { ClusterState, DatabaseState, SandboxState } from '../types';
import { assignedIdentity, policyAllows } from './identity';
import { badRequest } from './results';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BOOLS = ['IsEnabled', 'IsTransactional', 'PropagateIngestionProperties'] as const;
const PROPERTIES = [
  'IsEnabled',
  'Source',
  'Query',
  'IsTransactional',
  'PropagateIngestionProperties',
  'ManagedIdentity',
];

export interface UpdatePolicyEntry {
  IsEnabled: boolean;
  Source: string;
  Query: string;
  IsTransactional: boolean;
  PropagateIngestionProperties: boolean;
  ManagedIdentity?: string;
}

/**
 * Parses and checks `.alter table T policy update` payload for a table of `db`; errors read like the service's.
 * Property names match case-insensitively; the booleans default to false; unknown properties are refused.
 */
export function parseUpdatePolicy(
  payload: string,
  state: SandboxState,
  cluster: ClusterState,
  db: DatabaseState,
): UpdatePolicyEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch (e) {
    throw badRequest(`Failed to parse the update policy: invalid JSON (${(e as Error).message}).`);
  }
  if (!Array.isArray(json)) {
    throw badRequest(
      'The update policy must be a JSON array of {IsEnabled, Source, Query, IsTransactional, PropagateIngestionProperties, ManagedIdentity}.',
    );
  }
  return json.map((raw, i) => {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
      throw badRequest(`Update policy entry ${i} must be a JSON object.`);
    const e: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
      const known = PROPERTIES.find((p) => p.toLowerCase() === k.toLowerCase());
      if (!known)
        throw badRequest(
          `Update policy entry ${i}: unknown property '${k}'. Valid properties: ${PROPERTIES.join(', ')}.`,
        );
      e[known] = v;
    }
    for (const b of BOOLS) {
      if (e[b] !== undefined && typeof e[b] !== 'boolean')
        throw badRequest(`Update policy entry ${i}: ${b} must be true or false.`);
    }
    if (typeof e.Source !== 'string' || !e.Source.trim())
      throw badRequest(`Update policy entry ${i}: Source is required (a table of database '${db.name}').`);
    if (typeof e.Query !== 'string' || !e.Query.trim())
      throw badRequest(`Update policy entry ${i}: Query is required.`);
    // The source table and the target table must be in the same database (update policy docs).
    const source = db.tables.find((t) => t.name.toLowerCase() === (e.Source as string).trim().toLowerCase());
    if (!source)
      throw badRequest(`Update policy entry ${i}: source table '${e.Source}' was not found in database '${db.name}'.`);
    const entry: UpdatePolicyEntry = {
      IsEnabled: e.IsEnabled === true,
      Source: source.name,
      Query: e.Query,
      IsTransactional: e.IsTransactional === true,
      PropagateIngestionProperties: e.PropagateIngestionProperties === true,
    };
    const mi = e.ManagedIdentity;
    if (mi === undefined || mi === null || mi === '') return entry;
    if (typeof mi !== 'string' || (mi.toLowerCase() !== 'system' && !GUID.test(mi))) {
      throw badRequest(
        `Update policy entry ${i}: ManagedIdentity ${JSON.stringify(mi)} must be 'system' or an object id (GUID).`,
      );
    }
    // As for continuous export: the identity must be assigned to the cluster and allowed AutomatedFlows.
    const id = assignedIdentity(state, cluster, mi);
    if (!id) throw badRequest(`Managed identity '${mi}' is not assigned to cluster '${cluster.name}'.`);
    if (!policyAllows(state, cluster, db, mi, 'AutomatedFlows')) {
      throw badRequest(
        `The managed identity policy of database '${db.name}' or of the cluster does not allow managed identity '${id.objectId}' for usage 'AutomatedFlows'.`,
      );
    }
    return { ...entry, ManagedIdentity: mi };
  });
}
