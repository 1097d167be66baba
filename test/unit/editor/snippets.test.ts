// snippets/kusto.json is generated from src/core/editor/snippets.ts; every snippet must parse as the service parses it.
// UPDATE_SNAPSHOTS=1 npx mocha test/unit/editor/snippets.test.ts rewrites the JSON file.
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expandWithDefaults, kustoSnippets, renderSnippetFile } from '../../../src/core/editor/snippets';
import { USAGES } from '../../../src/core/usages';
import { judge } from '../../support/kustoJudge';
import { validatePolicy } from '../../../src/core/policy';
import { checkDocument, readLiteral } from '../../../src/core/scanner';

const file = join(__dirname, '..', '..', '..', 'snippets', 'kusto.json');

describe('snippets', () => {
  it('snippets/kusto.json matches its generator', () => {
    const expected = renderSnippetFile();
    if (process.env.UPDATE_SNAPSHOTS === '1') writeFileSync(file, expected);
    assert.equal(
      readFileSync(file, 'utf8'),
      expected,
      'regenerate with UPDATE_SNAPSHOTS=1 npx mocha test/unit/editor/snippets.test.ts',
    );
  });

  it('are found by the words a user types', () => {
    const prefixes = Object.values(kustoSnippets()).flatMap((s) => s.prefix);
    for (const word of ['policy', 'export', 'principal', 'identity', 'streaming', 'update-policy']) {
      assert.ok(
        prefixes.some((p) => p.startsWith(word)),
        `no snippet prefix starts with ${word}`,
      );
    }
  });

  it('offer every valid usage, SandboxArtifacts only at cluster scope', () => {
    const snippets = kustoSnippets();
    const cluster = snippets['Cluster managed identity policy: alter (replaces it)'].body.join('\n');
    const database = snippets['Database managed identity policy: alter (replaces it)'].body.join('\n');
    for (const u of USAGES) {
      assert.ok(cluster.includes(u.name), `cluster snippet lacks ${u.name}`);
      assert.equal(database.includes(u.name), u.allowedAtDatabaseScope, `database snippet and ${u.name}`);
    }
  });

  it('always quote managedIdentity', () => {
    for (const s of Object.values(kustoSnippets())) {
      assert.doesNotMatch(s.body.join('\n'), /managedIdentity=[^"]/);
    }
  });

  it('expand with their defaults to commands the official parser accepts', function () {
    this.timeout(120_000);
    for (const [name, s] of Object.entries(kustoSnippets())) {
      const text = expandWithDefaults(s.body);
      assert.doesNotMatch(text, /\$\{|\$\d/, `${name}: unexpanded placeholder`);
      const verdict = judge(text);
      assert.deepEqual([...verdict.diagnostics, ...verdict.skipped], [], `${name}:\n${text}`);
      assert.equal(verdict.unknownCommand, false, `${name}: not a command the parser knows:\n${text}`);
      assert.equal(verdict.commands.length, 1, `${name}: ${verdict.commands.join(', ')}`);
    }
  });

  it('expand to policies the validator accepts', () => {
    let checked = 0;
    for (const [name, s] of Object.entries(kustoSnippets())) {
      const text = expandWithDefaults(s.body);
      const start = text.indexOf('```');
      if (start < 0 || !name.includes('managed identity policy')) continue;
      const literal = readLiteral(text, start);
      assert.ok(literal, name);
      assert.deepEqual(
        validatePolicy(literal.value, { scope: name.startsWith('Cluster') ? 'cluster' : 'database' }),
        [],
        name,
      );
      checked++;
    }
    assert.equal(checked, 4, 'alter and alter-merge, cluster and database');
  });

  it('the update policy snippet expands to a policy its own checks accept', () => {
    const text = expandWithDefaults(
      kustoSnippets()['Update policy: alter, running as a managed identity (replaces it)'].body,
    );
    const literal = readLiteral(text, text.indexOf('```'));
    assert.ok(literal);
    assert.deepEqual(checkDocument(text), []);
    assert.match(literal.value, /"ManagedIdentity": "system"/);
  });

  it('the parser oracle does reject a broken command', () => {
    assert.notDeepEqual(
      judge('.create-or-alter continuous-export E to table X with (managedIdentity=system) <| T').diagnostics,
      [],
    );
  });
});
