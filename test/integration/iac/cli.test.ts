// `adx-identity check --flow snapshot --format bicep|terraform|arm` and `--flow drift --from-iac FILE` against the sandbox.
import assert from 'node:assert/strict';
import { startSandbox, type RunningSandbox } from '../../../sandbox';
import { runCli } from '../../../src/cli/main';
import { captureIo } from '../../support/cliIo';

describe('adx-identity check: identity configuration as code (CLI) against the sandbox', () => {
  let sandbox: RunningSandbox;
  before(async () => {
    sandbox = await startSandbox();
  });
  after(async () => {
    await sandbox.stop();
  });
  const base = () => ['check', '--cluster', sandbox.clusters.adxfull, '--now', '2026-11-28T00:00:00Z'];

  for (const [format, file, first] of [
    ['bicep', 'main.bicep', /^\/\/ Identity configuration of/],
    ['terraform', 'main.tf', /^# Identity configuration of/],
    ['arm', 'azuredeploy.json', /^\{\n {2}"\$schema": "https:\/\/schema\.management\.azure\.com/],
  ] as const) {
    it(`snapshot as ${format}, then drift --from-iac ${file}: none; a removed grant: exit 1 with the command`, async () => {
      const snap = captureIo();
      assert.equal(await runCli([...base(), '--flow', 'snapshot', '--format', format], snap), 0, snap.err);
      assert.match(snap.out, first);
      assert.match(snap.out, /managed_identity/);
      const clean = captureIo({ files: { [file]: snap.out } });
      assert.equal(await runCli([...base(), '--flow', 'drift', '--from-iac', file], clean), 0, clean.out + clean.err);
      assert.equal(clean.out, 'No drift: the cluster matches the snapshot.\n');
      assert.equal(clean.err, '');
      const analytics = sandbox.state.clusters.find((c) => c.name === 'adxfull')!.databases[0];
      const saved = analytics.principals;
      analytics.principals = saved.filter((p) => p.principalId !== '0e000002-0000-4000-8000-000000000002');
      try {
        const drifted = captureIo({ files: { [file]: snap.out } });
        assert.equal(await runCli([...base(), '--flow', 'drift', '--from-iac', file], drifted), 1);
        assert.match(
          drifted.out,
          /- Analytics principals: 0e000002-0000-4000-8000-000000000002 is no longer in ingestors\n {4}\.add database Analytics ingestors \('aadapp=0e000002-0000-4000-8000-000000000002;/,
        );
      } finally {
        analytics.principals = saved;
      }
    });
  }

  it('refuses a code format for other flows, and a file with no Kusto resources', async () => {
    const report = captureIo();
    assert.equal(await runCli([...base(), '--flow', 'report', '--format', 'bicep'], report), 2);
    assert.match(report.err, /--format must be/);
    const empty = captureIo({ files: { 'x.tf': 'variable "a" {\n  default = 1\n}\n' } });
    assert.equal(await runCli([...base(), '--flow', 'drift', '--from-iac', 'x.tf'], empty), 2);
    assert.match(empty.err, /--from-iac x\.tf: no Microsoft\.Kusto resources in this terraform file/);
    const both = captureIo();
    assert.equal(await runCli([...base(), '--flow', 'drift', '--from-iac', 'a.tf', '--snapshot', 'b.kql'], both), 2);
    assert.match(both.err, /not both/);
  });
});
