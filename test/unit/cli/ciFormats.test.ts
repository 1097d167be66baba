import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import { annotation, escapeData, escapeProperty } from '../../../src/cli/formats/github';
import { junitXml, xml } from '../../../src/cli/formats/junit';
import { sarifErrors } from '../../support/sarif';
import { checkDocument } from '../../../src/core/scanner';
import { generateCorpus } from '../../../bench/corpus';
import { captureIo, type CapturedIo } from '../../support/cliIo';

function fakeIo(env?: NodeJS.ProcessEnv): CapturedIo {
  return captureIo({ env, readFile: async (p) => readFileSync(p, 'utf8') });
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: {
    physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: Record<string, number> };
  }[];
  fixes?: {
    description: { text: string };
    artifactChanges: { replacements: { deletedRegion: Record<string, number>; insertedContent: { text: string } }[] }[];
  }[];
}
interface SarifRule {
  id: string;
  help: { text: string };
  defaultConfiguration: { level: string };
}

describe('CI formats: lint', () => {
  let dir: string;
  let bad: string;
  let good: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'adx-ci-'));
    bad = join(dir, 'bad setup.kql');
    good = join(dir, 'good.kql');
    writeFileSync(
      bad,
      [
        '// 😀 two UTF-16 units before the policy',
        '.alter cluster policy managed_identity ```[',
        '  {"ObjectId": "system_assigned", "AllowedUsages": "AutomatedFlows, All"}',
        ']```',
      ].join('\n'),
    );
    writeFileSync(
      good,
      '.alter cluster policy managed_identity ```[{"ObjectId": "system", "AllowedUsages": "All"}]```\n',
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('--format sarif is valid SARIF 2.1.0 with rules (help and fix), regions and the certain fix; exit code unchanged', async () => {
    const io = fakeIo();
    assert.equal(await runCli(['lint', '--format', 'sarif', bad, good], io), 1);
    const log = JSON.parse(io.out) as {
      version: string;
      runs: { tool: { driver: { name: string; rules: SarifRule[] } }; results: SarifResult[] }[];
    };
    assert.deepEqual(sarifErrors(log), []);
    // The validator is live: a result without a message is not SARIF.
    const broken = structuredClone(log) as unknown as { runs: { results: { message?: unknown }[] }[] };
    delete broken.runs[0].results[0].message;
    assert.notDeepEqual(sarifErrors(broken), []);
    assert.equal(log.version, '2.1.0');
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'adx-identity');
    const mip009 = run.results.find((r) => r.ruleId === 'MIP009')!;
    assert.equal(mip009.level, 'error');
    assert.equal(run.tool.driver.rules[mip009.ruleIndex].id, 'MIP009');
    const loc = mip009.locations[0].physicalLocation;
    assert.equal(loc.artifactLocation.uri, `file://${encodeURI(bad)}`);
    assert.deepEqual(loc.region, { startLine: 3, startColumn: 17, endLine: 3, endColumn: 32 });
    const fix = mip009.fixes![0];
    assert.match(fix.description.text, /system/);
    assert.equal(fix.artifactChanges[0].replacements[0].insertedContent.text, 'system');
    const rule = run.tool.driver.rules[mip009.ruleIndex];
    assert.match(rule.help.text, /system_assigned.*Fix \(certain/);
    assert.equal(rule.defaultConfiguration.level, 'error');
    const warning = run.results.find((r) => r.ruleId === 'MIP102')!;
    assert.equal(warning.level, 'warning');
  });

  it('every finding and certain fix stands at the lines and columns of its offsets, over several lines too', async () => {
    // Pretty policies with mistakes span lines; their fixes stand before, inside and after the finding's own range.
    const text =
      generateCorpus(600, 9).text +
      '\n.alter database D policy managed_identity [\n  {"ObjectId": "system", "AllowedUsages": "All"}\n]\n';
    const file = join(dir, 'mixed.kql');
    writeFileSync(file, text);
    const io = fakeIo();
    assert.equal(await runCli(['lint', '--format', 'sarif', file], io), 1);
    const results = (JSON.parse(io.out) as { runs: { results: SarifResult[] }[] }).runs[0].results;
    const expected = checkDocument(text);
    assert.equal(results.length, expected.length);
    const at = (offset: number) => {
      const before = text.slice(0, offset);
      return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
    };
    const region = (offset: number, length: number) => {
      const [s, e] = [at(offset), at(offset + length)];
      return { startLine: s.line, startColumn: s.column, endLine: e.line, endColumn: e.column };
    };
    let multiLine = 0;
    let fixes = 0;
    expected.forEach((d, i) => {
      const found = results[i].locations[0].physicalLocation.region;
      assert.deepEqual(found, region(d.offset, d.length), `${d.code} at ${d.offset}`);
      if (found.endLine > found.startLine) multiLine++;
      if (d.fix === undefined) return;
      fixes++;
      const replaced = results[i].fixes![0].artifactChanges[0].replacements[0].deletedRegion;
      assert.deepEqual(replaced, region(d.fix.offset, d.fix.length), `${d.code} fix at ${d.fix.offset}`);
    });
    assert.ok(multiLine > 0 && fixes > 5, `${multiLine} findings over several lines, ${fixes} fixes`);
  });

  it('a relative path stays relative to the checkout, and a clean run is still a valid (empty) log', async () => {
    const io = fakeIo();
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      assert.equal(await runCli(['lint', '--format', 'sarif', 'good.kql'], io), 0);
    } finally {
      process.chdir(cwd);
    }
    const log = JSON.parse(io.out) as { runs: { results: unknown[]; tool: { driver: { rules: unknown[] } } }[] };
    assert.deepEqual(sarifErrors(log), []);
    assert.deepEqual([log.runs[0].results, log.runs[0].tool.driver.rules], [[], []]);
  });

  it('--format junit: a suite per file, an error a failure, a clean file one passing case', async () => {
    const io = fakeIo();
    assert.equal(await runCli(['lint', '--format', 'junit', bad, good], io), 1);
    assert.match(
      io.out,
      /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="adx-identity lint" tests="3" failures="1" errors="0" skipped="0">/,
    );
    assert.match(
      io.out,
      /<testcase name="MIP009 at 3:17" classname="[^"]*bad setup\.kql">\n\s+<failure message="&apos;system_assigned&apos; is not how/,
    );
    assert.match(
      io.out,
      /<testsuite name="[^"]*good\.kql" tests="1" failures="0"[^>]*>\n\s+<testcase name="no findings"/,
    );
  });

  it('GITHUB_ACTIONS=true adds escaped ::error annotations to the text form only', async () => {
    const gh = fakeIo({ GITHUB_ACTIONS: 'true' });
    assert.equal(await runCli(['lint', bad], gh), 1);
    const annotations = gh.out.split('\n').filter((l) => l.startsWith('::'));
    assert.equal(annotations.length, 2);
    assert.match(
      annotations[0],
      /^::error file=[^,]*bad setup\.kql,line=3,col=17,endLine=3,endColumn=32,title=MIP009::'system_assigned' is not how/,
    );
    assert.match(annotations[1], /^::warning file=.*title=MIP102::/);
    const sarif = fakeIo({ GITHUB_ACTIONS: 'true' });
    await runCli(['lint', '--format', 'sarif', bad], sarif);
    assert.doesNotThrow(() => JSON.parse(sarif.out));
    const plain = fakeIo();
    await runCli(['lint', bad], plain);
    assert.ok(!plain.out.includes('::'));
  });

  it('a bad --format names the four choices and exits 2', async () => {
    const io = fakeIo();
    assert.equal(await runCli(['lint', '--format', 'xml', good], io), 2);
    assert.match(io.err, /--format must be text, json, sarif, junit, not 'xml'/);
  });
});

describe('CI formats: escaping', () => {
  it('annotations escape %, CR, LF in the message and also : and , in properties', () => {
    assert.equal(escapeData('100% done\r\nnext'), '100%25 done%0D%0Anext');
    assert.equal(escapeProperty('a:b,c%'), 'a%3Ab%2Cc%25');
    assert.equal(
      annotation({ level: 'warning', file: 'dir,x/a:b.kql', line: 2, message: 'two\nlines', title: 'T,1' }),
      '::warning file=dir%2Cx/a%3Ab.kql,line=2,title=T%2C1::two%0Alines\n',
    );
    assert.equal(annotation({ level: 'notice', message: 'm' }), '::notice::m\n');
  });

  it('JUnit escapes markup and drops characters XML cannot hold', () => {
    assert.equal(xml(`<a href="x">'&'</a>\u0001`), '&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
    const text = junitXml('n', [{ name: 's', cases: [{ name: 'c', classname: 'k', skipped: 'why\nnot' }] }]);
    assert.match(text, /skipped="1">\n\s+<testsuite name="s" tests="1" failures="0" errors="0" skipped="1">/);
    assert.match(text, /<skipped message="why not"\/>/);
  });
});
