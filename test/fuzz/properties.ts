// Properties shared by the unit run (a few hundred cases) and the long fuzz run: hostile names and text must either be
// refused with a clear error or be written so the official parser reads them back unchanged.
import * as fc from 'fast-check';
import * as c from '../../src/core/commands';
import { KqlInputError, KqlNameError, KQL_KEYWORDS } from '../../src/core/kql';
import { USAGES } from '../../src/core/usages';
import { describeJudgement, isAccepted, judge } from '../support/kustoJudge';
import { oneCommandProperty } from './oneCommand';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const ID = '6a2f1c3e-8b4d-4e5f-9a01-23456789abcd';

// An independent reading of the naming rules (deliberately not the implementation's regex).
function serviceAcceptsName(name: string): boolean {
  if (name.length === 0 || [...name].length > 1024 || name.startsWith(' ') || name.endsWith(' ')) return false;
  return [...name].every(
    (ch) => ch === '_' || ch === ' ' || ch === '.' || ch === '-' || /\p{L}|\p{M}|\p{Nd}/u.test(ch),
  );
}

const nameFragments = fc.constantFrom(
  'a',
  'Z',
  '_',
  '0',
  '9',
  ' ',
  '.',
  '-',
  "'",
  '"',
  '[',
  ']',
  '(',
  ')',
  '\\',
  '|',
  ';',
  ',',
  '`',
  '\n',
  '\t',
  '\u0000',
  'é',
  'ß',
  'Ж',
  '名',
  '\u0301',
  '😀',
  '١',
  'where',
  'table',
  'database',
  'and',
  'let',
  'policy',
  'system',
  '<|',
  '//',
);
/** Names built from hostile pieces: quotes, brackets, backslashes, unicode, keywords, digits, spaces, dots, dashes. */
export const hostileName: fc.Arbitrary<string> = fc.oneof(
  fc.array(nameFragments, { minLength: 0, maxLength: 8 }).map((parts) => parts.join('')),
  fc.constantFrom(...[...KQL_KEYWORDS].slice(0, 200)),
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.stringMatching(/^[A-Za-z0-9_ .-]{1,12}$/),
);

/** Mostly names the service accepts (with spaces, dots, dashes, unicode, keywords), sometimes hostile ones. */
export const mostlyValidName: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.stringMatching(/^[A-Za-zé名_0-9][A-Za-zé名_0-9 .-]{0,10}[A-Za-z_0-9.-]$|^[A-Za-z]$/) },
  { weight: 1, arbitrary: fc.constantFrom(...[...KQL_KEYWORDS].slice(0, 200)) },
  { weight: 1, arbitrary: hostileName },
);

const textFragments = fc.constantFrom(
  "'",
  '"',
  '\\',
  '\n',
  '\r\n',
  '\t',
  '|',
  '<|',
  '```',
  '`',
  '//',
  '/*',
  "h@'",
  "@'",
  ';',
  ']',
  '[',
  '\u0000',
  '\u2028',
  '\ud800',
  '\udc00',
  'é',
  '😀',
  ' ',
  'x',
  'impersonate',
  '\\u0041',
  '\\n',
  "''",
);
/** Any text: hostile fragments mixed with arbitrary code points (lone surrogates included). */
export const hostileText: fc.Arbitrary<string> = fc
  .array(fc.oneof(textFragments, fc.string({ unit: 'binary', maxLength: 4 })), { maxLength: 10 })
  .map((parts) => parts.join(''));

type NamePlace = (name: string) => { command: c.ManagementCommand; index: number };
const NAME_PLACES: readonly NamePlace[] = [
  (n) => ({ command: c.buildShowDatabasePrincipalsCommand(n), index: 0 }),
  (n) => ({ command: c.buildShowPolicyCommand({ scope: 'database', database: n }), index: 0 }),
  (n) => ({ command: c.buildCreateTableCommand('Db', n, [{ name: 'x', type: 'int' }]), index: 0 }),
  (n) => ({ command: c.buildCreateTableCommand('Db', 'T', [{ name: n, type: 'string' }]), index: 1 }),
  (n) => ({ command: c.buildShowExportFailuresCommand('Db', n), index: 0 }),
  (n) => ({
    command: c.buildCreateOrAlterContinuousExportCommand({
      database: 'Db',
      name: 'E',
      externalTable: n,
      query: 'T',
      overTables: [n],
    }),
    index: 2,
  }),
  (n) => ({
    command: c.buildAddPrincipalCommand(n, 'viewers', {
      kind: 'system',
      objectId: '11111111-1111-4111-8111-111111111111',
      tenant: TENANT,
    }),
    index: 0,
  }),
  (n) => ({
    command: c.buildCreateSqlExternalTableCommand({
      database: 'Db',
      name: 'E',
      columns: [{ name: 'x', type: 'int' }],
      sqlTable: n,
      connectionString: 'Server=s',
    }),
    index: 2,
  }),
];

function fail(message: string): never {
  throw new Error(message);
}

/** A valid name round-trips through every place a name is written; an invalid one is refused, never emitted. */
export function checkName(name: string, place: number): void {
  const build = NAME_PLACES[place % NAME_PLACES.length];
  let built: ReturnType<NamePlace>;
  try {
    built = build(name);
  } catch (e) {
    if (!(e instanceof KqlNameError)) throw e;
    if (serviceAcceptsName(name)) fail(`valid name ${JSON.stringify(name)} refused: ${e.message}`);
    return;
  }
  if (!serviceAcceptsName(name)) fail(`invalid name ${JSON.stringify(name)} was written: ${built.command.text}`);
  const result = judge(built.command.text);
  if (!isAccepted(result)) fail(describeJudgement(built.command.text, result));
  if (result.names[built.index] !== name)
    fail(`name read back as ${JSON.stringify(result.names[built.index])}, wrote ${JSON.stringify(name)}`);
}

/** Any text round-trips as principal notes (plain literal) and as a SQL connection string (obfuscated literal). */
export function checkText(text: string, asConnectionString: boolean): void {
  if (asConnectionString && text.trim() === '') {
    let refused = false;
    try {
      c.buildCreateSqlExternalTableCommand({
        database: 'Db',
        name: 'E',
        columns: [{ name: 'x', type: 'int' }],
        sqlTable: 'S',
        connectionString: text,
      });
    } catch (e) {
      refused = e instanceof KqlInputError;
    }
    if (!refused) fail(`blank connection string ${JSON.stringify(text)} was not refused`);
    return;
  }
  const command = asConnectionString
    ? c.buildCreateSqlExternalTableCommand({
        database: 'Db',
        name: 'E',
        columns: [{ name: 'x', type: 'int' }],
        sqlTable: 'S',
        connectionString: text,
      })
    : c.buildAddPrincipalCommand('Db', 'users', { kind: 'app', objectId: ID, tenant: TENANT }, text);
  const result = judge(command.text);
  if (!isAccepted(result)) fail(describeJudgement(command.text, result));
  const value = result.strings[asConnectionString ? 0 : 1];
  if (value !== text)
    fail(`text read back as ${JSON.stringify(value)}, wrote ${JSON.stringify(text)} in ${command.text}`);
}

export const policyInput = fc.record({
  database: fc.option(mostlyValidName, { nil: undefined }),
  entries: fc.array(
    fc.record({
      objectId: fc.oneof(
        { weight: 4, arbitrary: fc.oneof(fc.uuid(), fc.constant('system')) },
        { weight: 1, arbitrary: hostileText },
      ),
      usages: fc.subarray(
        USAGES.map((u) => u.name),
        { minLength: 1 },
      ),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  merge: fc.boolean(),
});

/** A policy command is either refused with an input error or accepted, with the policy JSON read back intact. */
export function checkPolicy(input: {
  database?: string;
  entries: { objectId: string; usages: string[] }[];
  merge: boolean;
}): void {
  const target =
    input.database === undefined
      ? { scope: 'cluster' as const }
      : { scope: 'database' as const, database: input.database };
  let command: c.ManagementCommand;
  try {
    command = c.buildAlterPolicyCommand(target, input.entries, { merge: input.merge });
  } catch (e) {
    if (e instanceof KqlInputError) return;
    throw e;
  }
  const result = judge(command.text);
  if (!isAccepted(result)) fail(describeJudgement(command.text, result));
  const expected = input.entries.map((e) => ({
    ObjectId: e.objectId.toLowerCase() === 'system' ? 'system' : e.objectId,
    AllowedUsages: e.usages.join(','),
  }));
  if (result.strings.at(-1) !== JSON.stringify(expected)) fail(`policy read back as ${result.strings.at(-1)}`);
}

const timespan = fc.oneof(
  fc
    .tuple(fc.integer({ min: 0, max: 500 }), fc.constantFrom('d', 'h', 'm', 's', 'ms', 'hours', 'minutes', 'tick'))
    .map(([n, u]) => `${n}${u}`),
  fc
    .tuple(
      fc.integer({ min: 0, max: 30 }),
      fc.integer({ min: 0, max: 23 }),
      fc.integer({ min: 0, max: 59 }),
      fc.integer({ min: 0, max: 59 }),
    )
    .map(
      ([d, h, m, s]) =>
        `${d ? `${d}.` : ''}${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`,
    ),
  fc.string({ maxLength: 6 }),
);

export const exportInput = fc.record({
  name: mostlyValidName,
  externalTable: mostlyValidName,
  overTables: fc.option(fc.array(mostlyValidName, { minLength: 1, maxLength: 3 }), { nil: undefined }),
  managedIdentity: fc.option(fc.oneof(fc.uuid(), fc.constant('system')), { nil: undefined }),
  intervalBetweenRuns: fc.option(timespan, { nil: undefined }),
  forcedLatency: fc.option(timespan, { nil: undefined }),
  sizeLimit: fc.option(fc.integer({ min: 100 * 1024 ** 2 - 10, max: 1024 ** 3 + 10 }), { nil: undefined }),
  distributed: fc.option(fc.boolean(), { nil: undefined }),
  distribution: fc.option(fc.constantFrom('single', 'per_node', 'per_shard' as const), { nil: undefined }),
  parquetRowGroupSize: fc.option(fc.integer({ min: 1, max: 2 ** 31 - 1 }), { nil: undefined }),
  isDisabled: fc.option(fc.boolean(), { nil: undefined }),
});

/** A continuous export is either refused with an input error or accepted by the parser, names read back. */
export function checkExport(input: Omit<c.ContinuousExportInput, 'database' | 'query'>): void {
  let command: c.ManagementCommand;
  try {
    command = c.buildCreateOrAlterContinuousExportCommand({ ...input, database: 'Db', query: 'T | take 10' });
  } catch (e) {
    if (e instanceof KqlInputError) return;
    throw e;
  }
  const result = judge(command.text);
  if (!isAccepted(result)) fail(describeJudgement(command.text, result));
  const names = [input.name, ...(input.overTables ?? []), input.externalTable];
  if (JSON.stringify(result.names.slice(0, names.length)) !== JSON.stringify(names)) {
    fail(`names read back as ${JSON.stringify(result.names)}, wrote ${JSON.stringify(names)}`);
  }
}

export interface PropertyRun {
  readonly failed: boolean;
  readonly numRuns: number;
  readonly counterexample: string | undefined;
  readonly error: string | undefined;
  readonly seed: number;
}

function runner<Ts extends [unknown, ...unknown[]]>(property: fc.IPropertyWithHooks<Ts>) {
  return (numRuns: number, seed: number): PropertyRun => {
    const details = fc.check(property, { numRuns, seed });
    return {
      failed: details.failed,
      numRuns: details.numRuns,
      counterexample: details.counterexample ? fc.stringify(details.counterexample) : undefined,
      error: details.errorInstance instanceof Error ? details.errorInstance.message : undefined,
      seed: details.seed,
    };
  };
}

/** Every property with its share of the runs; the unit run and the fuzz run both iterate this. */
export const PROPERTIES: readonly {
  name: string;
  weight: number;
  run: (numRuns: number, seed: number) => PropertyRun;
}[] = [
  { name: 'names', weight: 4, run: runner(fc.property(hostileName, fc.nat(), checkName)) },
  { name: 'string literals', weight: 2, run: runner(fc.property(hostileText, fc.constant(false), checkText)) },
  { name: 'connection strings', weight: 2, run: runner(fc.property(hostileText, fc.constant(true), checkText)) },
  { name: 'policies', weight: 1, run: runner(fc.property(policyInput, checkPolicy)) },
  { name: 'continuous exports', weight: 1, run: runner(fc.property(exportInput, checkExport)) },
  { name: 'one command through generate (schema + builders)', weight: 2, run: runner(oneCommandProperty) },
];

export const TOTAL_WEIGHT = PROPERTIES.reduce((sum, p) => sum + p.weight, 0);
