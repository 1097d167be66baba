// Code from a sandbox cluster, read back: each format's import drifts nothing against the cluster it came from.
import assert from 'node:assert/strict';
import { exportIac, importIac, IAC_FORMATS } from '../../../src/core/iac';
import { diffSnapshots, formatDrift } from '../../../src/core/workflows/drift';
import { snapshotCluster } from '../../../src/services/workflows/cluster';
import { applyFixes } from '../../../src/services/workflows/run';
import { bench, NOW, type Bench } from '../workflows/helpers';

describe('identity configuration as code against the sandbox: export, import, drift', () => {
  let b: Bench;
  beforeEach(async () => {
    b = await bench();
  });
  afterEach(async () => {
    await b.stop();
  });

  for (const format of IAC_FORMATS) {
    it(`${format}: the code of adxfull reads back to an empty drift against adxfull`, async () => {
      const ref = await b.arm('adxfull');
      const { snapshot } = await snapshotCluster(b.catalog, ref, NOW);
      const code = exportIac(snapshot, format);
      const { snapshot: fromCode, notes } = importIac(code, format);
      assert.deepEqual(notes, [], notes.join('\n'));
      assert.equal(formatDrift(diffSnapshots(fromCode, snapshot)), 'No drift: the cluster matches the snapshot.\n');
      // The code holds what a user cares about: identities, roles, policies, exports.
      assert.ok(fromCode.identity?.userAssigned.length, 'the user-assigned identities');
      assert.ok(fromCode.clusterPolicy.length, 'the cluster policy');
      assert.ok(
        fromCode.databases.some((d) => d.exports.length),
        'the exports',
      );
    });
  }

  it('a change made on the cluster after the export shows as drift from the code', async () => {
    const ref = await b.arm('adxfull');
    const { snapshot } = await snapshotCluster(b.catalog, ref, NOW);
    const code = exportIac(snapshot, 'terraform');
    const db = snapshot.databases.find((d) => d.policy.length)!;
    const done = await applyFixes(b.catalog, ref, [
      {
        text: `.delete database ${db.name} policy managed_identity`,
        scope: 'database',
        database: db.name,
        destructive: true,
      },
    ]);
    assert.ok(done[0].ok, done[0].error);
    const live = (await snapshotCluster(b.catalog, ref, NOW)).snapshot;
    const drift = diffSnapshots(importIac(code, 'terraform').snapshot, live);
    assert.deepEqual(
      drift.map((d) => d.what),
      [`${db.name} policy`],
    );
    assert.match(drift[0].commands[0].text, new RegExp(`^\\.alter database ${db.name} policy managed_identity`));
  });
});
