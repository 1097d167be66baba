import assert from 'node:assert/strict';
import { checkContinuousExport, databasesReadBy } from '../../../src/core/workflows/continuousExport';
import { buildRecreateExportCommand, compactTimespan, tableOfCursor } from '../../../src/core/workflows/exportCommand';
import { analytics, archive, byId, cluster, direct, EXPORT_ID, exportRow, failure, TENANT } from './facts';

const NOW = new Date('2026-11-28T00:00:00Z');
const run = (facts = cluster(), exportName = 'EventsToLake', extra: { scriptText?: string } = {}) =>
  checkContinuousExport(facts, { database: 'Analytics', exportName, now: NOW, ...extra });

describe('workflows: continuous export', () => {
  it('passes a healthy export except the storage role, which only the storage account can show', () => {
    const r = run();
    assert.equal(r.verdict, 'unknown');
    assert.deepEqual(
      r.checks.filter((c) => c.verdict !== 'passed').map((c) => c.id),
      ['external-table-auth'],
    );
    const storage = byId(r.checks, 'external-table-auth');
    assert.match(storage.reason, /Storage Blob Data Contributor/);
    assert.match(storage.advice ?? '', /az role assignment create --assignee-object-id 5e000003-/);
  });

  it('fails a missing export and a missing database', () => {
    assert.equal(byId(run(cluster(), 'Nope').checks, 'export-exists').verdict, 'failed');
    const r = checkContinuousExport(cluster(), { database: 'Nope', exportName: 'E', now: NOW });
    assert.deepEqual([r.verdict, r.checks[0].id], ['failed', 'database']);
  });

  it('a missing Viewer on a database the query reads fails with the .add database … viewers fix', () => {
    const facts = cluster({
      databases: [
        analytics({
          exports: [
            exportRow({ query: "Events | join (database('Archive').Logs) on Name", managedIdentity: EXPORT_ID }),
          ],
        }),
        archive({ principals: [] }),
      ],
    });
    const r = run(facts);
    assert.equal(byId(r.checks, 'role-viewer', 'Analytics').verdict, 'passed');
    const c = byId(r.checks, 'role-viewer', 'Archive');
    assert.equal(c.verdict, 'failed');
    assert.deepEqual(c.fixes, [
      {
        text: `.add database Archive viewers ('aadapp=${EXPORT_ID};${TENANT}') 'adx-identity: Viewer for id-adx-export'`,
        scope: 'database',
        database: 'Archive',
        destructive: false,
      },
    ]);
    assert.deepEqual(databasesReadBy('T | union database("X").T, database(\'Analytics\').U', 'Analytics'), [
      'Analytics',
      'X',
    ]);
  });

  it('a policy without AutomatedFlows fails with an .alter-merge of the database policy', () => {
    const facts = cluster({ clusterPolicy: [] });
    const c = byId(run(facts).checks, 'policy-allows');
    assert.equal(c.verdict, 'failed');
    assert.equal(
      c.fixes[0].text,
      '.alter-merge database Analytics policy managed_identity ```[{"ObjectId":"system","AllowedUsages":"AutomatedFlows"}]```',
    );
    assert.equal(c.fixes[0].destructive, false);
    const all = cluster({
      clusterPolicy: [],
      databases: [analytics({ policy: [{ objectId: 'system', usages: ['All'] }] }), archive()],
    });
    assert.equal(byId(run(all).checks, 'policy-allows').verdict, 'passed');
  });

  it("an identity not assigned in ARM fails; without ARM the policy's filled-in client id shows it is assigned", () => {
    const detached = cluster({ identities: { userAssigned: [] } });
    const c = byId(run(detached).checks, 'identity-attached');
    assert.equal(c.verdict, 'failed');
    assert.match(c.advice ?? '', /System assigned → On/);
    assert.equal(byId(run(direct()).checks, 'identity-attached').verdict, 'passed');
    const unknown = byId(run(direct({ clusterPolicy: [] })).checks, 'identity-attached');
    assert.equal(unknown.verdict, 'unknown');
    assert.match(unknown.reason, /only a Kusto URL/);
  });

  it('no identity where impersonation needs one fails, and the fix recreates the export with managedIdentity="system" quoted', () => {
    const facts = cluster({
      databases: [analytics({ exports: [exportRow({ managedIdentity: undefined, exportProperties: {} })] }), archive()],
    });
    const c = byId(run(facts).checks, 'identity-set');
    assert.equal(c.verdict, 'failed');
    assert.match(c.reason, /impersonation/);
    assert.equal(
      c.fixes[0].text,
      '.create-or-alter continuous-export EventsToLake over (Events) to table ExportedEvents with (managedIdentity="system", intervalBetweenRuns=1h) <| Events',
    );
    const keyed = cluster({
      databases: [
        analytics({
          externalTables: [{ name: 'ExportedEvents', tableType: 'Blob', connections: [] }],
          exports: [exportRow({ managedIdentity: undefined, exportProperties: {} })],
        }),
        archive(),
      ],
    });
    assert.equal(byId(run(keyed).checks, 'identity-set').verdict, 'passed');
  });

  it('an export running as another identity than the expected one fails, with the export recreated as that identity', () => {
    const c = byId(
      checkContinuousExport(cluster(), {
        database: 'Analytics',
        exportName: 'EventsToLake',
        identity: 'id-adx-export',
        now: NOW,
      }).checks,
      'identity-set',
    );
    assert.equal(c.verdict, 'failed');
    assert.match(c.fixes[0].text, new RegExp(`with \\(managedIdentity="${EXPORT_ID}", intervalBetweenRuns=1h\\)`));
    assert.equal(
      byId(
        checkContinuousExport(cluster(), {
          database: 'Analytics',
          exportName: 'EventsToLake',
          identity: 'system',
          now: NOW,
        }).checks,
        'identity-set',
      ).verdict,
      'passed',
    );
  });

  it('flags managedIdentity=system unquoted in the script text, with the quoted command as the fix', () => {
    const bad = run(cluster(), 'EventsToLake', {
      scriptText:
        '.create-or-alter continuous-export EventsToLake over (Events) to table ExportedEvents with (managedIdentity=system) <| Events',
    });
    const c = byId(bad.checks, 'identity-quoted');
    assert.equal(c.verdict, 'failed');
    assert.match(c.fixes[0].text, /managedIdentity="system"/);
    const good = run(cluster(), 'EventsToLake', {
      scriptText:
        ".create-or-alter continuous-export EventsToLake to table X with (managedIdentity='system') <| Events",
    });
    assert.equal(byId(good.checks, 'identity-quoted').verdict, 'passed');
    const other = run(cluster(), 'EventsToLake', { scriptText: '.show databases' });
    assert.match(
      byId(other.checks, 'identity-quoted').reason,
      /^the script does not set managedIdentity for EventsToLake/,
    );
  });

  it('fails an interval of 1 minute or less, a disabled export, a failed last run', () => {
    const facts = cluster({
      databases: [
        analytics({
          exports: [exportRow({ intervalBetweenRuns: '00:01:00', isDisabled: true, lastRunResult: 'Failed' })],
          exportFailures: {
            EventsToLake: [failure('2026-11-27T22:30:02Z', 'Principal is not authorized to access database Archive')],
          },
        }),
        archive(),
      ],
    });
    const r = run(facts);
    const interval = byId(r.checks, 'interval');
    assert.equal(interval.verdict, 'failed');
    assert.match(interval.fixes[0].text, /intervalBetweenRuns=5m/);
    assert.deepEqual(
      byId(r.checks, 'enabled').fixes.map((f) => f.text),
      ['.enable continuous-export EventsToLake'],
    );
    assert.match(byId(r.checks, 'last-run').reason, /Failed at 2026-11-27T22:00:00.000Z: Principal is not authorized/);
  });

  it('failures in the last 7 days give the date the service would disable the export', () => {
    const facts = cluster({
      databases: [
        analytics({
          exports: [exportRow({ lastRunResult: 'Failed', lastRunTime: new Date('2026-11-27T22:30:00Z') })],
          exportFailures: {
            EventsToLake: [
              failure('2026-11-19T00:00:00Z'),
              failure('2026-11-25T10:00:00Z'),
              failure('2026-11-27T22:30:02Z'),
            ],
          },
        }),
        archive(),
      ],
    });
    const c = byId(run(facts).checks, 'failures-7d');
    assert.equal(c.verdict, 'failed');
    assert.match(c.reason, /^2 failure\(s\) in the last 7 days, failing since 2026-11-25T10:00:00.000Z/);
    assert.match(c.reason, /disable it on 2026-12-02T10:00:00.000Z/);
    const recovered = cluster({
      databases: [analytics({ exportFailures: { EventsToLake: [failure('2026-11-27T10:00:00Z')] } }), archive()],
    });
    assert.equal(byId(run(recovered).checks, 'failures-7d').verdict, 'passed');
    const unread = cluster({
      databases: [analytics({ exportFailures: undefined, errors: { 'failures:EventsToLake': 'boom' } }), archive()],
    });
    assert.match(byId(run(unread).checks, 'failures-7d').reason, /could not read the failures of EventsToLake: boom/);
  });

  it('carries the stored properties the builder knows over into the recreated export', () => {
    const e = exportRow({
      forcedLatency: '00:10:00',
      exportProperties: {
        ManagedIdentity: 'system',
        SizeLimit: 104857600,
        Distributed: false,
        Distribution: 'per_node',
        ParquetRowGroupSize: '1000',
        Unknown: 'x',
      },
    });
    assert.equal(
      buildRecreateExportCommand('Analytics', e, { intervalBetweenRuns: '2h' }).text,
      '.create-or-alter continuous-export EventsToLake over (Events) to table ExportedEvents with (managedIdentity="system", intervalBetweenRuns=2h, forcedLatency=10m, sizeLimit=104857600, distributed=false, distribution="per_node", parquetRowGroupSize=1000) <| Events',
    );
  });

  it("writes shown timespans and cursor tables back in the builder's form", () => {
    assert.deepEqual(['01:00:00', '00:30:00', '1.00:00:00', '00:00:90'].map(compactTimespan), [
      '1h',
      '30m',
      '1d',
      undefined,
    ]);
    assert.deepEqual(["['Analytics'].['Events']", '[Db].[T]', 'T', "['My Db'].['My T']"].map(tableOfCursor), [
      'Events',
      'T',
      'T',
      'My T',
    ]);
  });
});
