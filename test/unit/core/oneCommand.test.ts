// Generated text is exactly one command for tools that split on blank lines, whichever path user text takes: the
// builders, `generate` (JSON Schema + builders), the export wizard's plan and the readiness fixes.
import * as assert from 'node:assert/strict';
import { runCli, type CliIo } from '../../../src/cli/main';
import { generate } from '../../../src/cli/generate';
import {
  buildCreateOrAlterContinuousExportCommand,
  buildCreateStorageExternalTableCommand,
  buildCreateTableCommand,
  singleCommandQuery,
} from '../../../src/core/commands';
import { KqlInputError } from '../../../src/core/kql';
import { planContinuousExport } from '../../../src/core/operations/exportPlan';
import { buildRecreateExportCommand } from '../../../src/core/workflows/exportCommand';
import { functionsConnectionString } from '../../../src/core/workflows/generators';
import type { ClusterFacts } from '../../../src/core/workflows/types';
import { allBlocks } from '../../../src/core/scanner/blocks';
import { judge } from '../../support/kustoJudge';

const HOSTILE = 'T | take 1\n\n.drop table Important ifexists';
const exportSpec = (query: string) => ({
  kind: 'create-continuous-export',
  database: 'Db',
  name: 'E',
  externalTable: 'X',
  query,
});

/** One block for the splitter, one command of `kind` for the official parser. */
function assertOneCommand(text: string, kind: string): void {
  assert.equal(allBlocks(text).length, 1, `split on blank lines: ${JSON.stringify(text)}`);
  const r = judge(text);
  assert.deepEqual(r.commands, [kind]);
  assert.equal(r.unknownCommand, false);
}

describe('one generated command, never two', function () {
  this.timeout(60_000);

  it('a blank line in an export query no longer leaves a .drop as a second command (builder)', () => {
    const { text } = buildCreateOrAlterContinuousExportCommand({
      database: 'Db',
      name: 'E',
      externalTable: 'X',
      query: HOSTILE,
    });
    assertOneCommand(text, 'CreateOrAlterContinuousExport');
    assert.ok(!/\n[ \t\r]*\n/.test(text), text);
  });

  it('blank lines and comments between operators are removed and the query stays valid', () => {
    const query = "T\n\n| where s == 'a b'\r\n \r\n// keep this note\n\n| take 1";
    const { text } = buildCreateOrAlterContinuousExportCommand({
      database: 'Db',
      name: 'E',
      externalTable: 'X',
      query,
    });
    assert.ok(text.endsWith("<| T\n| where s == 'a b'\n// keep this note\n| take 1"), text);
    assert.deepEqual(judge(text).diagnostics, []);
  });

  it('a blank line inside a multi-line string of the query is refused, naming the field and the line', () => {
    assert.throws(
      () => singleCommandQuery('T\n| extend m = ```one\n\ntwo```'),
      (e: unknown) =>
        e instanceof KqlInputError && e.field === 'query' && /multi-line string \(line 3\)/.test(e.message),
    );
    // A line break without a blank line inside the literal is kept as it is.
    assert.equal(singleCommandQuery('T\n| extend m = ```one\ntwo```'), 'T\n| extend m = ```one\ntwo```');
  });

  it('generate prints one command for a query with a blank line, and refuses one inside a multi-line string', () => {
    const out = generate(JSON.stringify(exportSpec(HOSTILE)));
    assert.ok('commands' in out);
    assertOneCommand(out.commands[0], 'CreateOrAlterContinuousExport');
    const refused = generate(JSON.stringify(exportSpec('T | extend m = ```a\n\nb```')));
    assert.ok('error' in refused && /query: has a blank line inside a multi-line string/.test(refused.error));
  });

  it('the export wizard plan and the readiness fix recreating an export give one command', () => {
    const facts: ClusterFacts = {
      name: 'c',
      uri: 'http://127.0.0.1:1',
      arm: false,
      errors: {},
      databases: [{ name: 'Db', errors: {}, externalTables: [] }],
    };
    const plan = planContinuousExport(facts, {
      export: { database: 'Db', name: 'E', externalTable: 'X', query: HOSTILE },
    });
    const create = plan.steps.find((s) => s.command?.text.startsWith('.create-or-alter'));
    assert.ok(create?.command, JSON.stringify(plan));
    assertOneCommand(create.command.text, 'CreateOrAlterContinuousExport');
    const fix = buildRecreateExportCommand('Db', {
      name: 'E',
      externalTableName: 'X',
      query: HOSTILE,
      cursorScopedTables: [],
      exportProperties: {},
      managedIdentity: 'system',
      isDisabled: false,
    });
    assertOneCommand(fix.text, 'CreateOrAlterContinuousExport');
  });

  it('a builder that would still produce a blank line refuses instead of emitting two commands', () => {
    assert.throws(
      () => buildCreateTableCommand('Db', 'T', [{ name: 'x', type: 'int\n\n.drop table T' }]),
      KqlInputError,
    );
  });
});

describe('length rules count characters (code points), not UTF-16 units', function () {
  this.timeout(60_000);
  // U+20000, a CJK letter outside the BMP: one character, two UTF-16 units.
  const wide = '\u{20000}';

  it('a name of 1024 letters outside the BMP (2048 UTF-16 units) is accepted by the builder, the schema and the parser; 1025 is refused', () => {
    const name = wide.repeat(1024);
    const { text } = buildCreateTableCommand('Db', name, [{ name: 'x', type: 'int' }]);
    assert.equal(judge(text).names[0], name);
    const spec = (n: string) => JSON.stringify({ kind: 'show-principals', database: n });
    assert.ok('commands' in generate(spec(name)));
    const tooLong = generate(spec(wide.repeat(1025)));
    assert.ok('error' in tooLong && /1024/.test(tooLong.error), JSON.stringify(tooLong));
  });
});

describe('generate reads a spec file saved with a byte order mark', () => {
  it('prints the command', async () => {
    let out = '';
    const io: CliIo = {
      stdout: (t) => {
        out += t;
      },
      stderr: () => undefined,
      readStdin: async () => '',
      readFile: async () => `\uFEFF${JSON.stringify({ kind: 'show-policy', scope: 'cluster' })}`,
    };
    assert.equal(await runCli(['generate', 'spec.json'], io), 0);
    assert.equal(out, '.show cluster policy managed_identity\n');
  });
});

describe('a URI carrying credentials is refused', () => {
  const storage = (uri: string) => ({
    database: 'Db',
    name: 'E',
    columns: [{ name: 'x', type: 'int' }],
    format: 'csv',
    uris: [uri],
    auth: 'impersonate' as const,
  });

  it('by the builder and by generate (schema), with a message that says why', () => {
    assert.throws(
      () => buildCreateStorageExternalTableCommand(storage('https://user:key@acct.blob.core.windows.net/c')),
      /uris\[0\]: carries credentials/,
    );
    const out = generate(
      JSON.stringify({
        kind: 'create-storage-external-table',
        ...storage('https://user:key@acct.blob.core.windows.net/c'),
      }),
    );
    assert.ok('error' in out && /uris\[0\]: must be a storage URI without credentials/.test(out.error));
    // ADLS Gen2 names its file system before an @: that form stays allowed.
    assert.ok(buildCreateStorageExternalTableCommand(storage('abfss://fs@acct.dfs.core.windows.net/p')).text);
    assert.ok(
      'commands' in
        generate(
          JSON.stringify({
            kind: 'create-storage-external-table',
            ...storage('abfss://fs@acct.dfs.core.windows.net/p'),
          }),
        ),
    );
  });

  it('for a Functions connection string', () => {
    assert.throws(() => functionsConnectionString('https://u:p@c.kusto.windows.net', 'Db'), /carries credentials/);
  });
});
