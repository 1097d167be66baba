// What the policy commands do, as pure functions: .alter-merge's result, what .alter/.delete lose, a readable diff.
import { formatUsages, usageNames } from './usageText';

export interface PolicyEntry {
  readonly objectId: string;
  /** Usage names in the order written, without duplicates. */
  readonly usages: readonly string[];
}

export type ManagedIdentityPolicy = readonly PolicyEntry[];

/** Reads a policy text (as sent, or the `Policy` column of `.show`); undefined when it is not a JSON array. */
export function parsePolicy(text: string): ManagedIdentityPolicy | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value)) return undefined;
  const entries: PolicyEntry[] = [];
  for (const element of value as unknown[]) {
    if (element === null || typeof element !== 'object') continue;
    const { ObjectId: id, AllowedUsages: usages } = element as Record<string, unknown>;
    if (typeof id !== 'string') continue;
    entries.push({ objectId: id, usages: typeof usages === 'string' ? usageNames(usages) : [] });
  }
  return entries;
}

/** The JSON the service accepts, one element per line. */
export function formatPolicy(policy: ManagedIdentityPolicy): string {
  if (policy.length === 0) return '[]';
  const lines = policy.map(
    (e) =>
      `  { "ObjectId": ${JSON.stringify(e.objectId)}, "AllowedUsages": ${JSON.stringify(formatUsages(e.usages))} }`,
  );
  return `[\n${lines.join(',\n')}\n]`;
}

function sameIdentity(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The policy after `.alter-merge`: usages of a known ObjectId are added to; new ObjectIds are appended. */
export function mergePolicy(current: ManagedIdentityPolicy, change: ManagedIdentityPolicy): ManagedIdentityPolicy {
  const result: PolicyEntry[] = current.map((e) => ({ objectId: e.objectId, usages: [...e.usages] }));
  for (const entry of change) {
    const index = result.findIndex((e) => sameIdentity(e.objectId, entry.objectId));
    if (index < 0) {
      result.push({ objectId: entry.objectId, usages: [...entry.usages] });
      continue;
    }
    const usages = [...result[index].usages];
    for (const u of entry.usages) if (!usages.includes(u)) usages.push(u);
    result[index] = { objectId: result[index].objectId, usages };
  }
  return result;
}

export interface PolicyChange {
  readonly objectId: string;
  readonly kind: 'added' | 'removed' | 'changed';
  readonly addedUsages: readonly string[];
  readonly removedUsages: readonly string[];
}

/** Per ObjectId, what differs between two policies (identities without change are left out). */
export function diffPolicies(before: ManagedIdentityPolicy, after: ManagedIdentityPolicy): PolicyChange[] {
  const changes: PolicyChange[] = [];
  const union = (p: ManagedIdentityPolicy, id: string) =>
    p
      .filter((e) => sameIdentity(e.objectId, id))
      .flatMap((e) => e.usages)
      .filter((u, i, all) => all.indexOf(u) === i);
  const ids: string[] = [];
  for (const e of [...before, ...after]) if (!ids.some((id) => sameIdentity(id, e.objectId))) ids.push(e.objectId);
  for (const id of ids) {
    const inBefore = before.some((e) => sameIdentity(e.objectId, id));
    const inAfter = after.some((e) => sameIdentity(e.objectId, id));
    const old = union(before, id);
    const now = union(after, id);
    const addedUsages = now.filter((u) => !old.includes(u));
    const removedUsages = old.filter((u) => !now.includes(u));
    if (!inBefore) changes.push({ objectId: id, kind: 'added', addedUsages, removedUsages: [] });
    else if (!inAfter) changes.push({ objectId: id, kind: 'removed', addedUsages: [], removedUsages });
    else if (addedUsages.length + removedUsages.length > 0)
      changes.push({ objectId: id, kind: 'changed', addedUsages, removedUsages });
  }
  return changes;
}

/** What `.alter` with `next` would take away from `current`: removed identities and lost usages. */
export function lossesOfAlter(current: ManagedIdentityPolicy, next: ManagedIdentityPolicy): PolicyChange[] {
  return diffPolicies(current, next)
    .filter((c) => c.removedUsages.length > 0 || c.kind === 'removed')
    .map((c) => ({ ...c, addedUsages: [] }));
}

/** `.delete` removes every entry. */
export function lossesOfDelete(current: ManagedIdentityPolicy): PolicyChange[] {
  return lossesOfAlter(current, []);
}

/** One line per change: `+ id: A, B (new identity)`, `- id: A (identity removed)`, `~ id: +A -B`. */
export function formatPolicyDiff(changes: readonly PolicyChange[]): string[] {
  if (changes.length === 0) return ['(no change)'];
  return changes.map((c) => {
    switch (c.kind) {
      case 'added':
        return `+ ${c.objectId}: ${formatUsages(c.addedUsages) || '(no usage)'} (new identity)`;
      case 'removed':
        return `- ${c.objectId}: ${formatUsages(c.removedUsages) || '(no usage)'} (identity removed)`;
      case 'changed':
        return `~ ${c.objectId}: ${[...c.addedUsages.map((u) => `+${u}`), ...c.removedUsages.map((u) => `-${u}`)].join(' ')}`;
    }
  });
}
