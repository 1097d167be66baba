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

// Lenses are asked for the whole document on every edit; a policy text's summary only changes with the text.
const summaries = new Map<string, string | undefined>();

function identitiesText(value: string): string | undefined {
  if (summaries.has(value)) return summaries.get(value);
  if (summaries.size > 20_000) summaries.clear();
  const text = summarise(value);
  summaries.set(value, text);
  return text;
}

function summarise(value: string): string | undefined {
  const policy = parsePolicy(value);
  if (policy === undefined) return undefined;
  if (policy.length === 0) return 'no identities';
  const listed = policy
    .slice(0, MAX_LISTED)
    .map((e) => `${shortIdentity(e.objectId)} (${e.usages.join(', ') || 'no usage'})`);
  const more = policy.length > MAX_LISTED ? `, +${policy.length - MAX_LISTED} more` : '';
  return `${plural(policy.length, 'identity', 'identities')}: ${listed.join(', ')}${more}`;
}

function firstProblem(diagnostics: readonly Diagnostic[]): Diagnostic | undefined {
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return [...diagnostics].sort((a, b) => rank[a.severity] - rank[b.severity] || a.offset - b.offset)[0];
}

function isManagedIdentity(name: string | undefined): boolean {
  return name === 'managed_identity' || (name !== undefined && name.toLowerCase() === 'managed_identity');
}

// Constant tooltips: lenses are rebuilt for the whole document after every edit, so they stay allocation-light.
const TOOLTIP = {
  'alter-policy': 'Checked offline. .alter replaces the whole policy. Nothing runs until you run the command.',
  'alter-merge-policy': 'Checked offline. .alter-merge adds to the policy. Nothing runs until you run the command.',
} as const;

/** The lens for one command, or undefined when the command is not one a lens helps with. */
export function lensFor(command: EditorCommand): LensModel | undefined {
  const kind = command.kind;
  if (kind === 'delete-policy' && isManagedIdentity(command.policyName)) {
    const where = command.scope === 'database' ? `database ${command.database ?? ''}`.trim() : 'cluster';
    return {
      offset: command.start,
      title: `⚠ deletes the ${where} managed identity policy — every flow relying on it stops`,
      tooltip:
        'Continuous exports, update policies, external tables and data connections that use these identities will fail.',
    };
  }
  if ((kind !== 'alter-policy' && kind !== 'alter-merge-policy') || !isManagedIdentity(command.policyName))
    return undefined;
  const problems =
    command.diagnostics.length === 0 ? command.diagnostics : command.diagnostics.filter((d) => d.severity !== 'info');
  const first = problems.length === 0 ? undefined : firstProblem(problems);
  if (first !== undefined && first.severity === 'error') {
    return {
      offset: command.start,
      title: `✗ ${plural(problems.length, 'problem')}`,
      tooltip: `First: ${first.code} ${first.message} (click to reveal)`,
      reveal: { offset: first.offset, length: first.length },
    };
  }
  const identities = command.payload ? identitiesText(command.payload.value) : undefined;
  const summary = identities ? ` — ${identities}` : '';
  if (first !== undefined) {
    return {
      offset: command.start,
      title: `⚠ policy valid, ${plural(problems.length, 'warning')}${summary}`,
      tooltip: `First: ${first.code} ${first.message} (click to reveal)`,
      reveal: { offset: first.offset, length: first.length },
    };
  }
  return {
    offset: command.start,
    title: summary ? `✓ policy valid${summary}` : '✓ policy valid',
    tooltip: TOOLTIP[kind],
  };
}

/** Whether a command gets a lens at all: cheap, so the editor can place lenses and compute titles only for those on screen. */
export function hasLens(command: EditorCommand): boolean {
  const k = command.kind;
  return (
    (k === 'alter-policy' || k === 'alter-merge-policy' || k === 'delete-policy') &&
    isManagedIdentity(command.policyName)
  );
}

export function lensesFor(commands: Iterable<EditorCommand>): LensModel[] {
  const out: LensModel[] = [];
  for (const c of commands) {
    const lens = lensFor(c);
    if (lens) out.push(lens);
  }
  return out;
}
