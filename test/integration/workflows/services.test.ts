// Flows 3–6 against the sandbox: native ingestion, Stream Analytics, Functions, IoT Operations — pass, fail, fix, pass.
import assert from 'node:assert/strict';
import yaml from 'js-yaml';
import { bench, find, verdicts, ASA_ID, INGEST_ID, SPARE_ID, type Bench } from './helpers';

describe('workflows against the sandbox: other services', () => {
  let b: Bench;
  beforeEach(async () => {
    b = await bench();
  });
  afterEach(async () => {
    await b.stop();
  });

  it('native ingestion: the Event Hub connection on the system identity passes', async () => {
    const r = await b.check(await b.arm('adxsystem'), { flow: 'native-ingestion', database: 'Telemetry' });
    assert.deepEqual(verdicts(r), [
      'connection-identity(EventHub telemetry-eh)=passed',
      'identity-attached(EventHub telemetry-eh)=passed',
      'policy-allows(EventHub telemetry-eh)=passed',
      'target-role(EventHub telemetry-eh)=passed',
      'target-network(EventHub telemetry-eh)=passed',
    ]);
    assert.match(r.checks[0].reason, /names system-assigned/);
    assert.match(r.checks[4].reason, /ehns-telemetry accepts all networks \(defaultAction Allow/);
  });

  it('native ingestion: NativeIngestion removed from the database policy fails; the merge fix restores it', async () => {
    b.state('adxfull').databases[0].managedIdentityPolicy = [{ ObjectId: INGEST_ID, AllowedUsages: 'DataConnection' }];
    const ref = await b.arm('adxfull');
    const request = { flow: 'native-ingestion' as const, database: 'Analytics', connection: 'events-eh' };
    const before = await b.check(ref, request);
    assert.equal(find(before, 'policy-allows').verdict, 'failed');
    await b.fix(ref, before);
    const after = await b.check(ref, request);
    assert.equal(find(after, 'policy-allows').verdict, 'passed');
    // Nothing grants id-adx-ingest on ehns-prod: the Event Hubs role fails with the ARM fix.
    const role = find(after, 'target-role');
    assert.equal(role.verdict, 'failed');
    assert.match(role.armFixes?.[0].fix.title ?? '', /Grant Azure Event Hubs Data Receiver to id-adx-ingest/);
    const all = await b.check(ref, { flow: 'native-ingestion', database: 'Analytics' });
    assert.equal(find(all, 'connection-identity', 'IotHub devices-iothub').verdict, 'failed');
  });

  it('Stream Analytics: the job with Ingestor + Monitor and its table passes', async () => {
    const r = await b.check(await b.arm('adxsystem'), {
      flow: 'stream-analytics',
      database: 'Telemetry',
      identity: { objectId: ASA_ID },
      table: 'Readings',
    });
    assert.equal(r.verdict, 'passed');
  });

  it('Stream Analytics: no roles and no table fail; the .add and .create table fixes make it pass', async () => {
    const ref = await b.arm('adxfull');
    const request = {
      flow: 'stream-analytics' as const,
      database: 'Analytics',
      identity: { objectId: ASA_ID, name: 'asa-telemetry-job' },
      table: 'Readings',
      columns: [
        { name: 'DeviceId', type: 'string' },
        { name: 'Temperature', type: 'real' },
      ],
    };
    const before = await b.check(ref, request);
    assert.deepEqual(verdicts(before), [
      'role-ingestor(Analytics)=failed',
      'role-monitor(Analytics)=failed',
      'table-exists(Readings)=failed',
    ]);
    assert.equal((await b.fix(ref, before)).length, 3);
    assert.equal((await b.check(ref, request)).verdict, 'passed');
  });

  it('Functions: the output binding passes for id-adx-ingest, with its client id looked up in ARM', async () => {
    const r = await b.check(await b.arm('adxfull'), {
      flow: 'functions',
      database: 'Analytics',
      identity: { objectId: INGEST_ID },
      binding: 'output',
      table: 'Events',
    });
    assert.equal(r.verdict, 'passed');
    const json = JSON.parse(r.artifacts!.find((a) => a.kind === 'function-json')!.text) as {
      bindings: Record<string, string>[];
    };
    assert.deepEqual(json.bindings[0], {
      name: 'output',
      type: 'kusto',
      direction: 'out',
      database: 'Analytics',
      tableName: 'Events',
      connection: 'KustoConnectionString',
      managedServiceIdentity: '0c000002-0000-4000-8000-000000000002',
    });
    assert.match(
      r.artifacts!.find((a) => a.kind === 'csharp-attribute-output')!.text,
      /ManagedServiceIdentity = "0c000002-0000-4000-8000-000000000002"\)\]$/,
    );
    assert.equal(
      r.artifacts!.find((a) => a.kind === 'connection-string')!.text,
      `Data Source=${b.sandbox.clusters.adxfull};Database=Analytics;`,
    );
  });

  it('Functions: the input binding needs Viewer; the fix adds it and the check passes', async () => {
    const ref = await b.arm('adxfull');
    const request = {
      flow: 'functions' as const,
      database: 'Analytics',
      identity: { objectId: INGEST_ID },
      binding: 'input' as const,
    };
    const before = await b.check(ref, request);
    assert.deepEqual(verdicts(before), ['role-viewer(Analytics)=failed']);
    await b.fix(ref, before);
    assert.equal((await b.check(ref, request)).verdict, 'passed');
  });

  it('IoT Operations: streaming on, table present, Ingestor held passes; the YAML parses back', async () => {
    const r = await b.check(await b.arm('adxsystem'), {
      flow: 'iot-operations',
      database: 'Telemetry',
      table: 'Readings',
      identity: { objectId: ASA_ID },
      auth: {
        method: 'user',
        clientId: '0c000002-0000-4000-8000-000000000002',
        tenantId: '11111111-1111-4111-8111-111111111111',
      },
      latencySeconds: 100,
      maxMessages: 1000,
    });
    assert.equal(r.verdict, 'passed');
    const doc = yaml.load(r.artifacts![0].text) as {
      kind: string;
      spec: { dataExplorerSettings: Record<string, unknown> };
    };
    assert.equal(doc.kind, 'DataflowEndpoint');
    assert.deepEqual(doc.spec.dataExplorerSettings, {
      host: new URL(b.sandbox.clusters.adxsystem).host,
      database: 'Telemetry',
      authentication: {
        method: 'UserAssignedManagedIdentity',
        userAssignedManagedIdentitySettings: {
          clientId: '0c000002-0000-4000-8000-000000000002',
          tenantId: '11111111-1111-4111-8111-111111111111',
        },
      },
      batching: { latencySeconds: 100, maxMessages: 1000 },
    });
  });

  it('IoT Operations: streaming off, no table, no Ingestor fail; the three fixes make it pass', async () => {
    const ref = await b.arm('adxfull');
    const request = {
      flow: 'iot-operations' as const,
      database: 'Analytics',
      table: 'thermostat',
      identity: { objectId: SPARE_ID },
      auth: { method: 'system' as const },
    };
    const before = await b.check(ref, request);
    assert.deepEqual(verdicts(before), [
      'streaming-ingestion=failed',
      'table-exists(thermostat)=failed',
      'role-ingestor(Analytics)=failed',
    ]);
    assert.deepEqual(await b.fix(ref, before), [
      '.alter database Analytics policy streamingingestion enable',
      '.create table thermostat (externalAssetId:string, assetName:string, CurrentTemperature:real, Pressure:real, MqttTopic:string, Timestamp:datetime)',
      `.add database Analytics ingestors ('aadapp=${SPARE_ID};11111111-1111-4111-8111-111111111111') 'adx-identity: Ingestor for ${SPARE_ID}'`,
    ]);
    assert.equal((await b.check(ref, request)).verdict, 'passed');
  });
});
