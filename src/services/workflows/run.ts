// Runs a readiness check against a live cluster, and runs fix commands through the real Kusto client.
import { CancelledError } from '../../core/operations/plan';
import type { ManagementCommand } from '../../core/commands';
import { moreDatabasesFor, needsOf, runChecks, type FlowRequest } from '../../core/workflows/flows';
import type { ClusterFacts, FlowReport } from '../../core/workflows/types';
import type { Catalog, ClusterRef } from '../catalog';
import { directClusterInfo } from '../tree/cluster';
import { targetsOf } from '../../core/workflows/targets';
import { gatherTargets } from '../access/gather';
import { gatherDatabase, gatherFacts, withExportFailures } from './gather';

/** Gathers what the flow needs (and the databases an export's query reads) and checks it. */
export async function gatherForFlow(catalog: Catalog, ref: ClusterRef, request: FlowRequest): Promise<ClusterFacts> {
  const needs = needsOf(request);
  // An export's recorded failures are read beside the reads below, not before them: one wave less.
  const facts = await gatherFacts(catalog, ref, { ...needs, exportFailures: [] });
  const more = moreDatabasesFor(request, facts);
  // The databases an export's query reads, and the other end of the identity (storage, Event Hubs, Cosmos DB, from
  // ARM when the cluster came from ARM): both follow from the facts above, so they are read side by side.
  const otherEnd = async (): Promise<Partial<ClusterFacts>> => {
    if (!facts.arm || !ref.account) return {};
    const targets = targetsOf(request, facts);
    if (!targets.length && request.flow !== 'continuous-export' && request.flow !== 'external-table') return {};
    return gatherTargets(catalog, ref, targets);
  };
  const [databases, extra, targets] = await Promise.all([
    Promise.all(facts.databases.map((db) => withExportFailures(catalog, ref, db, needs.exportFailures))),
    Promise.all(
      more.map((name) =>
        gatherDatabase(catalog, ref, name, {
          ...needs,
          exports: false,
          exportFailures: [],
          externalTables: false,
          updatePolicies: false,
          functions: false,
          tables: false,
        }),
      ),
    ),
    otherEnd(),
  ]);
  return { ...facts, databases: [...databases, ...extra], ...targets };
}

export async function runFlowCheck(
  catalog: Catalog,
  ref: ClusterRef,
  request: FlowRequest,
  now: Date = new Date(),
): Promise<FlowReport> {
  const resolved = await withClientId(catalog, ref, request);
  return runChecks(await gatherForFlow(catalog, ref, resolved), resolved, now);
}

/** The Functions bindings need the identity's client id: look it up among the subscription's user-assigned identities. */
export async function withClientId(catalog: Catalog, ref: ClusterRef, request: FlowRequest): Promise<FlowRequest> {
  if (request.flow !== 'functions' || request.identity.clientId || !ref.account || !ref.subscription) return request;
  try {
    const msi = await catalog.factory.msi(ref.account, ref.subscription);
    const want = request.identity.objectId.toLowerCase();
    for await (const i of msi.userAssignedIdentities.listBySubscription()) {
      if (i.principalId?.toLowerCase() === want && i.clientId) {
        return {
          ...request,
          identity: { ...request.identity, clientId: i.clientId, name: request.identity.name ?? i.name },
        };
      }
    }
  } catch {
    // Not finding it leaves the client id unknown; the report says so.
  }
  return request;
}

export interface FixOutcome {
  readonly command: ManagementCommand;
  readonly ok: boolean;
  readonly error?: string;
}

/** Runs fix commands in order through the Kusto client; stops at the first failure (later fixes may depend on it). */
export async function applyFixes(
  catalog: Catalog,
  ref: ClusterRef,
  commands: readonly ManagementCommand[],
  signal?: AbortSignal,
): Promise<FixOutcome[]> {
  const out: FixOutcome[] = [];
  for (const command of commands) {
    try {
      await catalog.kusto.run(
        catalog.target(ref),
        command,
        {
          action: `run ${command.text.split(/\s+/).slice(0, 3).join(' ')}`,
          permission: 'Database Admin or AllDatabasesAdmin',
        },
        signal,
      );
      out.push({ command, ok: true });
    } catch (e) {
      // A cancelled fix is not a failed one: the caller stops, and says so.
      if (e instanceof CancelledError) throw e;
      out.push({ command, ok: false, error: e instanceof Error ? e.message : String(e) });
      break;
    }
  }
  return out;
}

/** A cluster known only by its Kusto URL: no ARM facts; `none` sends no Authorization header (emulator, sandbox). */
export function directClusterRef(uri: string, auth: 'none' | 'account', account?: ClusterRef['account']): ClusterRef {
  return { cluster: directClusterInfo({ uri, auth }), ...(auth === 'account' && account ? { account } : {}) };
}

/** A cluster found by name through ARM, with its identities; undefined when no subscription of the account has it. */
export async function armClusterRef(
  catalog: Catalog,
  account: NonNullable<ClusterRef['account']>,
  name: string,
): Promise<ClusterRef | undefined> {
  for (const subscription of await catalog.listSubscriptions(account)) {
    const cluster = (await catalog.listClusters(account, subscription)).find(
      (c) => c.name.toLowerCase() === name.toLowerCase(),
    );
    if (cluster) return { account, subscription, cluster };
  }
  return undefined;
}

/** An account that only hands out one Kusto token (the CLI's `ADX_IDENTITY_TOKEN`); it has no ARM. */
export function staticTokenAccount(token: string): NonNullable<ClusterRef['account']> {
  return {
    kind: 'azure',
    endpoints: {
      armEndpoint: 'https://management.azure.com',
      armScopes: ['https://management.azure.com/.default'],
      portalUrl: 'https://portal.azure.com',
    },
    isSignedIn: async () => true,
    listSubscriptions: async () => [],
    armCredential: () => {
      throw new Error('No ARM access: only a Kusto token was given.');
    },
    kustoToken: async () => token,
  };
}
