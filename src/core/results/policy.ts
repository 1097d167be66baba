// Rows of `.show/.alter/.alter-merge/.delete … policy managed_identity` parsed into typed policy entries.
import { readAnswer, SHAPES } from './shapes';
import { ResultShapeError, type ResultTable } from './table';

/** One identity in a managed identity policy, including the fields the service fills in. */
export interface ManagedIdentityPolicyEntry {
  /** Object id, or `system` as a user wrote it. */
  readonly objectId: string;
  /** AllowedUsages split on commas, as written by the service (may include words this version does not know). */
  readonly usages: readonly string[];
  readonly clientId?: string;
  readonly tenantId?: string;
  readonly displayName?: string;
  readonly isSystem?: boolean;
}

export interface ManagedIdentityPolicyRow {
  readonly policyName: string;
  /** e.g. `[MyDatabase]`, or empty for the cluster. */
  readonly entityName: string;
  readonly entityType: string;
  readonly childEntities: string;
  /** Empty when no policy is set. */
  readonly entries: readonly ManagedIdentityPolicyEntry[];
}

/** Both documented layouts: the 5-column policy table, and `(EntityName, Policies)` of the show-policy page. */
export function parsePolicyRows(table: ResultTable): ManagedIdentityPolicyRow[] {
  return readAnswer(table, SHAPES.managedIdentityPolicy, (row, layout) => {
    const entityName = row.string('EntityName');
    if (layout === SHAPES.managedIdentityPolicy.layouts[1])
      return {
        policyName: 'ManagedIdentityPolicy',
        entityName,
        entityType: entityName ? 'Database' : 'Cluster',
        childEntities: '',
        entries: parsePolicyJson(row.dynamic('Policies'), row.index, 'Policies'),
      };
    return {
      policyName: row.string('PolicyName'),
      entityName,
      entityType: row.string('EntityType'),
      childEntities: textOf(row.get('ChildEntities')),
      entries: parsePolicyJson(row.dynamic('Policy'), row.index),
    };
  });
}

/** The policy array as the service returns it (also accepts `null` or nothing for "no policy"). */
export function parsePolicyJson(policy: unknown, rowIndex = 0, column = 'Policy'): ManagedIdentityPolicyEntry[] {
  if (policy === undefined || policy === null) return [];
  if (!Array.isArray(policy))
    throw new ResultShapeError(`managed identity policy: row ${rowIndex}: ${column} is not a JSON array`);
  return policy.map((item: unknown, i) => {
    const where = `managed identity policy: row ${rowIndex}, entry ${i}`;
    if (typeof item !== 'object' || item === null) throw new ResultShapeError(`${where}: not an object`);
    const e = item as Record<string, unknown>;
    if (typeof e.ObjectId !== 'string') throw new ResultShapeError(`${where}: ObjectId is missing`);
    const usages =
      typeof e.AllowedUsages === 'string'
        ? e.AllowedUsages.split(',')
            .map((u) => u.trim())
            .filter(Boolean)
        : [];
    return {
      objectId: e.ObjectId,
      usages,
      ...optional('clientId', e.ClientId),
      ...optional('tenantId', e.TenantId),
      ...optional('displayName', e.DisplayName),
      ...(typeof e.IsSystem === 'boolean' ? { isSystem: e.IsSystem } : {}),
    };
  });
}

function optional<K extends string>(key: K, value: unknown): { [P in K]?: string } {
  return typeof value === 'string' && value !== '' ? ({ [key]: value } as { [P in K]: string }) : {};
}

function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
