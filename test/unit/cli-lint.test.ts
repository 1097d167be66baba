import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';
import { captureIo, type CapturedIo } from '../support/cliIo';

function fakeIo(): CapturedIo {
  return captureIo({ readFile: async (p) => readFileSync(p, 'utf8') });
}

describe('adx-identity lint', () => {
  let dir: string;
  let bad: string;
  let good: string;
  let warn: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'adx-lint-'));
    bad = join(dir, 'bad.kql');
    good = join(dir, 'good.kql');
    warn = join(dir, 'warn.kql');
    writeFileSync(
      bad,
      [
        '// 😀 emoji before the policy: columns count UTF-16 units',
        '.alter cluster policy managed_identity ```[',
        '  {"ObjectId": "system_assigned", "AllowedUsages": "AutomatedFlows"}',
        ']```',
        '',
        '.create-or-alter continuous-export E to table T with (managedIdentity=system) <| T',
      ].join('\n'),
    );
    writeFileSync(
      good,
      '.alter cluster policy managed_identity ```[{"ObjectId": "system", "AllowedUsages": "All"}]```\n\nT | take 1\n',
    );
    writeFileSync(
      warn,
      '.alter cluster policy managed_identity ```[{"ObjectId": "system", "AllowedUsages": "All, All"}]```\n',
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints path:line:column: severity: message [CODE] and exits 1 on an error', async () => {
    const io = fakeIo();
    assert.equal(await runCli(['lint', bad], io), 1);
    const lines = io.out.trimEnd().split('\n');
    assert.equal(lines.length, 2);
    assert.match(
      lines[0],
      new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:17: error: .*system_assigned.* \\[MIP009\\]$`),
    );
    assert.match(lines[1], /:6:71: warning: .* \[KQL001\]$/);
  });
  it('--format json gives 1-based lines and UTF-16 columns with an exclusive end', async () => {
    const io = fakeIo();
    assert.equal(await runCli(['lint', '--format', 'json', bad], io), 1);
    const findings = JSON.parse(io.out) as Array<Record<string, unknown>>;
    assert.deepEqual(findings[0], {
      file: bad,
      line: 3,
      column: 17,
      endLine: 3,
      endColumn: 32,
      severity: 'error',
      code: 'MIP009',
      message: "'system_assigned' is not how the policy names the system-assigned identity: write 'system'.",
    });
    assert.deepEqual(Object.keys(findings[1]), [
      'file',
      'line',
      'column',
      'endLine',
      'endColumn',
      'severity',
      'code',
      'message',
    ]);
  });
  it('counts a character outside the BMP as two columns', async () => {
    const file = join(dir, 'emoji.kql');
    writeFileSync(
      file,
      '.alter cluster policy managed_identity ```[{"DisplayName": "😀", "ObjectId": "x", "AllowedUsages": "All"}]```',
    );
    const io = fakeIo();
    await runCli(['lint', '--format=json', file], io);
    const [info, error] = JSON.parse(io.out) as Array<{ column: number; code: string }>;
    assert.equal(info.code, 'MIP201');
    assert.equal(error.code, 'MIP008');
    assert.equal(
      error.column,
      '.alter cluster policy managed_identity ```[{"DisplayName": "😀", "ObjectId": "'.length + 1,
    );
  });
  it('exits 0 for a clean file and prints nothing', async () => {
    const io = fakeIo();
    assert.equal(await runCli(['lint', good], io), 0);
    assert.equal(io.out, '');
  });
  it('exits 0 when there are only warnings', async () => {
    const io = fakeIo();
    assert.equal(await runCli(['lint', warn], io), 0);
    assert.match(io.out, /warning: .* \[MIP101\]/);
  });
  it('lints several files in one run', async () => {
    const io = fakeIo();
    assert.equal(await runCli(['lint', good, warn, bad], io), 1);
    assert.deepEqual(
      io.out
        .trimEnd()
        .split('\n')
        .map((l) => l.split(':')[0]),
      [warn, bad, bad],
    );
  });
  it('exits 2 for a missing file, still linting the others', async () => {
    const io = fakeIo();
    assert.equal(await runCli(['lint', join(dir, 'nope.kql'), warn], io), 2);
    assert.match(io.err, /cannot read .*nope\.kql/);
    assert.match(io.out, /MIP101/);
  });
  for (const args of [['--format', 'xml', 'a.kql'], ['--format'], ['--fix', 'a.kql'], []]) {
    it(`exits 2 for a usage error: lint ${args.join(' ')}`, async () => {
      const io = fakeIo();
      assert.equal(await runCli(['lint', ...args], io), 2);
      assert.match(io.err, /Usage: adx-identity lint/);
      assert.equal(io.out, '');
    });
  }
  it('takes names after -- as files', async () => {
    const io = fakeIo();
    assert.equal(await runCli(['lint', '--', good], io), 0);
  });

  it("--official-parser adds the official parser's syntax errors (code KUSTO), and a missing parser is a usage error", async function () {
    this.timeout(90_000); // the parser loads in ~3 s on a quiet machine, many times that on a busy one
    const typo = join(dir, 'typo.kql');
    writeFileSync(typo, '// fine for the policy rules\n.show databses\n\n.show databases\n');
    const parserDir = join(__dirname, '..', '..', 'node_modules', '@kusto', 'language-service-next');
    assert.equal(await runCli(['lint', typo], fakeIo()), 0);
    const io = { ...fakeIo(), parserDir };
    const withParser = fakeIo();
    assert.equal(
      await runCli(['lint', '--official-parser', '--format', 'json', typo], { ...withParser, parserDir }),
      1,
    );
    const findings = JSON.parse(withParser.out) as {
      line: number;
      column: number;
      severity: string;
      code: string;
      message: string;
    }[];
    assert.ok(
      findings.length > 0 &&
        findings.every(
          (f) => f.line === 2 && f.code === 'KUSTO' && f.severity === 'error' && /\(official parser\)$/.test(f.message),
        ),
      JSON.stringify(findings),
    );
    assert.ok(findings[0].column > '.show'.length, JSON.stringify(findings));
    assert.equal(await runCli(['lint', '--official-parser', good], { ...io }), 0);
    const missing = fakeIo();
    assert.equal(await runCli(['lint', '--official-parser', typo], { ...missing, parserDir: dir }), 2);
    assert.match(missing.err, /the official Kusto parser could not be loaded: .*bridge\.min\.js/);
  });
});
