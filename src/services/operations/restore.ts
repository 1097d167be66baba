// Restore is itself a replacing change: what it would do is computed against the live state read just now.
import type { DatabaseRole, PrincipalInput } from '../../core/commands';
import { restoreSteps, type SavedState, type Step } from '../../core/operations';
import { lossesOfAlter, type PolicyChange, type PolicyEntry } from '../../core/policy';
import { parsePrincipalRows } from '../../core/results';
import type { ClusterRef } from '../catalog';
import type { Operations } from './operations';

/** A restore, before it runs: the live state it replaces and what that loses. */
export interface RestoreProposal {
  readonly saved: SavedState;
  /** The live policy now (empty for principals). */
  readonly live: readonly PolicyEntry[];
  readonly losses: readonly PolicyChange[];
  /** Principals: the saved ones the database already has again. */
  readonly present?: readonly string[];
  readonly steps: readonly Step[];
}

/**
 * A restore replaces the live policy, so it says what that loses; principals are only added back (it says which are
 * there already).
 */
export async function proposeRestore(
  ops: Operations,
  ref: ClusterRef,
  saved: SavedState,
  signal?: AbortSignal,
): Promise<RestoreProposal> {
  if (saved.kind === 'policy') {
    const live = await ops.readPolicy(ref, saved.target, signal);
    return { saved, live, losses: lossesOfAlter(live, saved.entries), steps: restoreSteps(saved) };
  }
  const rows = parsePrincipalRows(await ops.principals(ref, saved.database, signal));
  const present = saved.principals
    .filter((p) => rows.some((r) => principalMatches(r.fqn, p.principal) && roleMatches(r.role, p.role)))
    .map((p) => p.label);
  return { saved, live: [], losses: [], present, steps: restoreSteps(saved) };
}

/** A principal row (`aadapp=<id>;<tenant>`) is this saved principal. */
function principalMatches(fqn: string, p: PrincipalInput): boolean {
  const id = /^aadapp=([^;]+);/i.exec(fqn.trim())?.[1]?.toLowerCase();
  return p.kind === 'system' ? id === 'system' : id === p.objectId.toLowerCase();
}

/** `Database Sales Viewer` holds `viewers`. */
function roleMatches(role: string, wanted: DatabaseRole): boolean {
  return `${role.trim().split(/\s+/).pop() ?? ''}s`.toLowerCase() === wanted;
}
