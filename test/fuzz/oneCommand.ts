// Through the CLI (`generate`: JSON Schema, then the builders): hostile queries, URIs, tenants and usages either get a
// clear refusal or come out as exactly ONE command, split as Kusto Explorer and lint split (blank lines), and read by
// the official parser as the intended kind. Valid queries with blank lines and comments stay valid after normalising.
import * as fc from 'fast-check';
import { generate } from '../../src/cli/generate';
import { allBlocks } from '../../src/core/scanner/blocks';
import { USAGES } from '../../src/core/usages';
import { describeJudgement, judge } from '../support/kustoJudge';

const separator = fc.constantFrom(
  '',
  ' ',
  '\n',
  '\n\n',
  '\n \n',
  '\r\n\r\n',
  '\n\t\n\n',
  '\n// a note\n',
  '\n\n// a note\n\n',
);
const operator = fc.constantFrom(
  '| take 1',
  "| where s == 'a b'",
  '| where s != "q\'s"',
  '| extend m = ```x\ny```',
  '| project s',
  "| where s has h@'secret'",
);
/** Queries the service accepts, with blank lines and comments between operators. */
export const validQuery: fc.Arbitrary<string> = fc
  .array(fc.tuple(separator, operator), { maxLength: 5 })
  .map((parts) => `T${parts.map(([sep, op]) => `${sep}${op}`).join('')}`);

const hostileFragment = fc.constantFrom(
  '\n\n.drop table Important ifexists',
  '\n.drop table Important ifexists',
  '\n\n',
  '\r\n \r\n',
  '```',
  '```\n\n```',
  "'",
  '"',
  '\n\n"',
  "h@'",
  '//',
  '\u2028\u2028',
  '\u0000',
  ';',
  '<|',
);
/** A valid query with hostile pieces mixed in: blank lines, commands, unclosed and multi-line strings. */
export const hostileQuery: fc.Arbitrary<string> = fc
  .tuple(validQuery, fc.array(fc.oneof(hostileFragment, operator, separator), { maxLength: 6 }))
  .map(([q, tail]) => q + tail.join(''));

const uri = fc.oneof(
  fc.constantFrom(
    'https://acct.blob.core.windows.net/container',
    'https://acct.blob.core.windows.net/container/folder',
    'abfss://fs@acct.dfs.core.windows.net/path',
    'https://user:key@acct.blob.core.windows.net/c',
    'https://acct.blob.core.windows.net/c?sv=2024&sig=abc',
    'https://acct.blob.core.windows.net/c;KEY==',
    'https://acct.blob.core.windows.net/c\n\n.drop table T',
    "https://acct.blob.core.windows.net/c'",
  ),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
);
const tenant = fc.oneof(
  fc.uuid(),
  fc.constantFrom('contoso.onmicrosoft.com', 'a;b', 'x\n\ny', "contoso.com'", '', 'system'),
);
const usage = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...USAGES.map((u) => u.name)) },
  { weight: 1, arbitrary: fc.constantFrom('all', 'Export Request', 'ExportRequest\n\n.drop table T', "'") },
);
const objectId = fc.oneof(fc.uuid(), fc.constant('system'), fc.constantFrom('not-a-guid', '\n\n'));

interface Case {
  readonly spec: Record<string, unknown>;
  readonly kind: string;
  /** The whole command must be accepted (a valid query): no diagnostics, nothing skipped. */
  readonly valid: boolean;
}

const exportCase = fc
  .tuple(
    fc.oneof(
      validQuery.map((q) => [q, true] as const),
      hostileQuery.map((q) => [q, false] as const),
    ),
    objectId,
  )
  .map(([[query, valid], identity]): Case => ({
    spec: {
      kind: 'create-continuous-export',
      database: 'Db',
      name: 'E',
      externalTable: 'X',
      query,
      managedIdentity: identity,
    },
    kind: 'CreateOrAlterContinuousExport',
    valid: valid && (identity === 'system' || /^[0-9a-f-]{36}$/i.test(identity)),
  }));
const storageCase = fc.tuple(fc.array(uri, { minLength: 1, maxLength: 2 }), objectId).map(([uris, id]): Case => ({
  spec: {
    kind: 'create-storage-external-table',
    database: 'Db',
    name: 'E',
    columns: [{ name: 'x', type: 'int' }],
    format: 'csv',
    uris,
    auth: id === 'system' ? 'impersonate' : { managedIdentity: id },
  },
  kind: 'CreateStorageExternalTable',
  valid: false,
}));
const principalCase = fc
  .tuple(tenant, fc.oneof(objectId, fc.constant('system-word')), fc.constantFrom('viewers', 'admins', 'nobody'))
  .map(([t, id, role]): Case => ({
    spec: {
      kind: 'add-principal',
      database: 'Db',
      role,
      principal: id === 'system-word' ? 'system' : { app: id, tenant: t },
      tenant: t,
    },
    kind: 'AddDatabaseRole',
    valid: false,
  }));
const policyCase = fc
  .tuple(
    fc.boolean(),
    fc.boolean(),
    fc.array(fc.tuple(objectId, fc.array(usage, { minLength: 1, maxLength: 3 })), { minLength: 1, maxLength: 2 }),
  )
  .map(([cluster, merge, entries]): Case => ({
    spec: {
      kind: 'alter-policy',
      scope: cluster ? 'cluster' : 'database',
      ...(cluster ? {} : { database: 'Db' }),
      merge,
      entries: entries.map(([id, usages]) => ({ objectId: id, usages })),
    },
    kind: `Alter${merge ? 'Merge' : ''}${cluster ? 'Cluster' : 'Database'}PolicyManagedIdentity`,
    valid: false,
  }));

export const generateCase: fc.Arbitrary<Case> = fc.oneof(
  { weight: 3, arbitrary: exportCase },
  { weight: 1, arbitrary: storageCase },
  { weight: 1, arbitrary: principalCase },
  { weight: 1, arbitrary: policyCase },
);

/** Refused with a message, or one block that the parser reads as one command of the intended kind. */
export function checkGenerated(c: Case): void {
  const out = generate(JSON.stringify(c.spec));
  if ('error' in out) {
    if (c.valid) throw new Error(`a valid spec was refused: ${out.error}\n${JSON.stringify(c.spec)}`);
    return;
  }
  if (out.commands.length !== 1) throw new Error(`one spec gave ${out.commands.length} commands`);
  const text = out.commands[0];
  const blocks = allBlocks(text);
  if (blocks.length !== 1)
    throw new Error(`split into ${blocks.length} commands on blank lines: ${JSON.stringify(text)}`);
  const result = judge(text);
  if (result.commands.length !== 1 || result.commands[0] !== c.kind || result.unknownCommand) {
    throw new Error(
      `expected one ${c.kind}, the parser read ${JSON.stringify(result.commands)}: ${JSON.stringify(text)}`,
    );
  }
  if (c.valid && (result.diagnostics.length || result.skipped.length)) throw new Error(describeJudgement(text, result));
}

export const oneCommandProperty = fc.property(generateCase, checkGenerated);
