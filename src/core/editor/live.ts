// Live facts for the editor, without VS Code: given the live policy and the target cluster's identities,
// what the lens above a policy command says and what running a replacing command would remove.
import {
  diffPolicies,
  formatPolicyDiff,
  lossesOfAlter,
  lossesOfDelete,
  mergePolicy,
  parsePolicy,
  type PolicyChange,
  type PolicyEntry,
} from '../policy';
import type { Target } from '../commands/command';
import type { ClusterIdentities } from '../policy/types';
import { formatUsages } from '../policy/usageText';
import { shortIdentity, type EditorCommand } from './lenses';

/** Where a document's commands run: a cluster, and the database commands without one are sent to. */
export interface EditorTarget {
  readonly cluster: string;
  readonly database?: string;
}

/** The live policy of one scope as the editor knows it right now. */
export type LivePolicy =
  | { readonly state: 'loading' }
  | { readonly state: 'loaded'; readonly entries: readonly PolicyEntry[] }
  | { readonly state: 'failed'; readonly message: string };

/** The cluster's identities as the services list them (a structural copy: core imports no service types). */
export interface KnownIdentities {
  readonly system?: { readonly principalId: string };
  readonly userAssigned: readonly {
    readonly principalId: string;
    readonly clientId?: string;
    readonly name?: string;
  }[];
}

export interface LiveLens {
  readonly title: string;
  readonly tooltip: string;
}

export function runLensTitle(target: EditorTarget | undefined): string {
  return target ? `▶ Run on ${targetText(target)}` : '▶ Run…';
}

export function targetText(target: EditorTarget): string {
  return target.database ? `${target.cluster} / ${target.database}` : target.cluster;
}

/** What the validator's known-cluster rules (MIP109, MIP110, MIP011) need. */
export function clusterIdentitiesOf(known: KnownIdentities): ClusterIdentities {
  return {
    systemAssigned: known.system !== undefined,
    ...(known.system && { systemPrincipalId: known.system.principalId }),
    userAssigned: known.userAssigned.map((u) => ({ principalId: u.principalId, clientId: u.clientId, name: u.name })),
  };
}

function isManagedIdentity(c: EditorCommand): boolean {
  return c.policyName?.toLowerCase() === 'managed_identity';
}

/** Management commands get a Run lens; queries and comment-only blocks do not. */
export function isRunnable(c: EditorCommand): boolean {
  return c.kind !== 'query';
}

/** Which live policy a command reads or changes, or undefined (not a managed identity policy command, or a placeholder). */
export function policyScopeOf(c: EditorCommand): Target | undefined {
  if (!isManagedIdentity(c) || c.scope === undefined) return undefined;
  if (c.scope === 'cluster') return { scope: 'cluster' };
  const db = c.database;
  return db && !db.startsWith('<') ? { scope: 'database', database: db } : undefined;
}

/** A stable key for a policy target (caches of live facts). */
export function targetKey(t: Target): string {
  return t.scope === 'cluster' ? 'cluster' : `database:${t.database}`;
}

/** True for the commands that replace or remove the live policy: they are confirmed with a diff before running. */
export function replacesPolicy(c: EditorCommand): boolean {
  return isManagedIdentity(c) && (c.kind === 'alter-policy' || c.kind === 'delete-policy');
}

/** The system identity written by its principal id is the same entry as `system` in the live policy. */
function normalised(entries: readonly PolicyEntry[], identities: KnownIdentities | undefined): PolicyEntry[] {
  const system = identities?.system?.principalId.toLowerCase();
  return entries.map((e) =>
    system && e.objectId.toLowerCase() === system ? { objectId: 'system', usages: e.usages } : e,
  );
}

/** What running a replacing command would take away from the live policy; undefined when its policy text is unreadable. */
export function lossesOf(
  c: EditorCommand,
  live: readonly PolicyEntry[],
  identities?: KnownIdentities,
): PolicyChange[] | undefined {
  const current = normalised(live, identities);
  if (c.kind === 'delete-policy') return lossesOfDelete(current);
  const next = c.payload ? parsePolicy(c.payload.value) : undefined;
  return next === undefined ? undefined : lossesOfAlter(current, normalised(next, identities));
}

function entries(n: number): string {
  return `${n} ${n === 1 ? 'entry' : 'entries'}`;
}

function listed(entries: readonly PolicyEntry[]): string {
  return entries.map((e) => `${shortIdentity(e.objectId)} (${formatUsages(e.usages) || 'no usage'})`).join(', ');
}

/** The live-facts lens above a managed identity policy command, or undefined when there is nothing to say. */
export function liveLens(c: EditorCommand, live: LivePolicy, identities?: KnownIdentities): LiveLens | undefined {
  if (policyScopeOf(c) === undefined) return undefined;
  if (live.state === 'loading')
    return { title: 'live: reading the policy…', tooltip: 'Reading the live policy of the target cluster.' };
  if (live.state === 'failed')
    return { title: '⚠ live policy unavailable', tooltip: `${live.message} (click to read it again)` };
  const current = normalised(live.entries, identities);
  const now = current.length ? `Live policy now:\n${listed(current)}` : 'No live policy now.';
  if (replacesPolicy(c)) {
    const losses = lossesOf(c, live.entries, identities);
    if (losses === undefined) return undefined;
    const verb = c.kind === 'delete-policy' ? 'deletes' : 'replaces';
    if (losses.length === 0) return { title: `live: ${verb} the current policy, removes nothing`, tooltip: now };
    return {
      title: `⚠ ${verb} the current policy: removes ${entries(losses.length)}`,
      tooltip: `${formatPolicyDiff(losses).join('\n')}\n\n${now}`,
    };
  }
  if (c.kind === 'alter-merge-policy') {
    const change = c.payload ? parsePolicy(c.payload.value) : undefined;
    if (change === undefined) return undefined;
    return mergeLens(current, normalised(change, identities), now);
  }
  if (c.kind === 'show-policy') {
    return { title: current.length ? `live: ${listed(current)}` : 'live: no policy', tooltip: now };
  }
  return undefined;
}

/** `.alter-merge`: the usages the live policy already has, and what the command adds. */
function mergeLens(current: readonly PolicyEntry[], change: readonly PolicyEntry[], now: string): LiveLens {
  const already: PolicyEntry[] = [];
  for (const e of change) {
    const have = current.find((x) => x.objectId.toLowerCase() === e.objectId.toLowerCase());
    const kept = have ? e.usages.filter((u) => have.usages.includes(u) || have.usages.includes('All')) : [];
    if (kept.length) already.push({ objectId: e.objectId, usages: kept });
  }
  const adds = diffPolicies(current, mergePolicy(current, change)).filter((d) => d.addedUsages.length > 0);
  const hasText = already.length ? `already has ${listed(already)}` : '';
  const addText = adds.length
    ? `adds ${adds.map((d) => `${shortIdentity(d.objectId)} (${formatUsages(d.addedUsages)})`).join(', ')}`
    : 'changes nothing';
  return { title: `live: ${[hasText, addText].filter(Boolean).join('; ')}`, tooltip: now };
}

/** The modal shown before a replacing command runs: what it removes from the policy just re-read. */
export function replaceConfirmation(
  c: EditorCommand,
  live: readonly PolicyEntry[],
  where: string,
  identities?: KnownIdentities,
): { message: string; detail: string } {
  const losses = lossesOf(c, live, identities) ?? [];
  const what = c.kind === 'delete-policy' ? 'Delete' : 'Replace';
  const scope =
    c.scope === 'cluster'
      ? 'the cluster managed identity policy'
      : `the managed identity policy of database ${c.database ?? ''}`;
  const message = `${what} ${scope} on ${where}?`;
  const removed = losses.length
    ? `It removes ${entries(losses.length)}:\n${formatPolicyDiff(losses).join('\n')}`
    : 'Nothing in the live policy is removed.';
  const current = live.length
    ? `Live policy (just read):\n${listed(normalised(live, identities))}`
    : 'There is no live policy now.';
  return { message, detail: `${removed}\n\n${current}` };
}
