// Flow 1 and 2 against the sandbox: continuous export and external tables, failing, fixed through Kusto, passing.
import assert from 'node:assert/strict';
import { buildCreateStorageExternalTableCommand } from '../../../src/core/commands';
import { applyFixes } from '../../../src/services/workflows/run';
import { bench, find, verdicts, EXPORT_ID, type Bench } from './helpers';

const EXPORT_RESOURCE =
  '/subscriptions/aaaaaaaa-0000-4000-8000-000000000002/resourceGroups/rg-identities/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-adx-export';

describe('workflows against the sandbox: continuous export', () => {
  let b: Bench;
  beforeEach(async () => {
    b = await bench();
  });
  afterEach(async () => {
    await b.stop();
  });
  const request = (exportName: string) => ({ flow: 'continuous-export' as const, database: 'Analytics', exportName });

  it('the healthy export passes everything, the storage role and network path judged from ARM', async () => {
    const r = await b.check(await b.arm('adxfull'), request('EventsToLake'));
    assert.deepEqual(verdicts(r), [
      'export-exists=passed',
      'identity-set=passed',
      'identity-quoted=passed',
      'identity-attached=passed',
      'policy-allows=passed',
      'role-viewer(Analytics)=passed',
      'target-role(https://contosoexports.blob.core.windows.net/events)=passed',
      'target-network(https://contosoexports.blob.core.windows.net/events)=passed',
      'cluster-outbound(https://contosoexports.blob.core.windows.net/events)=passed',
      'interval=passed',
      'enabled=passed',
      'last-run=passed',
      'failures-7d=passed',
    ]);
    assert.equal(r.verdict, 'passed');
    assert.match(find(r, 'target-role').reason, /Storage Blob Data Contributor at .*contosoexports/);
  });

  it('the failing export: Viewer missing on Archive; the offered .add fixes it, the recorded failures remain', async () => {
    const ref = await b.arm('adxfull');
    const before = await b.check(ref, request('ArchiveJoin'));
    assert.equal(find(before, 'role-viewer', 'Archive').verdict, 'failed');
    assert.match(find(before, 'failures-7d').reason, /disable it on 2026-12-04T22:30:02.000Z/);
    assert.deepEqual(await b.fix(ref, before), [
      `.add database Archive viewers ('aadapp=${EXPORT_ID};11111111-1111-4111-8111-111111111111') 'adx-identity: Viewer for id-adx-export'`,
    ]);
    const after = await b.check(ref, request('ArchiveJoin'));
    assert.equal(find(after, 'role-viewer', 'Archive').verdict, 'passed');
    assert.deepEqual(
      after.checks.filter((c) => c.verdict === 'failed').map((c) => c.id),
      ['target-role', 'last-run', 'failures-7d'],
    );
  });

  it('a policy without AutomatedFlows fails, and the .alter-merge fix makes it pass', async () => {
    b.state('adxfull').managedIdentityPolicy = [{ ObjectId: 'system', AllowedUsages: 'ExternalTable' }];
    const ref = await b.arm('adxfull');
    const before = await b.check(ref, request('EventsToLake'));
    assert.equal(find(before, 'policy-allows').verdict, 'failed');
    await b.fix(ref, before);
    assert.equal(find(await b.check(ref, request('EventsToLake')), 'policy-allows').verdict, 'passed');
  });

  it('a disabled export with a too-short interval fails twice; recreate + enable make both pass', async () => {
    const e = b.state('adxfull').databases[0].continuousExports.find((x) => x.name === 'EventsToLake')!;
    e.isDisabled = true;
    e.properties = { ...e.properties, intervalBetweenRuns: '30s' };
    const ref = await b.arm('adxfull');
    const before = await b.check(ref, request('EventsToLake'));
    assert.deepEqual([find(before, 'interval').verdict, find(before, 'enabled').verdict], ['failed', 'failed']);
    await b.fix(ref, before);
    const after = await b.check(ref, request('EventsToLake'));
    assert.deepEqual([find(after, 'interval').verdict, find(after, 'enabled').verdict], ['passed', 'passed']);
    assert.equal(find(after, 'interval').reason, 'it runs every 00:05:00');
  });

  it('an identity detached in ARM fails the assignment check', async () => {
    b.state('adxfull').userAssigned.delete(EXPORT_RESOURCE.toLowerCase());
    const r = await b.check(await b.arm('adxfull'), request('ArchiveJoin'));
    const c = find(r, 'identity-attached');
    assert.deepEqual([c.verdict, c.fixes.length], ['failed', 0]);
    assert.match(c.advice ?? '', /User assigned → Add/);
  });

  it("with only the Kusto URL the same failure is found; assignment comes from the policy's filled-in fields", async () => {
    const ref = b.directRef('adxfull');
    const before = await b.check(ref, request('ArchiveJoin'));
    assert.equal(before.cluster, new URL(b.sandbox.clusters.adxfull).host);
    assert.match(find(before, 'identity-attached').reason, /client id the service fills in/);
    assert.equal(find(before, 'role-viewer', 'Archive').verdict, 'failed');
    await b.fix(ref, before);
    assert.equal(find(await b.check(ref, request('ArchiveJoin')), 'role-viewer', 'Archive').verdict, 'passed');
  });
});

describe('workflows against the sandbox: external tables', () => {
  let b: Bench;
  beforeEach(async () => {
    b = await bench();
  });
  afterEach(async () => {
    await b.stop();
  });

  async function createTable(name: string, identity: string): Promise<void> {
    const command = buildCreateStorageExternalTableCommand({
      database: 'Analytics',
      name,
      columns: [{ name: 'x', type: 'long' }],
      format: 'csv',
      uris: ['https://lake.blob.core.windows.net/c'],
      auth: { managedIdentity: identity },
    });
    const [outcome] = await applyFixes(b.catalog, await b.arm('adxfull'), [command]);
    assert.ok(outcome.ok, outcome.error);
  }

  it('a table on the system identity passes (the cluster policy allows ExternalTable)', async () => {
    await createTable('LakeSystem', 'system');
    const r = await b.check(await b.arm('adxfull'), {
      flow: 'external-table',
      database: 'Analytics',
      table: 'LakeSystem',
    });
    assert.deepEqual(
      verdicts(r).map((v) => v.replace(/\(.*\)/, '')),
      [
        'connection-auth=passed',
        'identity-attached=passed',
        'policy-allows=passed',
        'target-role=unknown',
        'target-network=unknown',
        'cluster-outbound=passed',
      ],
    );
    assert.match(find(r, 'target-role').reason, /no storage account named lake in the .*subscription\(s\) you can see/);
  });

  it('a table on id-adx-export fails the policy check; the fix merges ExternalTable and it passes', async () => {
    await createTable('LakeExport', EXPORT_ID);
    const ref = await b.arm('adxfull');
    const request = { flow: 'external-table' as const, database: 'Analytics', table: 'LakeExport' };
    const before = await b.check(ref, request);
    assert.equal(find(before, 'policy-allows').verdict, 'failed');
    await b.fix(ref, before);
    assert.equal(find(await b.check(ref, request), 'policy-allows').verdict, 'passed');
  });

  it('a masked table is unknown; with its script a key-based one fails, the fix recreates it on the system identity and it passes', async () => {
    const ref = await b.arm('adxfull');
    const masked = await b.check(ref, { flow: 'external-table', database: 'Analytics', table: 'KeyedArchive' });
    assert.deepEqual(verdicts(masked), [
      'connection-auth(KeyedArchive → https://contosoarchive.blob.core.windows.net/archive)=unknown',
    ]);
    const scriptText =
      ".create external table KeyedArchive (Name:string) kind=storage dataformat=parquet (h@'https://contosoarchive.blob.core.windows.net/archive;secretkey')\n";
    const request = { flow: 'external-table' as const, database: 'Analytics', table: 'KeyedArchive', scriptText };
    const r = await b.check(ref, request);
    assert.deepEqual(verdicts(r), [
      'connection-auth(KeyedArchive → https://contosoarchive.blob.core.windows.net/archive)=failed',
    ]);
    assert.deepEqual(
      r.checks[0].fixes.map((f) => f.text),
      [
        ".create-or-alter external table KeyedArchive (Name:string) kind=storage dataformat=parquet (h@'https://contosoarchive.blob.core.windows.net/archive;managed_identity=system')",
      ],
    );
    await b.fix(ref, r);
    const after = await b.check(ref, request);
    assert.deepEqual(
      verdicts(after).map((v) => v.replace(/\(.*\)/, '')),
      [
        'connection-auth=passed',
        'identity-attached=passed',
        'policy-allows=passed',
        'target-role=passed',
        'target-network=unknown',
        'cluster-outbound=passed',
      ],
    );
    // contosoarchive denies by default and has only an IP rule: the cluster's addresses are not in ARM.
    assert.match(find(after, 'target-network').reason, /IP or virtual network rules/);
  });
});
