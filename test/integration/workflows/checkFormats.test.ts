// `adx-identity check` in the CI formats against the sandbox: SARIF validated against the 2.1.0 schema, JUnit, annotations.
import assert from 'node:assert/strict';
import { startSandbox, type RunningSandbox } from '../../../sandbox';
import { runCli } from '../../../src/cli/main';
import { sarifErrors } from '../../support/sarif';
import { captureIo, type CapturedIo } from '../../support/cliIo';

function fakeIo(env?: NodeJS.ProcessEnv, files: Record<string, string> = {}): CapturedIo {
  return captureIo({ env, files });
}

describe('adx-identity check in CI formats (sandbox)', () => {
  let sandbox: RunningSandbox;
  before(async () => {
    sandbox = await startSandbox();
  });
  after(async () => {
    await sandbox.stop();
  });
  const args = (name: string, ...more: string[]) => [
    'check',
    '--cluster',
    sandbox.clusters.adxfull,
    '--database',
    'Analytics',
    '--flow',
    'continuous-export',
    '--export',
    name,
    '--now',
    '2026-11-28T00:00:00Z',
    ...more,
  ];

  it('--format sarif: valid SARIF 2.1.0, the failed prerequisite an error with its fix command; exit 1 as before', async () => {
    const io = fakeIo();
    assert.equal(await runCli(args('ArchiveJoin', '--format', 'sarif'), io), 1);
    const log = JSON.parse(io.out) as {
      runs: {
        tool: { driver: { rules: { id: string }[] } };
        results: {
          ruleId: string;
          level: string;
          message: { text: string };
          locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
          properties?: { commands: { text: string; database?: string }[] };
        }[];
      }[];
    };
    assert.deepEqual(sarifErrors(log), []);
    const viewer = log.runs[0].results.find(
      (r) => r.ruleId === 'continuous-export/role-viewer' && r.level === 'error',
    )!;
    assert.match(viewer.message.text, /id-adx-export holds Database Viewer on Archive/);
    assert.match(viewer.properties!.commands[0].text, /^\.add database Archive viewers \('aadapp=0e000001-/);
    assert.equal(viewer.properties!.commands[0].database, 'Archive');
    assert.equal(viewer.locations[0].physicalLocation.artifactLocation.uri, `${sandbox.clusters.adxfull}/Analytics`);
    assert.ok(log.runs[0].tool.driver.rules.some((r) => r.id === 'continuous-export/role-viewer'));
  });

  it('--format junit: one case per check, the failed one a failure with the fix in its text', async () => {
    const io = fakeIo();
    assert.equal(await runCli(args('ArchiveJoin', '--format', 'junit'), io), 1);
    assert.match(
      io.out,
      /<testsuite name="continuous-export on 127\.0\.0\.1:\d+\/Analytics" tests="\d+" failures="[1-9]\d*"/,
    );
    assert.match(
      io.out,
      /<testcase name="id-adx-export holds Database Viewer on Archive" classname="continuous-export\.role-viewer">\n\s+<failure message="[^"]*" type="role-viewer">[^<]*fix \(in Archive\): \.add database Archive viewers \(&apos;aadapp=0e000001-/,
    );
  });

  it('GITHUB_ACTIONS=true: text plus one ::error per failed check, pointing at --script when given', async () => {
    const script = 'exports/archive.kql';
    const text = `.create-or-alter continuous-export ArchiveJoin to table ArchiveOut with (managedIdentity="${'0e000001-0000-4000-8000-000000000001'}") <| Events\n`;
    const io = fakeIo({ GITHUB_ACTIONS: 'true' }, { [script]: text });
    assert.equal(await runCli(args('ArchiveJoin', '--script', script), io), 1);
    assert.match(io.out, /^continuous-export on /);
    const errors = io.out.split('\n').filter((l) => l.startsWith('::error '));
    assert.ok(errors.length >= 1);
    assert.ok(errors.every((l) => l.startsWith(`::error file=${script},title=continuous-export%3A `)));
    assert.ok(
      errors.some((l) =>
        /holds Database Viewer on Archive::.*%0Afix \(in Archive\): \.add database Archive viewers/.test(l),
      ),
      errors.join('\n'),
    );
  });

  it('report / snapshot / drift refuse sarif and junit (usage error, exit 2)', async () => {
    const io = fakeIo();
    const code = await runCli(
      ['check', '--cluster', sandbox.clusters.adxfull, '--flow', 'report', '--format', 'sarif'],
      io,
    );
    assert.equal(code, 2);
    assert.match(io.err, /--flow report writes text or json, not sarif/);
  });
});
