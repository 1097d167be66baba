// Rows of `.show table … policy update`: which table each update policy fills, from which source, and as which identity.
import type { UpdatePolicyInput } from '../commands/database';
import { readAnswer, SHAPES } from './shapes';
import { ResultShapeError, type ResultTable } from './table';

export interface UpdatePolicyRow {
  /** The table the policy appends to. */
  readonly table: string;
  readonly source: string;
  readonly query: string;
  readonly isEnabled: boolean;
  readonly isTransactional?: boolean;
  readonly propagateIngestionProperties?: boolean;
  /** `system` or an object id: the query runs as this identity (needed when it reads other databases). */
  readonly managedIdentity?: string;
}

/** `[Db].[Table]` → `Table`; a bare name stays as it is. */
function tableOf(entityName: string): string {
  const parts = [...entityName.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]);
  return parts.length ? parts[parts.length - 1] : entityName;
}

/** One row per policy entry; tables without a policy (`null`) give none. */
export function parseUpdatePolicyRows(table: ResultTable): UpdatePolicyRow[] {
  return readAnswer(table, SHAPES.updatePolicies, (row) => {
    const policy = row.dynamic('Policy');
    if (policy === undefined || policy === null) return [];
    if (!Array.isArray(policy))
      throw new ResultShapeError(`update policies: row ${row.index}, column Policy: expected an array`);
    const target = tableOf(row.string('EntityName'));
    return policy.map((p: unknown, i): UpdatePolicyRow => {
      if (p === null || typeof p !== 'object')
        throw new ResultShapeError(`update policies: row ${row.index}, entry ${i}: expected an object`);
      const e = p as Record<string, unknown>;
      const identity =
        typeof e.ManagedIdentity === 'string' && e.ManagedIdentity.trim() !== '' ? e.ManagedIdentity.trim() : undefined;
      return {
        table: target,
        source: String(e.Source ?? ''),
        query: String(e.Query ?? ''),
        isEnabled: e.IsEnabled !== false,
        ...(e.IsTransactional === true ? { isTransactional: true } : {}),
        ...(e.PropagateIngestionProperties === true ? { propagateIngestionProperties: true } : {}),
        ...(identity ? { managedIdentity: identity } : {}),
      };
    });
  }).flat();
}

/** A row as the input `.alter table … policy update` takes it back; `identity` replaces the one it runs as. */
export function updatePolicyInput(
  r: UpdatePolicyRow,
  identity: string | undefined = r.managedIdentity,
): UpdatePolicyInput {
  return {
    source: r.source,
    query: r.query,
    isEnabled: r.isEnabled,
    isTransactional: r.isTransactional ?? false,
    propagateIngestionProperties: r.propagateIngestionProperties ?? false,
    ...(identity ? { managedIdentity: identity } : {}),
  };
}
