// A managed identity policy change previewed before it runs: the command, the policy before and after, and what it loses.
import { buildAlterPolicyCommand, buildDeletePolicyCommand, type ManagementCommand, type Target } from '../commands';
import {
  diffPolicies,
  formatPolicy,
  formatPolicyDiff,
  lossesOfAlter,
  mergePolicy,
  type PolicyChange,
  type PolicyEntry,
} from '../policy';
import type { ManagedIdentityPolicyEntry } from '../results/policy';

export type PolicyEdit =
  /** Adds identities / usages: `.alter-merge`, nothing is lost. */
  | { readonly kind: 'add'; readonly entries: readonly PolicyEntry[] }
  /** Sets one identity's usages to exactly these. */
  | { readonly kind: 'editUsages'; readonly objectId: string; readonly usages: readonly string[] }
  | { readonly kind: 'remove'; readonly objectId: string }
  /** Replaces the whole policy: `.alter`. */
  | { readonly kind: 'replace'; readonly entries: readonly PolicyEntry[] }
  | { readonly kind: 'delete' };

export interface PolicyPreview {
  readonly target: Target;
  readonly edit: PolicyEdit;
  /** The live policy the preview was computed from. */
  readonly before: readonly PolicyEntry[];
  readonly after: readonly PolicyEntry[];
  readonly changes: readonly PolicyChange[];
  /** Identities removed and usages taken away: non-empty means the user must confirm. */
  readonly losses: readonly PolicyChange[];
  readonly command: ManagementCommand;
  /** When an `.alter` only adds: the `.alter-merge` that does the same without replacing. */
  readonly mergeInstead?: ManagementCommand;
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** `.show` entries as the user writes them: the system identity as `system`, usages as listed. */
export function policyFromShow(entries: readonly ManagedIdentityPolicyEntry[]): PolicyEntry[] {
  return entries.map((e) => ({ objectId: e.isSystem ? 'system' : e.objectId, usages: [...e.usages] }));
}

/** The entries after the edit, computed from the live policy. */
export function applyEdit(before: readonly PolicyEntry[], edit: PolicyEdit): PolicyEntry[] {
  switch (edit.kind) {
    case 'add':
      return [...mergePolicy(before, edit.entries)];
    case 'editUsages': {
      if (!before.some((e) => same(e.objectId, edit.objectId)))
        throw new Error(`${edit.objectId} is not in the policy`);
      return before.map((e) =>
        same(e.objectId, edit.objectId) ? { objectId: e.objectId, usages: [...edit.usages] } : e,
      );
    }
    case 'remove': {
      if (!before.some((e) => same(e.objectId, edit.objectId)))
        throw new Error(`${edit.objectId} is not in the policy`);
      return before.filter((e) => !same(e.objectId, edit.objectId));
    }
    case 'replace':
      return [...edit.entries];
    case 'delete':
      return [];
  }
}

/** What running the edit does to the live policy, and the command that does it. */
export function previewPolicyEdit(target: Target, before: readonly PolicyEntry[], edit: PolicyEdit): PolicyPreview {
  const after = applyEdit(before, edit);
  const changes = diffPolicies(before, after);
  const losses = lossesOfAlter(before, after);
  let command: ManagementCommand;
  let mergeInstead: ManagementCommand | undefined;
  if (edit.kind === 'delete' || after.length === 0) {
    command = buildDeletePolicyCommand(target);
  } else if (edit.kind === 'add') {
    command = buildAlterPolicyCommand(target, edit.entries, { merge: true });
  } else {
    command = buildAlterPolicyCommand(target, after);
    // Only additions: the same result without replacing what someone else may add meanwhile.
    const added = changes
      .filter((c) => c.addedUsages.length > 0)
      .map((c) => ({ objectId: c.objectId, usages: c.addedUsages }));
    if (losses.length === 0 && added.length > 0) mergeInstead = buildAlterPolicyCommand(target, added, { merge: true });
  }
  return { target, edit, before, after, changes, losses, command, ...(mergeInstead ? { mergeInstead } : {}) };
}

/** True when the live policy no longer equals the one the preview was shown for. */
export function policyChangedSince(preview: PolicyPreview, live: readonly PolicyEntry[]): boolean {
  return diffPolicies(preview.before, live).length > 0;
}

/** The text shown before asking: the diff, then the policy before and after. */
export function formatPolicyPreview(p: PolicyPreview, name: (objectId: string) => string = (id) => id): string {
  const where = p.target.scope === 'cluster' ? 'the cluster' : `database ${p.target.database}`;
  const diff = formatPolicyDiff(p.changes).map((line) =>
    line.replace(/^([+~-] )([^:]+)/, (_, sign: string, id: string) => `${sign}${name(id)}`),
  );
  return [
    `Managed identity policy of ${where}`,
    ...diff,
    '',
    'Before:',
    formatPolicy(p.before),
    '',
    'After:',
    p.after.length ? formatPolicy(p.after) : '(no policy)',
  ].join('\n');
}
