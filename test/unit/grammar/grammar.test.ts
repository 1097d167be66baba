// Grammar snapshot tests (kuskus style): each sample under samples/ has a readable token snapshot under snapshots/.
// UPDATE_SNAPSHOTS=1 rewrites them; review the diff before committing. One regression-*.kql sample per bug.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderSnapshot, root, scopesOf, tokenize } from './tokenize';

const samples = join(__dirname, 'samples');
const snapshots = join(__dirname, 'snapshots');
const update = process.env.UPDATE_SNAPSHOTS === '1';

describe('Kusto grammar snapshots', () => {
  for (const file of readdirSync(samples)
    .filter((f) => f.endsWith('.kql'))
    .sort()) {
    it(file, async () => {
      const text = readFileSync(join(samples, file), 'utf8').replace(/\n$/, '');
      const actual = renderSnapshot(text, await tokenize(text));
      const snap = join(snapshots, file.replace(/\.kql$/, '.snap.txt'));
      if (update) {
        mkdirSync(snapshots, { recursive: true });
        writeFileSync(snap, actual);
        return;
      }
      assert.ok(
        existsSync(snap),
        `missing snapshot ${snap}: run UPDATE_SNAPSHOTS=1 npx mocha test/unit/grammar and review it`,
      );
      assert.equal(actual, readFileSync(snap, 'utf8'));
    });
  }
});

describe('Kusto grammar', () => {
  it('highlights the policy payload with the JSON grammar', async () => {
    const lines = await tokenize(
      '.alter cluster policy managed_identity ```[{"ObjectId": "system", "AllowedUsages": "All"}]```',
    );
    assert.ok(scopesOf(lines, 'ObjectId').includes('support.type.property-name.json'));
    assert.ok(scopesOf(lines, 'system').includes('string.quoted.double.json'));
    assert.ok(scopesOf(lines, 'system').includes('meta.embedded.block.json'));
  });

  it('keeps JSON scopes across the lines of a multi-line payload', async () => {
    const lines = await tokenize(
      '.alter-merge database Db policy managed_identity ```\n[\n  {"ObjectId": "system",\n\n "AllowedUsages": "All"}\n]\n```\nT | take 1',
    );
    assert.ok(scopesOf(lines, 'AllowedUsages').includes('support.type.property-name.json'));
    assert.ok(scopesOf(lines, 'take').includes('keyword.other.query.kusto'));
    assert.ok(!scopesOf(lines, 'take').includes('meta.embedded.block.json'));
  });

  it('does not treat a non-policy ``` string as JSON', async () => {
    const lines = await tokenize('print x = ```{"a": 1}```');
    assert.ok(scopesOf(lines, '{"a": 1}').includes('string.quoted.multi.kusto'));
  });

  it('marks the command verb, GUIDs, timespans and the identity in connection strings', async () => {
    const lines = await tokenize(
      ".create external table T (x:int) kind=storage dataformat=csv ( h@'https://a/c;managed_identity=1f3a3c2e-8d2b-4b57-9f6e-0c1d2e3f4a5b' )",
    );
    assert.ok(scopesOf(lines, '.create').includes('keyword.control.command.kusto'));
    assert.ok(scopesOf(lines, 'managed_identity').includes('keyword.other.auth.kusto'));
    assert.ok(scopesOf(lines, 'h').includes('storage.modifier.obfuscated.kusto'));
    const q = await tokenize('T | where t > ago(1d) and id == "x" | extend g = 1f3a3c2e-8d2b-4b57-9f6e-0c1d2e3f4a5b');
    assert.ok(scopesOf(q, '1d').includes('constant.numeric.timespan.kusto'));
    assert.ok(scopesOf(q, '1f3a3c2e-8d2b-4b57-9f6e-0c1d2e3f4a5b').includes('constant.other.guid.kusto'));
  });

  it('is contributed to the kusto language with JSON as an embedded language', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      contributes: {
        grammars?: { language?: string; scopeName: string; path: string; embeddedLanguages?: Record<string, string> }[];
      };
    };
    const g = manifest.contributes.grammars?.find((x) => x.scopeName === 'source.kusto');
    assert.ok(g, 'package.json contributes no source.kusto grammar');
    assert.equal(g.language, 'kusto');
    assert.equal(g.path, './syntaxes/kusto.tmLanguage.json');
    assert.equal(g.embeddedLanguages?.['meta.embedded.block.json'], 'json');
  });
});
