// `with (name=value, …)` of continuous exports and external tables, and the external table's partitions and data
// format: the names, types and quoting the docs and the official parser accept.
import { isGuid } from '../guid';
import { diagnostic, replace } from '../policy/make';
import type { Diagnostic } from '../policy/types';
import { editDistance } from '../policy/usageText';
import { isPunct, type Token } from './lexer';

type Kind = 'timespan' | 'long' | 'bool' | 'string' | 'identity';
const EXPORT_PROPERTIES: Record<string, { name: string; kind: Kind; values?: readonly string[] }> = {};
for (const [name, kind, values] of [
  ['intervalBetweenRuns', 'timespan'],
  ['forcedLatency', 'timespan'],
  ['sizeLimit', 'long'],
  ['distributed', 'bool'],
  ['distribution', 'string', ['single', 'per_node', 'per_shard']],
  ['distributionKind', 'string', ['uniform', 'default']],
  ['parquetRowGroupSize', 'long'],
  ['isDisabled', 'bool'],
  ['managedIdentity', 'identity'],
] as const)
  EXPORT_PROPERTIES[name.toLowerCase()] = { name, kind, values: values as readonly string[] | undefined };

/** What the bundled official parser accepts after `dataformat=` (lower case only). */
export const DATA_FORMATS = [
  'apacheavro', 'avro', 'azmonstream', 'csv', 'json', 'multijson', 'orc', 'parquet', 'psv', 'raw', 'scsv', 'sohsv',
  'tsv', 'tsve', 'txt', 'w3clogfile',
]; // prettier-ignore
const PARTITION_TYPES = ['datetime', 'long', 'string'];
const TIMESPAN =
  /^\d+(\.\d+)?(d|h|m|s|ms|microsecond|microseconds|tick|ticks|min|minute|minutes|sec|second|seconds|hr|hrs|hour|hours|day|days)$/i;

/**
 * The `(…)` after `with` (before `<|`): [start, end) token indexes of its inside, or undefined. Only a `with (` outside
 * every other bracket counts: a column or table named `with` (in the schema or the over-list) is not the list.
 */
function withList(tokens: readonly Token[]): [number, number] | undefined {
  let i = 0;
  for (let depth = 0; i < tokens.length && !isPunct(tokens[i], '<|'); i++) {
    if (depth === 0 && tokens[i].kind === 'word' && lower(tokens[i]) === 'with' && isPunct(tokens[i + 1], '(')) break;
    if (isPunct(tokens[i], '(')) depth++;
    else if (isPunct(tokens[i], ')') && depth > 0) depth--;
  }
  if (tokens[i]?.kind !== 'word') return undefined;
  let k = i + 2;
  for (let depth = 0; k < tokens.length && !isPunct(tokens[k], '<|'); k++) {
    if (isPunct(tokens[k], '(')) depth++;
    else if (isPunct(tokens[k], ')') && depth-- === 0) break;
  }
  return [i + 2, k];
}

/** `with (a=1, b=2, )`: the official parser rejects the trailing comma. */
export function trailingCommaDiagnostics(tokens: readonly Token[]): Diagnostic[] {
  const range = withList(tokens);
  if (range === undefined || range[1] <= range[0]) return [];
  const last = tokens[range[1] - 1];
  if (!isPunct(last, ',') || !isPunct(tokens[range[1]], ')')) return [];
  return [
    diagnostic(
      'KQL008',
      last.start,
      1,
      'A trailing comma in the with (…) list: the official parser rejects it.',
      replace('Remove the trailing comma', last.start, 1, ''),
    ),
  ];
}

/** Each `name = value` of the with-list; value is the first token after `=`. */
function properties(tokens: readonly Token[]): { name: Token; value: Token; next?: Token }[] {
  const range = withList(tokens);
  if (range === undefined) return [];
  const out: { name: Token; value: Token; next?: Token }[] = [];
  for (let k = range[0]; k + 2 < range[1] + 1; k++) {
    if (tokens[k].kind === 'word' && isPunct(tokens[k + 1], '=') && k + 2 < range[1])
      out.push({ name: tokens[k], value: tokens[k + 2], next: tokens[k + 3] });
  }
  return out;
}

function lower(t: Token): string {
  return t.text.toLowerCase();
}

function isBareWord(t: Token): boolean {
  return t.kind === 'word' && !/^(true|false)$/i.test(t.text) && !/^-?\d/.test(t.text);
}

function quoteIt(value: Token): Diagnostic {
  return diagnostic(
    'KQL007',
    value.start,
    value.end - value.start,
    `Quote the value: "${value.text}". The official parser rejects an unquoted word as a property value.`,
    replace('Quote the value', value.start, value.end - value.start, `"${value.text}"`),
  );
}

export function exportPropertyDiagnostics(tokens: readonly Token[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const { name, value, next } of properties(tokens)) {
    const known = EXPORT_PROPERTIES[lower(name)];
    if (known === undefined) {
      out.push(unknownProperty(name));
      if (isBareWord(value) && !TIMESPAN.test(value.text)) out.push(quoteIt(value));
      continue;
    }
    if (known.kind === 'identity') out.push(...identity(value));
    else {
      const problem = typeProblem(known.kind, value, next, known.values);
      if (problem) out.push(diagnostic('CEX002', value.start, value.end - value.start, `${known.name}: ${problem}`));
      else if (known.kind === 'string' && value.kind === 'word') out.push(quoteIt(value));
    }
  }
  return out;
}

function unknownProperty(name: Token): Diagnostic {
  const key = lower(name);
  const known = Object.values(EXPORT_PROPERTIES);
  const byDistance = known.map((p) => ({ p, d: editDistance(p.name.toLowerCase(), key) })).sort((a, b) => a.d - b.d);
  const byPrefix = known.map((p) => ({ p, n: commonPrefix(p.name.toLowerCase(), key) })).sort((a, b) => b.n - a.n);
  // A near miss is certain; a shared beginning (`intervalInMinutes` → `intervalBetweenRuns`) is a suggestion only.
  const certain = byDistance[0].d <= 2 ? byDistance[0].p : undefined;
  const closest = certain ?? (byPrefix[0].n >= 3 ? byPrefix[0].p : undefined);
  return diagnostic(
    'CEX001',
    name.start,
    name.end - name.start,
    `'${name.text}' is not a continuous-export property${closest ? `: the closest known one is '${closest.name}'` : ''} (known: ${known.map((p) => p.name).join(', ')}).`,
    certain ? replace(`Rename to ${certain.name}`, name.start, name.end - name.start, certain.name) : undefined,
  );
}

function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && a[n] === b[n]) n++;
  return n;
}

function typeProblem(
  kind: Kind,
  value: Token,
  next: Token | undefined,
  values?: readonly string[],
): string | undefined {
  const text = value.text;
  switch (kind) {
    case 'timespan':
      if (value.kind === 'word' && (TIMESPAN.test(text) || (/^(time|timespan)$/i.test(text) && isPunct(next, '('))))
        return undefined;
      if (value.kind === 'string' && TIMESPAN.test(text)) return undefined;
      return `'${text}' is not a timespan: write it like 5m, 1h or time(00:05:00).`;
    case 'long':
      return /^\d+$/.test(text) && value.kind === 'word'
        ? undefined
        : `'${text}' is not a number (bytes, e.g. 104857600).`;
    case 'bool':
      return /^(true|false)$/i.test(text) ? undefined : `'${text}' is not true or false.`;
    default:
      return values && !values.includes(text) ? `'${text}' is not one of ${values.join(', ')}.` : undefined;
  }
}

/** managedIdentity: quoted, and an object id or system (KQL001 / KQL005); a placeholder is left to KQL006. */
function identity(value: Token): Diagnostic[] {
  const length = value.end - value.start;
  if (value.kind === 'word' && (value.text === 'system' || isGuid(value.text)))
    return [
      diagnostic(
        'KQL001',
        value.start,
        length,
        `Quote the identity: managedIdentity="${value.text}". The official parser rejects the unquoted form the docs show.`,
        replace('Quote the value', value.start, length, `"${value.text}"`),
      ),
    ];
  if ((value.kind === 'word' || value.kind === 'string') && value.text !== 'system' && !isGuid(value.text)) {
    if (value.kind === 'word' && /x{4}/i.test(value.text)) return [];
    return [
      diagnostic(
        'KQL005',
        value.start,
        length,
        `managedIdentity must be an identity's object id (a GUID) or "system", not '${value.text}'${value.kind === 'word' ? ' (and quoted)' : ''}.`,
      ),
    ];
  }
  return [];
}

/** `.create|.alter|.create-or-alter external table …`: partition column types, data format, with-list quoting. */
export function externalTableDiagnostics(tokens: readonly Token[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.kind !== 'word') continue;
    if (lower(t) === 'partition' && lower(tokens[k + 1] ?? t) === 'by' && isPunct(tokens[k + 2], '('))
      k = partitions(tokens, k + 3, out);
    else if (lower(t) === 'dataformat' && isPunct(tokens[k + 1], '=') && tokens[k + 2]?.kind === 'word')
      out.push(...dataFormat(tokens[k + 2]));
  }
  for (const { value } of properties(tokens)) if (isBareWord(value)) out.push(quoteIt(value));
  return out;
}

function partitions(tokens: readonly Token[], from: number, out: Diagnostic[]): number {
  let depth = 0;
  let k = from;
  for (let expectType = false; k < tokens.length; k++) {
    const t = tokens[k];
    if (isPunct(t, '(')) depth++;
    else if (isPunct(t, ')') && depth-- === 0) break;
    else if (depth === 0 && isPunct(t, ':')) expectType = true;
    else if (expectType) {
      expectType = false;
      if (t.kind === 'word' && !PARTITION_TYPES.includes(lower(t)))
        out.push(
          diagnostic(
            'EXT002',
            t.start,
            t.end - t.start,
            `A partition column is a datetime, long or string, not ${t.text}${/^(int|real|double|decimal)$/i.test(t.text) ? ' (use long)' : ''}.`,
          ),
        );
    }
  }
  return k;
}

function dataFormat(t: Token): Diagnostic[] {
  if (DATA_FORMATS.includes(t.text)) return [];
  const lowered = t.text.toLowerCase();
  const near = DATA_FORMATS.includes(lowered)
    ? lowered
    : DATA_FORMATS.map((f) => ({ f, d: editDistance(f, lowered) })).sort((a, b) => a.d - b.d)[0];
  const fix = typeof near === 'string' ? near : near.d <= 1 ? near.f : undefined;
  const hint = typeof near === 'string' ? near : near.d <= 2 ? near.f : undefined;
  return [
    diagnostic(
      'EXT003',
      t.start,
      t.end - t.start,
      `'${t.text}' is not a data format the parser knows${hint ? `: did you mean '${hint}'?` : ''} (known, in lower case: ${DATA_FORMATS.join(', ')}).`,
      fix ? replace(`Write ${fix}`, t.start, t.end - t.start, fix) : undefined,
    ),
  ];
}
