import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { runCli, type CliIo } from '../../../src/cli/main';
import { GENERATE_SPEC_KINDS } from '../../../src/core/commands';

const ID = '6a2f1c3e-8b4d-4e5f-9a01-23456789abcd';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const SYSTEM_ID = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';

async function generate(
  args: string[],
  files: Record<string, string>,
  stdin = '',
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    readStdin: async () => stdin,
    readFile: async (p) => {
      if (!(p in files)) throw new Error(`ENOENT: no such file '${p}'`);
      return files[p];
    },
  };
  const code = await runCli(['generate', ...args], io);
  return { code, out, err };
}

const stdin = (spec: unknown) => generate(['-'], {}, JSON.stringify(spec));

describe('adx-identity generate', () => {
  it('prints the command of one spec read from a file', async () => {
    const r = await generate(['spec.json'], { 'spec.json': JSON.stringify({ kind: 'show-policy', scope: 'cluster' }) });
    assert.deepEqual(r, { code: 0, out: '.show cluster policy managed_identity\n', err: '' });
  });

  it('prints an array of specs from standard input, one block per command separated by a blank line', async () => {
    const r = await generate(
      [],
      {},
      JSON.stringify([
        { kind: 'show-principals', database: 'Sales' },
        {
          kind: 'add-principal',
          database: 'Sales',
          role: 'viewers',
          principal: { system: true, objectId: SYSTEM_ID, tenant: TENANT },
          notes: 'line 1\nline 2',
        },
        {
          kind: 'alter-policy',
          scope: 'database',
          database: 'Sales',
          entries: [{ objectId: 'system', usages: ['AutomatedFlows'] }],
          merge: true,
        },
      ]),
    );
    assert.equal(r.code, 0);
    assert.equal(
      r.out,
      '.show database Sales principals\n\n' +
        `.add database Sales viewers ('aadapp=${SYSTEM_ID};${TENANT}') 'line 1\\nline 2'\n\n` +
        '.alter-merge database Sales policy managed_identity ```[{"ObjectId":"system","AllowedUsages":"AutomatedFlows"}]```\n',
    );
  });

  it('accepts every principal form', async () => {
    for (const principal of [
      { app: ID, tenant: TENANT },
      { system: true, objectId: SYSTEM_ID, tenant: TENANT },
    ]) {
      const r = await stdin({ kind: 'drop-principal', database: 'D', role: 'admins', principal });
      assert.equal(r.code, 0, r.err);
    }
  });

  const invalid: [string, unknown, RegExp][] = [
    [
      'a missing field',
      { kind: 'show-policy', scope: 'database' },
      /^adx-identity generate: invalid spec: database: is required\n$/,
    ],
    [
      'a field the kind does not have',
      { kind: 'show-principals', database: 'D', scope: 'cluster' },
      /invalid spec: scope: is not a field of this kind/,
    ],
    [
      'database with cluster scope',
      { kind: 'delete-policy', scope: 'cluster', database: 'D' },
      /invalid spec: database: must not be given when scope is "cluster"/,
    ],
    ['an unknown kind', { kind: 'show-everything' }, /invalid spec: kind: must be one of the documented kinds/],
    ['no kind', { database: 'D' }, /invalid spec: kind: is required/],
    [
      'a bad object id',
      { kind: 'alter-policy', scope: 'cluster', entries: [{ objectId: 'me', usages: ['All'] }] },
      /invalid spec: entries\[0\]\.objectId: must be an object id \(GUID\) or "system"/,
    ],
    [
      'an unknown usage',
      { kind: 'alter-policy', scope: 'cluster', entries: [{ objectId: ID, usages: ['Everything'] }] },
      /invalid spec: entries\[0\]\.usages\[0\]: must be one of "All", "AutomatedFlows"/,
    ],
    [
      'SandboxArtifacts at database scope',
      {
        kind: 'alter-policy',
        scope: 'database',
        database: 'D',
        entries: [{ objectId: ID, usages: ['SandboxArtifacts'] }],
      },
      /invalid spec: entries\[0\]\.usages\[0\]: SandboxArtifacts may only be allowed by the cluster-level policy/,
    ],
    [
      'a name the service refuses',
      { kind: 'create-table', database: 'D', name: "it's", columns: [{ name: 'x', type: 'int' }] },
      /invalid spec: name: table "it's" contains '''/,
    ],
    [
      'the system identity without its object id',
      { kind: 'add-principal', database: 'D', role: 'users', principal: { system: true, tenant: TENANT } },
      /invalid spec: principal\.objectId: the system identity needs its object id: pass \{"system": true, "objectId": <objectId>, "tenant": …\}, because the docs name .*ARM identity\.principalId/,
    ],
    [
      'the 2023 form "system"',
      { kind: 'drop-principal', database: 'D', role: 'users', principal: 'system', tenant: TENANT },
      /invalid spec: principal\.objectId: the system identity needs its object id/,
    ],
    [
      'the word system as the object id',
      {
        kind: 'add-principal',
        database: 'D',
        role: 'users',
        principal: { system: true, objectId: 'system', tenant: TENANT },
      },
      /invalid spec: principal\.objectId: the system identity needs its object id/,
    ],
    [
      'an app id that is not a GUID',
      { kind: 'add-principal', database: 'D', role: 'users', principal: { app: 'x', tenant: TENANT } },
      /invalid spec: principal\.app: must be an object id \(GUID\)/,
    ],
    [
      'a bad managed identity for storage',
      {
        kind: 'create-storage-external-table',
        database: 'D',
        name: 'E',
        columns: [{ name: 'x', type: 'int' }],
        format: 'csv',
        uris: ['https://a/b'],
        auth: { managedIdentity: 'mine' },
      },
      /invalid spec: auth\.managedIdentity: must be an object id \(GUID\) or "system"/,
    ],
    [
      'an interval of one minute',
      {
        kind: 'create-continuous-export',
        database: 'D',
        name: 'E',
        externalTable: 'X',
        query: 'T',
        intervalBetweenRuns: '1m',
      },
      /invalid spec: intervalBetweenRuns: must be more than 1 minute/,
    ],
    [
      'a continuous export without its database',
      { kind: 'show-continuous-exports' },
      /invalid spec: database: is required/,
    ],
  ];
  for (const [label, spec, message] of invalid) {
    it(`exits 2 naming the field for ${label}, printing nothing`, async () => {
      const r = await stdin(spec);
      assert.equal(r.code, 2);
      assert.equal(r.out, '');
      assert.match(r.err, message);
    });
  }

  it('names the index of the bad spec in an array', async () => {
    const r = await stdin([
      { kind: 'show-principals', database: 'D' },
      { kind: 'alter-policy', scope: 'cluster', entries: [{ objectId: 'me', usages: ['All'] }] },
    ]);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.match(r.err, /invalid spec \[1\]: entries\[0\]\.objectId/);
  });

  it('exits 2 on invalid JSON, an empty array, a missing file, two files or an unknown option', async () => {
    assert.match((await generate(['-'], {}, '{"kind":')).err, /input is not valid JSON/);
    assert.match((await generate(['-'], {}, '[]')).err, /the array of specs is empty/);
    const missing = await generate(['nope.json'], {});
    assert.equal(missing.code, 2);
    assert.match(missing.err, /cannot read nope\.json: ENOENT/);
    assert.equal((await generate(['a.json', 'b.json'], {})).code, 2);
    assert.match((await generate(['--format', 'x'], {})).err, /unknown option '--format'/);
  });

  it('prints its usage with --help and exits 0', async () => {
    const r = await generate(['--help'], {});
    assert.equal(r.code, 0);
    assert.match(r.out, /^Usage: adx-identity generate \[FILE\|-\]/);
  });
});

describe('docs/cli-generate.md', () => {
  const doc = readFileSync(path.join(__dirname, '../../../docs/cli-generate.md'), 'utf8');
  const examples = [...doc.matchAll(/^### (.+)\n[\s\S]*?^```json\n(.+)\n```\n\n^````kusto\n([\s\S]+?)\n````/gm)];

  it('documents every kind with an example', () => {
    const documented = new Set(examples.map((m) => (JSON.parse(m[2]) as { kind: string }).kind));
    assert.deepEqual(
      GENERATE_SPEC_KINDS.filter((k) => !documented.has(k)),
      [],
    );
  });

  it('every example prints exactly the documented command', async () => {
    assert.ok(examples.length >= GENERATE_SPEC_KINDS.length);
    for (const [, title, spec, command] of examples) {
      const r = await generate(['-'], {}, spec);
      assert.deepEqual(
        { title, code: r.code, out: r.out, err: r.err },
        { title, code: 0, out: `${command}\n`, err: '' },
      );
    }
  });
});
