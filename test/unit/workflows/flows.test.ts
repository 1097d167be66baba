import assert from 'node:assert/strict';
import yaml from 'js-yaml';
import { describeConnection } from '../../../src/core/results/externalTables';
import { checkExternalTables, checkNativeIngestion } from '../../../src/core/workflows/externalTables';
import { checkFunctions, checkIotOperations, checkStreamAnalytics } from '../../../src/core/workflows/otherServices';
import { fixesOf, formatReportText } from '../../../src/core/workflows/format';
import { needsOf, runChecks } from '../../../src/core/workflows/flows';
import { isAccepted, judge, describeJudgement } from '../../support/kustoJudge';
import {
  analytics,
  archive,
  ASA_ID,
  byId,
  cluster,
  CLUSTER_ID,
  direct,
  EXPORT_RESOURCE,
  INGEST_ID,
  principal,
  TENANT,
} from './facts';

const withAnalytics = (over: Parameters<typeof analytics>[0]) => cluster({ databases: [analytics(over), archive()] });

describe('workflows: external tables', () => {
  it('a table naming the system identity passes policy and assignment; storage read access stays unknown', () => {
    const r = checkExternalTables(cluster(), { database: 'Analytics', table: 'Lake' });
    assert.deepEqual(
      r.checks.map((c) => [c.id, c.verdict]),
      [
        ['connection-auth', 'passed'],
        ['identity-attached', 'passed'],
        ['policy-allows', 'passed'],
        ['external-table-auth', 'unknown'],
      ],
    );
    assert.match(byId(r.checks, 'external-table-auth').reason, /Storage Blob Data Reader/);
  });

  it('a policy without ExternalTable fails with the merge fix; a key-based table fails with advice only', () => {
    const r = checkExternalTables(cluster({ clusterPolicy: [] }), { database: 'Analytics', table: 'Lake' });
    assert.equal(
      byId(r.checks, 'policy-allows').fixes[0].text,
      '.alter-merge database Analytics policy managed_identity ```[{"ObjectId":"system","AllowedUsages":"ExternalTable"}]```',
    );
    const keyed = withAnalytics({
      externalTables: [
        {
          name: 'K',
          tableType: 'Blob',
          connections: [describeConnection('https://a.blob.core.windows.net/c;c2VjcmV0')],
        },
      ],
    });
    const k = byId(checkExternalTables(keyed, { database: 'Analytics' }).checks, 'connection-auth');
    assert.deepEqual([k.verdict, k.fixes.length], ['failed', 0]);
    assert.match(
      k.advice ?? '',
      /;managed_identity=system'\)\. It cannot be generated here: its columns could not be read\.$/,
    );
  });

  it('with its columns read, a table on the wrong identity gets the recreate command once, for all its connections', () => {
    const two = [
      describeConnection('https://a.blob.core.windows.net/c;impersonate'),
      describeConnection('https://b.blob.core.windows.net/c;impersonate'),
    ];
    const facts = withAnalytics({
      externalTables: [
        { name: 'T', tableType: 'Blob', format: 'csv', connections: two },
        { name: 'P', tableType: 'Blob', format: 'csv', notRecreatable: 'it is partitioned', connections: two },
      ],
      externalTableColumns: { T: [{ name: 'x', type: 'long' }], P: [{ name: 'x', type: 'long' }] },
    });
    const checks = checkExternalTables(facts, { database: 'Analytics', identity: 'id-adx-export' }).checks;
    assert.deepEqual(
      checks.map((c) => [c.subject, c.verdict, c.fixes.map((f) => f.text), c.advice?.replace(/ \(h@.*/, '')]),
      [
        [
          'T → https://a.blob.core.windows.net/c',
          'failed',
          [
            '.create-or-alter external table T (x:long) kind=storage dataformat=csv ' +
              "(h@'https://a.blob.core.windows.net/c;managed_identity=0e000001-0000-4000-8000-000000000001', h@'https://b.blob.core.windows.net/c;managed_identity=0e000001-0000-4000-8000-000000000001')",
          ],
          undefined,
        ],
        [
          'T → https://b.blob.core.windows.net/c',
          'failed',
          [],
          'The .create-or-alter offered for the first connection of T fixes this one too.',
        ],
        [
          'P → https://a.blob.core.windows.net/c',
          'failed',
          [],
          'Recreate it with the identity in each connection string, e.g. .create-or-alter external table P (…) kind=storage …',
        ],
        [
          'P → https://b.blob.core.windows.net/c',
          'failed',
          [],
          'Recreate it with the identity in each connection string, e.g. .create-or-alter external table P (…) kind=storage …',
        ],
      ],
    );
    assert.match(checks[2].advice ?? '', /It cannot be generated here: it is partitioned\.$/);
  });

  it('an identity that is not the expected one, or not assigned, fails', () => {
    const other = checkExternalTables(cluster(), {
      database: 'Analytics',
      table: 'Lake',
      identity: '0e000001-0000-4000-8000-000000000001',
    });
    assert.match(byId(other.checks, 'connection-auth').reason, /not 0e000001/);
    assert.equal(
      checkExternalTables(cluster(), { database: 'Analytics', table: 'Lake', identity: 'system' }).checks[0].verdict,
      'passed',
    );
    const spare = withAnalytics({
      externalTables: [
        {
          name: 'S',
          tableType: 'Blob',
          connections: [
            describeConnection(
              'https://a.blob.core.windows.net/c;managed_identity=0e000003-0000-4000-8000-000000000003',
            ),
          ],
        },
      ],
    });
    assert.equal(
      byId(checkExternalTables(spare, { database: 'Analytics' }).checks, 'identity-attached').verdict,
      'failed',
    );
  });
});

describe('workflows: native ingestion', () => {
  it('an Event Hub connection with an assigned identity the policy allows passes', () => {
    const r = checkNativeIngestion(cluster(), { database: 'Analytics' });
    assert.equal(r.verdict, 'passed');
    assert.match(byId(r.checks, 'connection-identity').reason, /id-adx-ingest/);
  });

  it('the cluster resource id means the system identity; missing NativeIngestion fails with the merge fix', () => {
    const facts = withAnalytics({
      dataConnections: [{ name: 'eh', kind: 'EventHub', identityResourceId: CLUSTER_ID }],
    });
    const c = byId(checkNativeIngestion(facts, { database: 'Analytics' }).checks, 'policy-allows');
    assert.equal(c.verdict, 'failed');
    assert.match(c.fixes[0].text, /"ObjectId":"system","AllowedUsages":"NativeIngestion"/);
  });

  it('a connection without identity, or with an unassigned one, fails', () => {
    const facts = withAnalytics({
      dataConnections: [
        { name: 'hub', kind: 'IotHub' },
        { name: 'eh2', kind: 'EventHub', identityResourceId: EXPORT_RESOURCE.replace('id-adx-export', 'id-spare') },
      ],
    });
    const r = checkNativeIngestion(facts, { database: 'Analytics' });
    assert.equal(byId(r.checks, 'connection-identity', 'IotHub hub').verdict, 'failed');
    assert.equal(byId(r.checks, 'identity-attached', 'EventHub eh2').verdict, 'failed');
  });

  it('with only a Kusto URL the connections are unknown, and the policy is still checked for a given identity', () => {
    const r = checkNativeIngestion(direct(), { database: 'Analytics', identity: INGEST_ID });
    assert.deepEqual(
      r.checks.map((c) => [c.id, c.verdict]),
      [
        ['data-connection', 'unknown'],
        ['policy-allows', 'passed'],
      ],
    );
    assert.match(r.checks[0].reason, /only a Kusto URL/);
  });
});

describe('workflows: Stream Analytics, Functions, IoT Operations', () => {
  it('Stream Analytics: Ingestor + Monitor + table pass; missing roles fail with .add commands', () => {
    const ok = checkStreamAnalytics(cluster(), {
      database: 'Analytics',
      identity: { objectId: ASA_ID },
      table: 'Events',
    });
    assert.equal(ok.verdict, 'passed');
    const bad = checkStreamAnalytics(withAnalytics({ principals: [principal('Analytics', 'Ingestor', ASA_ID)] }), {
      database: 'Analytics',
      identity: { objectId: ASA_ID, name: 'asa-job' },
      table: 'AsaOut',
      columns: [{ name: 'x', type: 'long' }],
    });
    assert.deepEqual(
      bad.checks.map((c) => [c.id, c.verdict]),
      [
        ['role-ingestor', 'passed'],
        ['role-monitor', 'failed'],
        ['table-exists', 'failed'],
      ],
    );
    assert.equal(
      byId(bad.checks, 'role-monitor').fixes[0].text,
      `.add database Analytics monitors ('aadapp=${ASA_ID};${TENANT}') 'adx-identity: Monitor for asa-job'`,
    );
    assert.equal(byId(bad.checks, 'table-exists').fixes[0].text, '.create table AsaOut (x:long)');
  });

  it('a Database Admin satisfies every role; without a tenant anywhere no command can be built', () => {
    const admin = withAnalytics({ principals: [principal('Analytics', 'Admin', ASA_ID)] });
    assert.equal(
      checkStreamAnalytics(admin, { database: 'Analytics', identity: { objectId: ASA_ID }, table: 'Events' }).verdict,
      'passed',
    );
    const noTenant = direct({ clusterPolicy: [], databases: [analytics({ policy: [], principals: [] })] });
    const c = checkStreamAnalytics(noTenant, { database: 'Analytics', identity: { objectId: ASA_ID }, table: 'Events' })
      .checks[0];
    assert.deepEqual([c.verdict, c.fixes.length], ['failed', 0]);
    assert.match(c.reason, /tenant is unknown/);
  });

  it('Functions: Viewer for input, Ingestor for output, bindings with the client id and a secret-free connection string', () => {
    const r = checkFunctions(cluster(), {
      database: 'Analytics',
      identity: { objectId: INGEST_ID, clientId: '0c000002-0000-4000-8000-000000000002' },
      binding: 'both',
      table: 'Events',
    });
    assert.deepEqual(
      r.checks.map((c) => [c.id, c.verdict]),
      [
        ['role-viewer', 'failed'],
        ['role-ingestor', 'passed'],
        ['table-exists', 'passed'],
      ],
    );
    assert.match(byId(r.checks, 'role-viewer').fixes[0].text, /^\.add database Analytics viewers \('aadapp=0e000002-/);
    assert.deepEqual(
      r.artifacts?.map((a) => a.kind),
      ['csharp-attribute-input', 'csharp-attribute-output', 'function-json', 'connection-string'],
    );
    const json = JSON.parse(r.artifacts![2].text) as {
      bindings: { direction: string; managedServiceIdentity: string }[];
    };
    assert.deepEqual(
      json.bindings.map((b) => [b.direction, b.managedServiceIdentity]),
      [
        ['in', '0c000002-0000-4000-8000-000000000002'],
        ['out', '0c000002-0000-4000-8000-000000000002'],
      ],
    );
    assert.equal(r.artifacts![3].text, 'Data Source=https://adxfull.westeurope.kusto.windows.net;Database=Analytics;');
    const noClient = checkFunctions(cluster(), {
      database: 'Analytics',
      identity: { objectId: INGEST_ID },
      binding: 'output',
    });
    assert.equal(byId(noClient.checks, 'client-id').verdict, 'unknown');
    assert.deepEqual(
      noClient.artifacts?.map((a) => a.kind),
      ['connection-string'],
    );
  });

  it('IoT Operations: streaming on, table, Ingestor pass and the YAML is attached; off offers the enable command', () => {
    const ok = checkIotOperations(cluster(), {
      database: 'Analytics',
      table: 'thermostat',
      identity: { objectId: INGEST_ID },
      auth: { method: 'system' },
    });
    assert.equal(ok.verdict, 'passed');
    const doc = yaml.load(ok.artifacts![0].text) as { spec: { dataExplorerSettings: { database: string } } };
    assert.equal(doc.spec.dataExplorerSettings.database, 'Analytics');
    const off = checkIotOperations(withAnalytics({ streamingIngestion: false, tables: [] }), {
      database: 'Analytics',
      table: 'thermostat',
      identity: { objectId: '0e000009-0000-4000-8000-000000000009' },
      auth: { method: 'system' },
    });
    assert.deepEqual(
      off.checks.map((c) => [c.id, c.verdict]),
      [
        ['streaming-ingestion', 'failed'],
        ['table-exists', 'failed'],
        ['role-ingestor', 'failed'],
      ],
    );
    assert.deepEqual(
      byId(off.checks, 'streaming-ingestion').fixes.map((f) => f.text),
      ['.alter database Analytics policy streamingingestion enable'],
    );
    assert.equal(
      byId(off.checks, 'table-exists').fixes[0].text,
      '.create table thermostat (externalAssetId:string, assetName:string, CurrentTemperature:real, Pressure:real, MqttTopic:string, Timestamp:datetime)',
    );
    const clusterOn = checkIotOperations(
      cluster({ streamingIngestEnabled: true, databases: [analytics({ streamingIngestion: false })] }),
      { database: 'Analytics', table: 'thermostat', identity: { objectId: INGEST_ID }, auth: { method: 'system' } },
    );
    assert.equal(byId(clusterOn.checks, 'streaming-ingestion').verdict, 'passed');
    const direct0 = checkIotOperations(direct({ databases: [analytics({ streamingIngestion: false })] }), {
      database: 'Analytics',
      table: 'thermostat',
      identity: { objectId: INGEST_ID },
      auth: { method: 'system' },
    });
    assert.equal(byId(direct0.checks, 'streaming-ingestion').verdict, 'unknown');
  });
});

describe('workflows: flow dispatch, text form and the official parser', () => {
  it('names what each flow reads', () => {
    assert.deepEqual(
      needsOf({
        flow: 'iot-operations',
        database: 'A',
        table: 'T',
        identity: { objectId: 'x' },
        auth: { method: 'system' },
      }),
      {
        databases: ['A'],
        externalTables: false,
        exports: false,
        exportFailures: [],
        tables: true,
        streamingIngestion: true,
        dataConnections: false,
      },
    );
    assert.deepEqual(needsOf({ flow: 'continuous-export', database: 'A', exportName: 'E' }).exportFailures, ['E']);
  });

  it('every offered fix parses with the official Kusto parser', function () {
    this.timeout(60_000);
    const broken = cluster({
      clusterPolicy: [],
      identities: { system: { principalId: '5e000003-0000-4000-8000-000000000003' }, userAssigned: [] },
      databases: [
        analytics({
          principals: [],
          tables: [],
          streamingIngestion: false,
          dataConnections: [{ name: 'eh', kind: 'EventHub', identityResourceId: CLUSTER_ID }],
        }),
        archive({ principals: [] }),
      ],
    });
    const reports = [
      runChecks(
        broken,
        { flow: 'continuous-export', database: 'Analytics', exportName: 'EventsToLake' },
        new Date('2026-11-28T00:00:00Z'),
      ),
      runChecks(broken, { flow: 'external-table', database: 'Analytics', table: 'Lake' }),
      runChecks(broken, { flow: 'native-ingestion', database: 'Analytics' }),
      runChecks(broken, {
        flow: 'stream-analytics',
        database: 'Analytics',
        identity: { objectId: ASA_ID },
        table: 'Out',
        columns: [{ name: 'x', type: 'long' }],
      }),
      runChecks(broken, {
        flow: 'iot-operations',
        database: 'Analytics',
        table: 'thermostat',
        identity: { objectId: ASA_ID },
        auth: { method: 'system' },
      }),
    ];
    const fixes = reports.flatMap(fixesOf);
    assert.ok(fixes.length >= 8, `only ${fixes.length} fixes`);
    for (const f of fixes) {
      const result = judge(f.text);
      assert.ok(isAccepted(result), describeJudgement(f.text, result));
    }
    assert.match(
      formatReportText(reports[3]),
      /^stream-analytics on adxfull\/Analytics: FAILED\n {2}\[FAIL\] a5a00000-/,
    );
  });
});
