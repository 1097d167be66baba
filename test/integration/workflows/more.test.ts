// The remaining checks, each failing on the sandbox (state changed as if elsewhere) and, where a command exists, fixed to pass.
import assert from 'node:assert/strict';
import { buildCreateStorageExternalTableCommand } from '../../../src/core/commands';
import { applyFixes } from '../../../src/services/workflows/run';
import { bench, find, EXPORT_ID, type Bench } from './helpers';

const INGEST_RESOURCE =
  '/subscriptions/aaaaaaaa-0000-4000-8000-000000000002/resourceGroups/rg-identities/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-adx-ingest';

describe('workflows against the sandbox: every other check failing and passing', () => {
  let b: Bench;
  beforeEach(async () => {
    b = await bench();
  });
  afterEach(async () => {
    await b.stop();
  });
  const eventsToLake = () => b.state('adxfull').databases[0].continuousExports.find((x) => x.name === 'EventsToLake')!;
  const exportRequest = (exportName = 'EventsToLake') => ({
    flow: 'continuous-export' as const,
    database: 'Analytics',
    exportName,
  });

  it('continuous export: a missing export fails export-exists', async () => {
    const r = await b.check(await b.arm('adxfull'), exportRequest('Gone'));
    assert.deepEqual(
      [r.verdict, find(r, 'export-exists').reason],
      ['failed', 'no continuous export Gone in Analytics'],
    );
  });

  it('a database or data connection that does not exist fails its check', async () => {
    const ref = await b.arm('adxfull');
    const r = await b.check(ref, {
      flow: 'stream-analytics',
      database: 'Nope',
      identity: { objectId: EXPORT_ID },
      table: 'T',
    });
    assert.deepEqual(
      r.checks.map((c) => `${c.id}=${c.verdict}: ${c.reason}`),
      ['database=failed: no database Nope on adxfull'],
    );
    const dc = await b.check(ref, { flow: 'native-ingestion', database: 'Analytics', connection: 'gone' });
    assert.deepEqual(
      dc.checks.map((c) => `${c.id}=${c.verdict}: ${c.reason}`),
      ['data-connection=failed: no data connection gone on Analytics'],
    );
  });

  it('continuous export: no identity with an impersonating table fails identity-set; the recreate fix passes it', async () => {
    const e = eventsToLake();
    e.properties = { intervalBetweenRuns: '1h' };
    e.managedIdentity = undefined;
    const ref = await b.arm('adxfull');
    const before = await b.check(ref, exportRequest());
    assert.equal(find(before, 'identity-set').verdict, 'failed');
    await b.fix(ref, before);
    const after = await b.check(ref, exportRequest());
    assert.deepEqual(
      [find(after, 'identity-set').verdict, find(after, 'identity-set').reason],
      ['passed', 'managedIdentity is system'],
    );
  });

  it('continuous export: running as another identity than the expected one fails; the recreate fix switches it', async () => {
    const ref = await b.arm('adxfull');
    const request = { ...exportRequest(), identity: EXPORT_ID };
    const before = await b.check(ref, request);
    assert.deepEqual(
      [find(before, 'identity-set').verdict, find(before, 'identity-set').reason],
      ['failed', 'managedIdentity is system (system-assigned)'],
    );
    assert.match(find(before, 'identity-set').fixes[0].text, new RegExp(`managedIdentity="${EXPORT_ID}"`));
    await b.fix(ref, before);
    assert.equal(find(await b.check(ref, request), 'identity-set').verdict, 'passed');
  });

  it('continuous export: a missing external table fails external-table-auth; a masked one is unknown, never failed', async () => {
    eventsToLake().externalTable = 'Gone';
    const ref = await b.arm('adxfull');
    assert.equal(find(await b.check(ref, exportRequest()), 'external-table-auth').verdict, 'failed');
    eventsToLake().externalTable = 'KeyedArchive';
    const keyed = find(await b.check(ref, exportRequest()), 'external-table-auth');
    assert.deepEqual(
      [keyed.verdict, keyed.subject],
      ['unknown', 'https://contosoarchive.blob.core.windows.net/archive'],
    );
    assert.match(keyed.reason, /masks the connection string after ";".*--script/);
  });

  it('external table: the system identity turned off in ARM fails identity-attached', async () => {
    const ref = await b.arm('adxfull');
    const create = buildCreateStorageExternalTableCommand({
      database: 'Analytics',
      name: 'LakeSystem',
      columns: [{ name: 'x', type: 'long' }],
      format: 'csv',
      uris: ['https://lake.blob.core.windows.net/c'],
      auth: { managedIdentity: 'system' },
    });
    assert.ok((await applyFixes(b.catalog, ref, [create]))[0].ok);
    const request = { flow: 'external-table' as const, database: 'Analytics', table: 'LakeSystem' };
    assert.equal(find(await b.check(ref, request), 'identity-attached').verdict, 'passed');
    b.state('adxfull').systemAssigned = null;
    const after = find(await b.check(await b.arm('adxfull'), request), 'identity-attached');
    assert.deepEqual([after.verdict, after.reason], ['failed', 'ARM shows no system-assigned identity on the cluster']);
  });

  it("native ingestion: the connection's identity detached in ARM fails identity-attached", async () => {
    b.state('adxfull').userAssigned.delete(INGEST_RESOURCE.toLowerCase());
    const r = await b.check(await b.arm('adxfull'), {
      flow: 'native-ingestion',
      database: 'Analytics',
      connection: 'events-eh',
    });
    assert.equal(find(r, 'identity-attached').verdict, 'failed');
  });

  it('Functions: no Ingestor and no output table fail; .add and .create table make both pass', async () => {
    const ref = await b.arm('adxfull');
    const request = {
      flow: 'functions' as const,
      database: 'Analytics',
      identity: { objectId: EXPORT_ID },
      binding: 'output' as const,
      table: 'FnRows',
      columns: [{ name: 'Id', type: 'long' }],
    };
    const before = await b.check(ref, request);
    assert.deepEqual(
      before.checks.map((c) => `${c.id}=${c.verdict}`),
      ['role-ingestor=failed', 'table-exists=failed'],
    );
    await b.fix(ref, before);
    const after = await b.check(ref, request);
    assert.equal(after.verdict, 'passed');
    assert.match(
      after.artifacts!.find((a) => a.kind === 'csharp-attribute-output')!.text,
      /ManagedServiceIdentity = "0c000001-0000-4000-8000-000000000001"/,
    );
  });

  it('Functions with only a Kusto URL: the client id cannot be looked up, so the bindings wait for it', async () => {
    const r = await b.check(b.directRef('adxfull'), {
      flow: 'functions',
      database: 'Analytics',
      identity: { objectId: '0e000002-0000-4000-8000-000000000002' },
      binding: 'output',
    });
    assert.equal(find(r, 'client-id').verdict, 'unknown');
    assert.deepEqual(
      r.artifacts?.map((a) => a.kind),
      ['connection-string'],
    );
  });
});

describe('workflows against the sandbox: an update policy running as an identity', () => {
  let b: Bench;
  beforeEach(async () => {
    b = await bench();
  });
  afterEach(async () => {
    await b.stop();
  });
  const request = { flow: 'update-policy' as const, database: 'Analytics', table: 'Devices' };

  it('Devices runs EnrichDevices() as id-adx-export, which reads Archive: Viewer is missing there; the offered .add fixes it', async () => {
    const ref = await b.arm('adxfull');
    const before = await b.check(ref, request);
    assert.equal(before.verdict, 'failed');
    const archive = before.checks.find((c) => c.id === 'role-viewer' && c.subject === 'Archive')!;
    assert.equal(archive.verdict, 'failed');
    assert.match(archive.reason, /reads it \(through EnrichDevices\)/);
    assert.deepEqual(
      before.checks.filter((c) => c.verdict === 'failed').map((c) => `${c.id}(${c.subject})`),
      ['role-viewer(Archive)'],
    );
    assert.deepEqual(await b.fix(ref, before), [
      `.add database Archive viewers ('aadapp=${EXPORT_ID};11111111-1111-4111-8111-111111111111') 'adx-identity: Viewer for id-adx-export'`,
    ]);
    assert.equal((await b.check(ref, request)).verdict, 'passed');
  });

  it('without ManagedIdentity the query cannot read Archive: identity-set fails, and its fix (one .alter of the whole policy) passes it', async () => {
    const ref = await b.arm('adxfull');
    const [dropped] = await applyFixes(b.catalog, ref, [
      {
        scope: 'database',
        database: 'Analytics',
        destructive: true,
        text: '.alter table Devices policy update ```[{"IsEnabled":true,"Source":"Events","Query":"EnrichDevices()","IsTransactional":false,"PropagateIngestionProperties":false}]```',
      },
    ]);
    assert.ok(dropped.ok, dropped.error);
    const before = await b.check(ref, { ...request, identity: 'system' });
    assert.equal(find(before, 'identity-set').verdict, 'failed');
    await b.fix(ref, before);
    const after = await b.check(ref, { ...request, identity: 'system' });
    assert.equal(find(after, 'identity-set').verdict, 'passed');
    assert.match(find(after, 'identity-set').reason, /ManagedIdentity is system/);
  });
});
