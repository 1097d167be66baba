// validatePolicy: JSON.parse and cheap checks first; the located (slow) check runs only when something is wrong.
import { isGuid, sameGuid } from '../guid';
import type { PolicyScope } from '../scope';
import { findUsage } from '../usages';
import { checkPolicyText } from './rules';
import type { ClusterIdentities, Diagnostic } from './types';

export interface PolicyCheckOptions {
  readonly scope: PolicyScope;
  /** The target cluster's identities, when known: enables the checks that compare ids with them. */
  readonly cluster?: ClusterIdentities;
}

/** Every problem of a managed identity policy text, with offsets into `text`. */
export function validatePolicy(text: string, options: PolicyCheckOptions): Diagnostic[] {
  return isCleanPolicy(text, options) ? [] : checkPolicyText(text, options);
}

/**
 * True only when the located check would find nothing. It may say false for a clean text (then the
 * located check runs and finds nothing); it must never say true for a text with a problem.
 */
export function isCleanPolicy(text: string, options: PolicyCheckOptions): boolean {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return false;
  }
  if (!Array.isArray(value)) return false;
  const seen = new Set<string>();
  for (const element of value as unknown[]) {
    if (element === null || typeof element !== 'object' || Array.isArray(element)) return false;
    // Exactly the two user fields, both strings: anything else deserves a diagnostic.
    if (Object.keys(element).length !== 2) return false;
    const { ObjectId: id, AllowedUsages: usages } = element as Record<string, unknown>;
    if (typeof id !== 'string' || typeof usages !== 'string') return false;
    if (!isKnownIdentity(id, options.cluster)) return false;
    const key = id.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    if (!areCleanUsages(usages, options.scope)) return false;
  }
  // JSON.parse keeps the last of two equal keys silently: each key has one ':', so equal counts rule duplicates out.
  return countColons(text) === value.length * 2;
}

function isKnownIdentity(id: string, cluster: ClusterIdentities | undefined): boolean {
  if (id === 'system') return cluster === undefined || cluster.systemAssigned;
  if (!isGuid(id)) return false;
  return cluster === undefined || cluster.userAssigned.some((u) => sameGuid(u.principalId, id));
}

function areCleanUsages(usages: string, scope: PolicyScope): boolean {
  const names = usages.split(',');
  const seen = new Set<string>();
  for (const raw of names) {
    const name = raw.trim();
    const usage = findUsage(name);
    if (usage === undefined || seen.has(name)) return false;
    if (scope === 'database' && !usage.allowedAtDatabaseScope) return false;
    seen.add(name);
  }
  return !(seen.has('All') && seen.size > 1);
}

function countColons(text: string): number {
  let n = 0;
  for (let i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) n++;
  return n;
}
