// Reads one command block: what kind of command it is, where its policy text is, and what is wrong with it.
import { diagnostic, replace } from '../policy/make';
import type { ClusterIdentities, Diagnostic } from '../policy/types';
import { validateUpdatePolicy } from '../policy/updatePolicy';
import { validatePolicy } from '../policy/validate';
import type { PolicyScope } from '../scope';
import { nextToken, skipTrivia, type Token } from './lexer';
import { encodeFor, mapRange, readLiteral, type Literal } from './literals';
import { principalDiagnostics } from './principals';
import { exportPropertyDiagnostics, externalTableDiagnostics, trailingCommaDiagnostics } from './properties';
import { connectionStringDiagnostics, placeholderDiagnostics } from './values';

export type CommandKind =
  | 'alter-policy'
  | 'alter-merge-policy'
  | 'delete-policy'
  | 'show-policy'
  | 'create-continuous-export'
  | 'add-principal'
  | 'drop-principal'
  | 'other-management'
  | 'query';

/** One command, offsets relative to its block (so the analysis can be cached by the block's text). */
export interface CommandAnalysis {
  readonly kind: CommandKind;
  /** Where the command proper starts, after the comments that precede it. */
  readonly commandStart: number;
  readonly scope?: PolicyScope;
  readonly database?: string;
  /** e.g. `managed_identity`, as written. */
  readonly policyName?: string;
  /** The policy argument: its literal (delimiters included) and decoded value. */
  readonly payload?: { readonly start: number; readonly end: number; readonly value: string };
  readonly diagnostics: readonly Diagnostic[];
}

export interface AnalyzeOptions {
  readonly cluster?: ClusterIdentities;
}

const POLICY_VERBS: Record<string, CommandKind> = {
  '.alter': 'alter-policy',
  '.alter-merge': 'alter-merge-policy',
  '.delete': 'delete-policy',
  '.show': 'show-policy',
};
const EXPORT_VERBS = new Set(['.create', '.create-or-alter', '.alter']);

/** Undefined for a block of comments only. */
export function analyzeCommand(text: string, options: AnalyzeOptions = {}): CommandAnalysis | undefined {
  return analyzeCommonPolicyCommand(text, options) ?? analyzeByTokens(text, options);
}

// The shape nearly every policy command has, read with one regex; whatever it does not match goes to the
// token reader, which gives the same answer for what the regex does match (a test holds them to that).
const COMMON_HEAD =
  /((?:[ \t\r\n]+|\/\/[^\n]*\n)*)(\.alter(?:-merge)?)[ \t\r\n]+(?:cluster|database[ \t\r\n]+(?:([A-Za-z0-9_.\-$]+)|\[[ \t]*'([^'\\\n]*)'[ \t]*\]|\[[ \t]*"([^"\\\n]*)"[ \t]*\]))[ \t\r\n]+policy[ \t\r\n]+managed_identity[ \t\r\n]*(?=```)/y;

function analyzeCommonPolicyCommand(text: string, options: AnalyzeOptions): CommandAnalysis | undefined {
  COMMON_HEAD.lastIndex = 0;
  const m = COMMON_HEAD.exec(text);
  if (m === null) return undefined;
  const literal = readLiteral(text, COMMON_HEAD.lastIndex);
  if (literal === undefined || skipTrivia(text, literal.end, text.length) !== text.length) return undefined;
  const database = m[3] ?? m[4] ?? m[5];
  const target = database === undefined ? { scope: 'cluster' as const } : { scope: 'database' as const, database };
  const kind = m[2] === '.alter' ? 'alter-policy' : 'alter-merge-policy';
  return result(
    kind,
    m[1].length,
    target,
    'managed_identity',
    { start: literal.start, end: literal.end, value: literal.value },
    checkPayload(literal, target.scope, options),
  );
}

/** The general reader: a few tokens of the command head, then the rules that read the whole command. */
export function analyzeByTokens(text: string, options: AnalyzeOptions = {}): CommandAnalysis | undefined {
  const head = analyzeHead(text, options);
  if (head === undefined || head.kind === 'query') return head;
  const more = commandRules(text, head, options);
  if (more.length === 0) return head;
  const { kind, commandStart, scope, database, policyName, payload } = head;
  const target = scope === undefined ? undefined : { scope, database };
  return result(kind, commandStart, target, policyName, payload, [...head.diagnostics, ...more]);
}

function analyzeHead(text: string, options: AnalyzeOptions): CommandAnalysis | undefined {
  const tokens = new Tokens(text);
  const first = tokens.next();
  if (first.kind === 'end') return undefined;
  if (first.kind !== 'word' || !first.text.startsWith('.')) return result('query', first.start);
  const verb = first.text.toLowerCase();
  const second = tokens.next();
  const target = readTarget(second, tokens);

  if (target && verb in POLICY_VERBS && lowerWord(tokens.next()) === 'policy') {
    const nameToken = tokens.next();
    if (nameToken.kind !== 'word') return result('other-management', first.start, target);
    const kind = POLICY_VERBS[verb];
    const command = result(kind, first.start, target, nameToken.text);
    const checked =
      nameToken.text.toLowerCase() === 'managed_identity' && (kind === 'alter-policy' || kind === 'alter-merge-policy');
    return checked ? withPayload(text, command, target.scope, nameToken, tokens, options) : command;
  }
  if (target && (verb === '.add' || verb === '.drop')) {
    return result(verb === '.add' ? 'add-principal' : 'drop-principal', first.start, target);
  }
  if (EXPORT_VERBS.has(verb) && lowerWord(second) === 'continuous-export') {
    return result('create-continuous-export', first.start);
  }
  if ((verb === '.alter' || verb === '.alter-merge') && lowerWord(second) === 'table') {
    return result(
      'other-management',
      first.start,
      undefined,
      undefined,
      undefined,
      updatePolicyDiagnostics(text, tokens),
    );
  }
  return result('other-management', first.start);
}

/** Placeholders, principals, connection strings and with-lists: read over the command's tokens (not its query). */
function commandRules(text: string, head: CommandAnalysis, options: AnalyzeOptions): Diagnostic[] {
  const tokens: Token[] = [];
  const first = nextToken(text, head.commandStart, text.length);
  const verb = first.text.toLowerCase();
  // An ingestion's sources may follow `<|`; any other command's query there is not this linter's business.
  const throughPipe = verb.startsWith('.ingest');
  for (let t = first; t.kind !== 'end'; t = nextToken(text, t.end, text.length)) {
    if (t.text === '<|' && t.kind === 'punct' && !throughPipe) break;
    // The managed identity policy's JSON has its own checks (MIP…).
    if (head.payload === undefined || t.start !== head.payload.start) tokens.push(t);
  }
  const out: Diagnostic[] = [];
  append(out, placeholderDiagnostics(text, tokens));
  append(out, connectionStringDiagnostics(tokens));
  append(out, principalDiagnostics(tokens, options.cluster));
  append(out, trailingCommaDiagnostics(tokens));
  if (head.kind === 'create-continuous-export') append(out, exportPropertyDiagnostics(tokens));
  const second = tokens[1]?.text.toLowerCase();
  if (EXPORT_VERBS.has(verb) && second === 'external' && tokens[2]?.text.toLowerCase() === 'table')
    append(out, externalTableDiagnostics(tokens));
  return out;
}

function append(out: Diagnostic[], found: readonly Diagnostic[]): void {
  for (let k = 0; k < found.length; k++) out.push(found[k]);
}

// Always the same fields in the same order: one object shape keeps this hot path fast.
export function result(
  kind: CommandKind,
  commandStart: number,
  target?: { scope: PolicyScope; database?: string },
  policyName?: string,
  payload?: CommandAnalysis['payload'],
  diagnostics: readonly Diagnostic[] = [],
): CommandAnalysis {
  return { kind, commandStart, scope: target?.scope, database: target?.database, policyName, payload, diagnostics };
}

/** A cursor over the block's tokens (a class, not closures: this runs once per command on every keystroke). */
class Tokens {
  private pos = 0;
  constructor(readonly text: string) {}
  next(): Token {
    const t = nextToken(this.text, this.pos, this.text.length);
    this.pos = t.end;
    return t;
  }
}

function lowerWord(t: Token): string {
  return t.kind === 'word' ? t.text.toLowerCase() : '';
}

/** `cluster` or `database NAME` (bare, ['…'] or a <placeholder>). */
function readTarget(t: Token, tokens: Tokens): { scope: PolicyScope; database?: string } | undefined {
  if (t.kind !== 'word') return undefined;
  const w = t.text.toLowerCase();
  if (w === 'cluster') return { scope: 'cluster' };
  if (w !== 'database') return undefined;
  const name = tokens.next();
  if (name.kind === 'word' || name.kind === 'name') return { scope: 'database', database: name.text };
  if (name.kind === 'punct' && (name.text === '<' || name.text === '{')) {
    // A placeholder of one or more words: the command is still read (and its policy checked).
    const close = name.text === '<' ? '>' : '}';
    const words: string[] = [];
    for (let t = tokens.next(); t.kind === 'word' && words.length < 8; t = tokens.next()) {
      words.push(t.text);
      if (tokens.text.startsWith(close, t.end)) {
        tokens.next();
        return { scope: 'database', database: `${name.text}${words.join(' ')}${close}` };
      }
    }
  }
  return undefined;
}

function withPayload(
  text: string,
  command: CommandAnalysis,
  scope: PolicyScope,
  nameToken: Token,
  tokens: Tokens,
  options: AnalyzeOptions,
): CommandAnalysis {
  const arg = tokens.next();
  const { kind, commandStart, database, policyName } = command;
  const target = { scope, database };
  if (arg.kind === 'string' && arg.literal === undefined) return command; // unclosed: the block scanner reports it
  if (arg.kind !== 'string' || arg.literal === undefined) {
    const wrappable = arg.kind === 'punct' && arg.text === '[';
    const at =
      arg.kind === 'end'
        ? { offset: commandStart, length: nameToken.end - commandStart }
        : { offset: arg.start, length: text.length - arg.start };
    return result(kind, commandStart, target, policyName, undefined, [
      diagnostic(
        'KQL003',
        at.offset,
        at.length,
        arg.kind === 'end'
          ? 'The policy text is missing: add it after managed_identity, between ``` and ```.'
          : 'The policy text must be a string literal: put it between ``` and ```.',
        wrappable
          ? replace('Wrap in ``` ```', arg.start, text.length - arg.start, '```' + text.slice(arg.start) + '```')
          : undefined,
      ),
    ]);
  }
  const literal = arg.literal;
  const diagnostics = checkPayload(literal, scope, options);
  const rest = tokens.next();
  if (rest.kind !== 'end') {
    diagnostics.push(
      diagnostic(
        'KQL004',
        rest.start,
        text.length - rest.start,
        'Unexpected text after the policy: the command ends with the policy text.',
      ),
    );
  }
  return result(
    kind,
    commandStart,
    target,
    policyName,
    { start: literal.start, end: literal.end, value: literal.value },
    diagnostics,
  );
}

/**
 * `.alter[-merge] table T policy update <literal>`: the update policy's JSON, checked like a managed identity policy
 * is. The table may be qualified: `Db.T`, `['Db'].T`, `Db.['T']` (the tokenizer cuts such a name at each bracket).
 */
function updatePolicyDiagnostics(text: string, tokens: Tokens): Diagnostic[] {
  let part = tokens.next();
  if (part.kind !== 'word' && part.kind !== 'name') return [];
  let next = tokens.next();
  while (
    (next.kind === 'word' && next.text.startsWith('.')) ||
    (part.kind === 'word' && part.text.endsWith('.') && (next.kind === 'word' || next.kind === 'name'))
  ) {
    part = next;
    next = tokens.next();
  }
  if (lowerWord(next) !== 'policy' || lowerWord(tokens.next()) !== 'update') return [];
  const arg = tokens.next();
  if (arg.kind !== 'string' || arg.literal === undefined) return [];
  const literal = arg.literal;
  const out = validateUpdatePolicy(literal.value).map((d) => toBlock(literal, d));
  const rest = tokens.next();
  if (rest.kind !== 'end')
    out.push(
      diagnostic(
        'KQL004',
        rest.start,
        text.length - rest.start,
        'Unexpected text after the policy: the command ends with the policy text.',
      ),
    );
  return out;
}

function checkPayload(literal: Literal, scope: PolicyScope, options: AnalyzeOptions): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const d of validatePolicy(literal.value, { scope, cluster: options.cluster }))
    diagnostics.push(toBlock(literal, d));
  return diagnostics;
}

/** A diagnostic of the decoded policy, moved to the block's offsets, its fix written for the literal's form. */
function toBlock(literal: Literal, d: Diagnostic): Diagnostic {
  const at = mapRange(literal, d.offset, d.length);
  const moved: Diagnostic = {
    offset: at.offset,
    length: at.length,
    severity: d.severity,
    code: d.code,
    message: d.message,
  };
  if (d.fix === undefined) return moved;
  const f = mapRange(literal, d.fix.offset, d.fix.length);
  return {
    ...moved,
    fix: { title: d.fix.title, offset: f.offset, length: f.length, newText: encodeFor(literal, d.fix.newText) },
  };
}
