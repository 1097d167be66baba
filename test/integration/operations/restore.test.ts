// Restore is itself a replacing change: it compares with the live state, saves that first, and only then puts the saved
// state back. Backups belong to a cluster by URI.
import assert from 'node:assert/strict';
import { EXPORT_ID, opsBench, type OpsBench } from './helpers';

describe('operations: restore against the sandbox', function () {
  this.timeout(60_000);
  let b: OpsBench;
  before(async () => {
    b = await opsBench();
  });
  after(async () => {
    await b.stop();
  });

  it('shows what the live policy loses, saves it first, then restores the saved one', async () => {
    const ref = await b.ref('adxsystem');
    const cluster = { scope: 'cluster' } as const;
    const before = await b.ops.readPolicy(ref, cluster);
    const proposal = await b.ops.proposePolicy(ref, cluster, { kind: 'delete' });
    const applied = await b.ops.applyPolicy(ref, proposal);
    assert.ok(applied.status === 'applied' && applied.saved);
    // Someone adds an identity meanwhile: restoring the saved policy would take it away again.
    const added = await b.ops.proposePolicy(ref, cluster, {
      kind: 'add',
      entries: [{ objectId: 'system', usages: ['SqlRequest'] }],
    });
    await b.ops.applyPolicy(ref, added);
    const now = await b.ops.readPolicy(ref, cluster);

    const restore = await b.ops.proposeRestore(ref, applied.saved);
    assert.deepEqual(restore.live, now);
    assert.ok(
      restore.losses.some((l) => l.objectId === 'system' && l.removedUsages.includes('SqlRequest')),
      JSON.stringify(restore.losses),
    );
    const report = await b.ops.restore(ref, applied.saved);
    assert.ok(!report.failed);
    assert.deepEqual(await b.ops.readPolicy(ref, cluster), before);
    // The policy the restore replaced is the newest backup of this cluster: restoring again brings it back.
    const newest = b.ops.saved.list(ref.cluster)[0];
    assert.ok(newest.kind === 'policy');
    assert.deepEqual(newest.entries, now);
    assert.equal(newest.clusterUri, ref.cluster.uri);
  });

  it('keeps the backups of two clusters with one name apart, by URI', async () => {
    const ref = await b.ref('adxfull');
    const twin = { ...ref, cluster: { ...ref.cluster, uri: 'https://adxfull.northeurope.kusto.windows.net' } };
    await b.ops.savePolicy(twin, { scope: 'cluster' }, [{ objectId: EXPORT_ID, usages: ['All'] }], 'test');
    assert.ok(b.ops.saved.list(twin.cluster).every((s) => s.clusterUri === twin.cluster.uri));
    assert.ok(!b.ops.saved.list(ref.cluster).some((s) => s.clusterUri === twin.cluster.uri));
  });
});
