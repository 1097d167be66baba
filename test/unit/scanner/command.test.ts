import assert from 'node:assert/strict';
import { analyzeCommand, checkDocument, scanDocument, type ScannedCommand } from '../../../src/core/scanner';
import { analyzeByTokens } from '../../../src/core/scanner/command';
import { applyFix, only, rangeOf } from '../policy/helpers';

const one = (text: string): ScannedCommand => {
  const commands = scanDocument(text);
  assert.equal(commands.length, 1, JSON.stringify(commands));
  return commands[0];
};
const POLICY = '[{"ObjectId": "system", "AllowedUsages": "AutomatedFlows"}]';

describe('scanner: what each command is', () => {
  const cases: Array<[string, Partial<ScannedCommand>]> = [
    [
      '.show cluster policy managed_identity',
      { kind: 'show-policy', scope: 'cluster', policyName: 'managed_identity' },
    ],
    ['.show database Sales policy managed_identity', { kind: 'show-policy', scope: 'database', database: 'Sales' }],
    [
      ".delete database ['My DB'] policy managed_identity",
      { kind: 'delete-policy', scope: 'database', database: 'My DB' },
    ],
    [
      `.alter database <DatabaseName> policy managed_identity \`\`\`${POLICY}\`\`\``,
      { kind: 'alter-policy', database: '<DatabaseName>' },
    ],
    [
      `.alter-merge cluster policy managed_identity \`\`\`${POLICY}\`\`\``,
      { kind: 'alter-merge-policy', scope: 'cluster' },
    ],
    ['.alter database Db policy streamingingestion enable', { kind: 'alter-policy', policyName: 'streamingingestion' }],
    [
      ".add database Db viewers ('aadapp=system;72f988bf-86f1-41af-91ab-2d7cd011db47')",
      { kind: 'add-principal', database: 'Db' },
    ],
    [".drop cluster AllDatabasesAdmin ('aadapp=x')", { kind: 'drop-principal', scope: 'cluster' }],
    [
      '.create-or-alter continuous-export E to table T with (managedIdentity="system") <| T',
      { kind: 'create-continuous-export' },
    ],
    ['.show databases', { kind: 'other-management' }],
    ['StormEvents | take 10', { kind: 'query' }],
  ];
  for (const [text, expected] of cases) {
    it(`${text.slice(0, 60)} → ${expected.kind}`, () => {
      const c = one(text);
      for (const [k, v] of Object.entries(expected)) assert.equal(c[k as keyof ScannedCommand], v, k);
    });
  }
});

describe('scanner: the policy payload', () => {
  it('finds a ``` payload and maps diagnostics to the document', () => {
    const text =
      '.alter cluster policy managed_identity ```[{"ObjectId": "system_assigned", "AllowedUsages": "All"}]```';
    const c = one(text);
    assert.deepEqual(c.payload && [c.payload.start, c.payload.end], [text.indexOf('```'), text.length]);
    const d = only(checkDocument(text), 'MIP009');
    assert.deepEqual([d.offset, d.length], Object.values(rangeOf(text, 'system_assigned')));
  });
  for (const [form, literal] of [
    ["'…'", `'${POLICY.replace('AutomatedFlows', 'AutomatedFlow')}'`],
    ["h'…'", `h'${POLICY.replace('AutomatedFlows', 'AutomatedFlow')}'`],
    ["@'…'", `@'${POLICY.replace('AutomatedFlows', 'AutomatedFlow')}'`],
    ['"…" with escapes', JSON.stringify(POLICY.replace('AutomatedFlows', 'AutomatedFlow'))],
  ]) {
    it(`decodes the ${form} form and maps the finding and its fix back`, () => {
      const text = `.alter database Db policy managed_identity ${literal}`;
      assert.equal(one(text).payload?.value, POLICY.replace('AutomatedFlows', 'AutomatedFlow'));
      const d = only(checkDocument(text), 'MIP013');
      assert.deepEqual([d.offset, d.length], Object.values(rangeOf(text, 'AutomatedFlow')));
      assert.deepEqual(checkDocument(applyFix(text, d)), []);
    });
  }
  it('re-escapes fix text for a "…" literal', () => {
    const text = `.alter cluster policy managed_identity ${JSON.stringify('[{"ObjectId": "system", "AllowedUsages": ["All"]}]')}`;
    const d = only(checkDocument(text), 'MIP007');
    assert.deepEqual(checkDocument(applyFix(text, d)), []);
  });
  it('maps through doubled quotes in a verbatim literal', () => {
    const text = `.alter cluster policy managed_identity @'[{"ObjectId": "system", "DisplayName": "it''s", "AllowedUsages": "Al"}]'`;
    assert.deepEqual(
      Object.values(rangeOf(text, '"Al"')).map((v, i) => v + [1, -2][i]),
      (({ offset, length }) => [offset, length])(only(checkDocument(text), 'MIP013')),
    );
  });
  it('KQL003 when the policy text is missing, or not a string (with a wrap fix)', () => {
    const missing = '.alter cluster policy managed_identity';
    assert.deepEqual(
      (({ offset, length, severity }) => [offset, length, severity])(only(checkDocument(missing), 'KQL003')),
      [0, missing.length, 'error'],
    );
    const bare = `.alter cluster policy managed_identity ${POLICY}`;
    const d = only(checkDocument(bare), 'KQL003');
    assert.equal(d.offset, bare.indexOf('['));
    assert.deepEqual(checkDocument(applyFix(bare, d)), []);
  });
  it('KQL004 for text after the policy', () => {
    const text = `.alter cluster policy managed_identity \`\`\`${POLICY}\`\`\` extra`;
    assert.deepEqual([only(checkDocument(text), 'KQL004').offset], [text.indexOf('extra')]);
  });
  it('KQL002 for a ``` block that never closes', () => {
    const text = `.alter cluster policy managed_identity \`\`\`${POLICY}\n\n.show databases`;
    const d = only(checkDocument(text), 'KQL002');
    assert.deepEqual([d.offset, d.length, d.severity], [text.indexOf('```'), 3, 'error']);
    const quote = "print x = h@'never closed\n\nT";
    const q = only(checkDocument(quote), 'KQL002');
    assert.deepEqual([q.offset, q.length], [quote.indexOf("h@'"), 3]);
  });
  it('checks database policies at database scope', () => {
    const text =
      '.alter database Db policy managed_identity ```[{"ObjectId": "system", "AllowedUsages": "SandboxArtifacts"}]```';
    only(checkDocument(text), 'MIP014');
    assert.deepEqual(checkDocument(text.replace('database Db', 'cluster')), []);
  });
  it('does not check .show, .delete or other policies', () => {
    assert.deepEqual(
      checkDocument(
        '.show cluster policy managed_identity\n\n.delete database D policy managed_identity\n\n.alter database D policy caching hot = 1d',
      ),
      [],
    );
  });
});

describe('scanner: continuous export', () => {
  it('KQL001 for unquoted managedIdentity=system, with a quoting fix', () => {
    const text =
      '.create-or-alter continuous-export MyExport over (MyTable) to table Ext with (managedIdentity=system, intervalBetweenRuns=1h) <| MyTable';
    const d = only(checkDocument(text), 'KQL001');
    assert.deepEqual([d.offset, d.length, d.severity], [text.indexOf('system'), 6, 'warning']);
    assert.deepEqual(checkDocument(applyFix(text, d)), []);
  });
  it('KQL001 also for an unquoted object id, whatever the property casing', () => {
    const text =
      '.create continuous-export E to table T with (managedidentity=6a3b3c5e-1f2d-4c1e-9a4b-0c2d3e4f5a6b) <| T';
    assert.equal(only(checkDocument(text), 'KQL001').fix?.newText, '"6a3b3c5e-1f2d-4c1e-9a4b-0c2d3e4f5a6b"');
  });
  it('KQL005 for a quoted value that is no identity; the query after <| is not read', () => {
    const text =
      ".create-or-alter continuous-export E to table T with (managedIdentity='me') <| T | extend managedIdentity=system";
    only(checkDocument(text), 'KQL005');
    assert.equal(checkDocument(text).length, 1);
  });
});

describe('scanner: a real-looking script', () => {
  it('finds every command and only the real problems', () => {
    const script = [
      '// 1 - external table',
      ".create external table Ext (x:int, s:string) kind=storage dataformat=csv ( h@'https://acct.blob.core.windows.net/c;impersonate' )",
      '',
      '// 2 - policy, pretty-printed with a blank line inside',
      '.alter database Sales policy managed_identity ```[',
      '    {',
      '      "ObjectId": "system",',
      '',
      '      "AllowedUsages": "AutomatedFlows"',
      '    }',
      ']```',
      '',
      ".add database Sales viewers ('aadapp=system;72f988bf-86f1-41af-91ab-2d7cd011db47')",
      '',
      '.create-or-alter continuous-export Exp over (T) to table Ext with (managedIdentity=system) <| T',
      '',
      "T | where s == 'a",
      '',
      "b' | take 1",
      '',
      '.show database Sales policy managed_identity',
    ].join('\n');
    assert.deepEqual(
      scanDocument(script).map((c) => c.kind),
      ['other-management', 'alter-policy', 'add-principal', 'create-continuous-export', 'query', 'show-policy'],
    );
    // aadapp=system is the 2023 docs' form: the current docs name the system identity by its object id.
    assert.deepEqual(
      checkDocument(script).map((d) => d.code),
      ['PRN004', 'KQL001'],
    );
  });
});

describe('scanner: the one-regex reading of common policy commands', () => {
  const heads = [
    '.alter cluster policy managed_identity ',
    '.alter-merge cluster policy managed_identity\n',
    '// why\n// and why not\n.alter database Sales policy managed_identity ',
    ".alter database ['My DB'] policy managed_identity ",
    '.alter database [ "Db-2" ] policy managed_identity ',
    '  \n.alter-merge database Db.x policy   managed_identity  ',
  ];
  const payloads = [
    '```[]```',
    '```[{"ObjectId": "system_assigned", "AllowedUsages": "Al"}]```',
    '```[{"ObjectId": "system", "AllowedUsages": "SandboxArtifacts"}]```',
    '```[{"ObjectId": "system"}]``` // trailing comment',
    '```[] ``` junk',
  ];
  for (const head of heads) {
    for (const payload of payloads) {
      it(`reads ${JSON.stringify((head + payload).slice(0, 70))} as the token reader does`, () => {
        const text = head + payload;
        assert.deepEqual(analyzeCommand(text), analyzeByTokens(text));
      });
    }
  }
});
