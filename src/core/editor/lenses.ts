// What the CodeLens above a policy command says, computed without VS Code so it can be unit-tested.
// Lenses only describe: the one click they offer reveals the first problem, never runs anything.
import { parsePolicy } from '../policy/semantics';
import type { Diagnostic } from '../policy/types';
import type { PolicyScope } from '../scope';

/** A command as the scanner saw it, with offsets into the whole document. */
export interface EditorCommand {
  readonly kind: string;
  /** Start of the block, leading comment lines included. */
  readonly blockStart: number;
  /** Start of the command proper (after leading comments). */
  readonly start: number;
  readonly end: number;
  readonly scope?: PolicyScope;
  readonly database?: string;
  readonly policyName?: string;
  readonly payload?: { readonly start: number; readonly end: number; readonly value: string };
  readonly diagnostics: readonly Diagnostic[];
}

export interface LensModel {
  /** Where the lens sits: the command's first character. */
  readonly offset: number;
  readonly title: string;
  readonly tooltip: string;
  /** Set when there is a problem to reveal on click. */
  readonly reveal?: { readonly offset: number; readonly length: number };
}

const MAX_LISTED = 3;

/** Short form of an identity for a one-line title: `system`, or the first 3 characters of a GUID. */
export function shortIdentity(objectId: string): string {
  return objectId.toLowerCase() === 'system' || objectId.length <= 6 ? objectId : `${objectId.slice(0, 3)}…`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function identitiesText(value: string): string | undefined {
  const policy = parsePolicy(value);
  if (policy === undefined) return undefined;
  if (policy.length === 0) return 'no identities (removes every usage)';
  const listed = policy.slice(0, MAX_LISTED).map((e) => `${shortIdentity(e.objectId)} (${e.usages.join(', ') || 'no usage'})`);
  const more = policy.length > MAX_LISTED ? `, +${policy.length - MAX_LISTED} more` : '';
  return `${plural(policy.length, 'identity', 'identities')}: ${listed.join(', ')}${more}`;
}

function firstProblem(diagnostics: readonly Diagnostic[]): Diagnostic | undefined {
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return [...diagnostics].sort((a, b) => rank[a.severity] - rank[b.severity] || a.offset - b.offset)[0];
}

/** The lens for one command, or undefined when the command is not one a lens helps with. */
export function lensFor(command: EditorCommand): LensModel | undefined {
  const policy = command.policyName?.toLowerCase();
  const where = command.scope === 'database' ? `database ${command.database ?? ''}`.trim() : 'cluster';
  if (command.kind === 'delete-policy' && policy === 'managed_identity') {
    return {
      offset: command.start,
      title: `⚠ deletes the ${where} managed identity policy — every flow relying on it stops`,
      tooltip: 'Continuous exports, external tables and data connections that use these identities will fail.',
    };
  }
  if ((command.kind !== 'alter-policy' && command.kind !== 'alter-merge-policy') || policy !== 'managed_identity') return undefined;
  const verb = command.kind === 'alter-policy' ? 'replaces the whole policy' : 'merges into the policy';
  const problems = command.diagnostics.filter((d) => d.severity !== 'info');
  const first = firstProblem(problems);
  if (first !== undefined && problems.some((d) => d.severity === 'error')) {
    return {
      offset: command.start,
      title: `✗ ${plural(problems.length, 'problem')}`,
      tooltip: `First: ${first.code} ${first.message} (click to reveal)`,
      reveal: { offset: first.offset, length: first.length },
    };
  }
  const identities = command.payload ? identitiesText(command.payload.value) : undefined;
  const summary = identities ? ` — ${identities}` : '';
  const tooltip = `Checked offline on the ${where} policy; ${verb}. Nothing runs until you run the command.`;
  if (first !== undefined) {
    return {
      offset: command.start,
      title: `⚠ policy valid, ${plural(problems.length, 'warning')}${summary}`,
      tooltip: `First: ${first.code} ${first.message} (click to reveal)`,
      reveal: { offset: first.offset, length: first.length },
    };
  }
  return { offset: command.start, title: `✓ policy valid${summary}`, tooltip };
}

export function lensesFor(commands: Iterable<EditorCommand>): LensModel[] {
  const out: LensModel[] = [];
  for (const c of commands) {
    const lens = lensFor(c);
    if (lens) out.push(lens);
  }
  return out;
}
