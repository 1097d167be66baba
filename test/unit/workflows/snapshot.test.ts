import assert from 'node:assert/strict';
import { diffSnapshots, formatDrift } from '../../../src/core/workflows/drift';
import { buildClusterReport, formatClusterReportMarkdown } from '../../../src/core/workflows/report';
import { databaseScript } from '../../../src/core/operations/script';
import { describeConnection } from '../../../src/core/results/externalTables';
import {
  formatSnapshotScript,
  readSnapshotScript,
  snapshotCommands,
  takeSnapshot,
  wantsColumns,
} from '../../../src/core/workflows/snapshot';
import {
  analytics,
  archive,
  ASA_ID,
  cluster,
  direct,
  EXPORT_ID,
  exportRow,
  INGEST_ID,
  principal,
  SYSTEM,
  TENANT,
} from './facts';

const AT = new Date('2026-11-28T00:00:00Z');

describe('workflows: cluster report', () => {
  it('lists every identity × database with usages, roles and what uses it', () => {
    const report = buildClusterReport(cluster());
    assert.deepEqual(
      report.identities.map((i) => i.identity.label),
      ['system-assigned', 'id-adx-export', 'id-adx-ingest'],
    );
    const sys = report.identities[0].cells.find((c) => c.database === 'Analytics')!;
    assert.deepEqual(sys, {
      database: 'Analytics',
      usages: ['AutomatedFlows (cluster)', 'ExternalTable (cluster)'],
      roles: ['Viewer'],
      exports: ['EventsToLake'],
      updatePolicies: [],
      externalTables: ['Lake'],
      dataConnections: [],
    });
    const ingest = report.identities[2].cells.find((c) => c.database === 'Analytics')!;
    assert.deepEqual(
      [ingest.usages, ingest.roles, ingest.dataConnections],
      [['NativeIngestion (database)'], ['Ingestor'], ['events-eh']],
    );
    const md = formatClusterReportMarkdown(report);
    assert.match(md, /^# Managed identities of adxfull\n/);
    assert.match(
      md,
      /\| id-adx-export \| 0e000001-0000-4000-8000-000000000001 \| 0c000001-0000-4000-8000-000000000001 \| yes \|/,
    );
    assert.match(
      md,
      /## system-assigned\n\n\| Database \| Usages allowed \| Roles \| Continuous exports \| Update policies \| External tables \| Data connections \|\n\|---\|---\|---\|---\|---\|---\|---\|\n\| Analytics \| AutomatedFlows \(cluster\), ExternalTable \(cluster\) \| Viewer \| EventsToLake \| — \| Lake \| — \|/,
    );
    assert.doesNotMatch(md, /## Not read/);
  });

  it('lists the update policies that run as an identity, and finds an identity only an update policy names', () => {
    const facts = direct({
      databases: [
        analytics({
          updatePolicies: [
            { table: 'Enriched', source: 'Events', query: 'Enrich()', isEnabled: true, managedIdentity: EXPORT_ID },
            { table: 'Plain', source: 'Events', query: 'Events', isEnabled: true },
            { table: 'Other', source: 'Events', query: 'X()', isEnabled: false, managedIdentity: ASA_ID },
          ],
        }),
        archive(),
      ],
    });
    const report = buildClusterReport(facts);
    const byLabel = (id: string) => report.identities.find((i) => i.identity.objectId === id);
    assert.deepEqual(
      byLabel(EXPORT_ID)?.cells.map((c) => [c.database, c.updatePolicies]),
      [
        ['Analytics', ['Enriched ← Events']],
        ['Archive', []],
      ],
    );
    assert.deepEqual(byLabel(ASA_ID)?.cells[0].updatePolicies, ['Other ← Events']);
    assert.match(
      formatClusterReportMarkdown(report),
      /\| Analytics \| [^|]+ \| [^|]+ \| [^|]+ \| Enriched ← Events \|/,
    );
  });

  it('without ARM, identities come from the policies and gaps are listed; pipes in names are escaped', () => {
    const facts = direct({ name: 'a|b', errors: { clusterPrincipals: 'forbidden' } });
    const md = formatClusterReportMarkdown(buildClusterReport(facts));
    assert.match(md, /^# Managed identities of a\\\|b/);
    assert.match(
      md,
      /\| system-assigned \| 5e000003-0000-4000-8000-000000000003 \| c1a00000-0000-4000-8000-000000000003 \| yes \|/,
    );
    assert.match(md, /## Not read\n\n- clusterPrincipals: forbidden\n- no ARM/);
  });
});

describe('workflows: snapshot and drift', () => {
  const facts = cluster({
    databases: [
      analytics({
        exports: [
          exportRow(),
          exportRow({
            name: 'Quiet',
            managedIdentity: undefined,
            exportProperties: {},
            isDisabled: true,
            cursorScopedTables: [],
          }),
        ],
      }),
      archive(),
      { name: 'Follower', readOnly: true, errors: {}, policy: [], principals: [] },
    ],
  });
  const snap = takeSnapshot(facts, AT);

  it("keeps the cluster identities' policies, principals, identity external tables and exports of writable databases", () => {
    assert.deepEqual(snap.clusterPolicy, [
      { objectId: 'system', usages: ['AutomatedFlows', 'ExternalTable'] },
      { objectId: EXPORT_ID, usages: ['AutomatedFlows'] },
    ]);
    assert.deepEqual(
      snap.databases.map((d) => d.name),
      ['Analytics', 'Archive'],
    );
    const a = snap.databases[0];
    // The ASA app is not one of the cluster's identities: its roles are not part of the identity configuration.
    assert.deepEqual(
      a.principals.map((p) => `${p.role}:${p.objectId}`),
      [`ingestors:${INGEST_ID}`, `viewers:${EXPORT_ID}`, `viewers:${SYSTEM}`],
    );
    assert.deepEqual(
      a.externalTables.map((t) => t.name),
      ['ExportedEvents', 'Lake'],
    );
    assert.deepEqual(
      a.exports.map((e) => [e.input.name, e.input.managedIdentity, e.isDisabled]),
      [
        ['EventsToLake', 'system', false],
        ['Quiet', undefined, true],
      ],
    );
  });

  it('the script reads back to the same snapshot and lists its commands in a runnable order', () => {
    const script = formatSnapshotScript(snap);
    assert.deepEqual(readSnapshotScript(script), snap);
    const commands = snapshotCommands(snap).map((c) => c.text);
    assert.deepEqual(commands.slice(0, 3), [
      '.alter cluster policy managed_identity ```[{"ObjectId":"system","AllowedUsages":"AutomatedFlows,ExternalTable"},{"ObjectId":"0e000001-0000-4000-8000-000000000001","AllowedUsages":"AutomatedFlows"}]```',
      '.alter database Analytics policy managed_identity ```[{"ObjectId":"0e000002-0000-4000-8000-000000000002","AllowedUsages":"NativeIngestion"}]```',
      '.delete database Archive policy managed_identity',
    ]);
    // The system identity by its object id, as the docs name it (never aadapp=system).
    assert.ok(commands.includes(`.add database Analytics viewers ('aadapp=${SYSTEM};${TENANT}')`));
    assert.equal(snap.systemObjectId, SYSTEM);
    assert.ok(!commands.some((c) => /aadapp=system/i.test(c)));
    assert.ok(
      commands.includes(
        '.create-or-alter continuous-export Quiet to table ExportedEvents with (intervalBetweenRuns=1h) <| Events',
      ),
    );
    assert.ok(
      commands.indexOf('.disable continuous-export Quiet') >
        commands.indexOf(
          '.create-or-alter continuous-export Quiet to table ExportedEvents with (intervalBetweenRuns=1h) <| Events',
        ),
    );
    for (const c of commands) assert.ok(script.includes(`\n${c}\n`), c);
    assert.match(script, /\/\/ run in database Analytics\n\.create-or-alter continuous-export EventsToLake/);
    assert.match(
      script,
      /\/\/ external table Analytics\.Lake: https:\/\/acct\.blob\.core\.windows\.net\/lake → managed_identity=system/,
    );
    assert.throws(() => readSnapshotScript('.show databases'), /not an adx-identity snapshot/);
  });

  it('no drift against itself; each change is listed with the command that reverts it', () => {
    assert.deepEqual(diffSnapshots(snap, takeSnapshot(facts, AT)), []);
    assert.equal(formatDrift([]), 'No drift: the cluster matches the snapshot.\n');
    const changed = cluster({
      clusterPolicy: [{ objectId: SYSTEM, isSystem: true, usages: ['AutomatedFlows'] }],
      databases: [
        analytics({
          principals: [
            principal('Analytics', 'Viewer', SYSTEM),
            principal('Analytics', 'Ingestor', INGEST_ID),
            principal('Analytics', 'Admin', EXPORT_ID),
          ],
          exports: [exportRow({ intervalBetweenRuns: '02:00:00' }), exportRow({ name: 'Extra' })],
          externalTables: [analytics().externalTables![0]],
        }),
        archive(),
      ],
    });
    const drift = diffSnapshots(snap, takeSnapshot(changed, AT));
    const lines = drift.map(
      (d) => `${d.what}: ${d.detail} => ${d.commands.map((c) => c.text.split(' ').slice(0, 4).join(' ')).join(' ; ')}`,
    );
    assert.deepEqual(lines, [
      'cluster policy: saved system: AutomatedFlows, ExternalTable; 0e000001-0000-4000-8000-000000000001: AutomatedFlows; live system: AutomatedFlows => .alter cluster policy managed_identity',
      'Analytics principals: id-adx-export is no longer in viewers => .add database Analytics viewers',
      'Analytics principals: id-adx-export was added to admins => .drop database Analytics admins',
      'Analytics external table Lake: it is missing => ',
      'Analytics export EventsToLake: its definition or identity changed => .create-or-alter continuous-export EventsToLake over',
      'Analytics export Quiet: it is missing => .create-or-alter continuous-export Quiet to ; .disable continuous-export Quiet',
      'Analytics export Extra: it is not in the snapshot => .drop continuous-export Extra',
    ]);
    assert.match(drift[2].commands[0].text, new RegExp(`\\('aadapp=${EXPORT_ID};${TENANT}'\\)$`));
    assert.match(drift[4].commands[0].text, /intervalBetweenRuns=1h\) <\| Events$/);
    assert.deepEqual(
      drift
        .flatMap((d) => d.commands)
        .filter((c) => c.destructive)
        .map((c) => c.text.split(' ').slice(0, 2).join(' ')),
      ['.alter cluster', '.drop database', '.drop continuous-export'],
    );
    assert.match(formatDrift(drift), /\(no command: change it outside Kusto or recreate it by hand\)/);
  });
});

describe('workflows: update policies in snapshots', () => {
  const rows = [
    { table: 'Enriched', source: 'Events', query: 'Enrich()', isEnabled: true, managedIdentity: SYSTEM },
    { table: 'Enriched', source: 'Events', query: 'Events', isEnabled: false, isTransactional: true },
    { table: 'Plain', source: 'Events', query: 'Events', isEnabled: true },
  ];
  const facts = (updatePolicies = rows) =>
    cluster({ databases: [analytics({ updatePolicies, exports: [], externalTables: [] })] });

  it('keeps the whole policy of each table one of whose entries runs as an identity (system written as system), before the exports', () => {
    const snap = takeSnapshot(facts(), AT);
    assert.deepEqual(snap.databases[0].updatePolicies, [
      {
        table: 'Enriched',
        entries: [
          {
            source: 'Events',
            query: 'Enrich()',
            isEnabled: true,
            isTransactional: false,
            propagateIngestionProperties: false,
            managedIdentity: 'system',
          },
          {
            source: 'Events',
            query: 'Events',
            isEnabled: false,
            isTransactional: true,
            propagateIngestionProperties: false,
          },
        ],
      },
    ]);
    const text =
      '.alter table Enriched policy update ```[{"IsEnabled":true,"Source":"Events","Query":"Enrich()","IsTransactional":false,"PropagateIngestionProperties":false,"ManagedIdentity":"system"},' +
      '{"IsEnabled":false,"Source":"Events","Query":"Events","IsTransactional":true,"PropagateIngestionProperties":false}]```';
    assert.ok(snapshotCommands(snap).some((c) => c.text === text));
    assert.ok(formatSnapshotScript(snap).includes(`// run in database Analytics\n${text}\n`));
    assert.ok(databaseScript(snap, 'Analytics').includes(`\n${text}\n`));
    assert.deepEqual(readSnapshotScript(formatSnapshotScript(snap)), snap);
  });

  it('drift restores a policy that lost its identity or changed; an older snapshot without update policies sees none', () => {
    const snap = takeSnapshot(facts(), AT);
    const changed = takeSnapshot(facts([{ ...rows[0], query: 'Enrich2()' }, rows[1]]), AT);
    assert.deepEqual(
      diffSnapshots(snap, changed).map(
        (d) => `${d.what}: ${d.detail} => ${d.commands.map((c) => c.text.split(' ').slice(0, 5).join(' '))}`,
      ),
      [
        'Analytics update policy of Enriched: its source, query or identity changed => .alter table Enriched policy update',
      ],
    );
    assert.deepEqual(
      diffSnapshots(snap, takeSnapshot(facts([rows[2]]), AT)).map((d) => d.detail),
      ['it no longer runs as a managed identity (or is gone)'],
    );
    const older = { ...snap, databases: snap.databases.map(({ updatePolicies: _, ...d }) => d) };
    assert.deepEqual(diffSnapshots(older, takeSnapshot(facts([]), AT)), []);
  });
});

describe('workflows: external tables in snapshots', () => {
  const columns = [
    { name: 'Timestamp', type: 'datetime' },
    { name: 'Body', type: 'dynamic' },
  ];
  const tables = [
    {
      name: 'Lake',
      tableType: 'Blob',
      folder: 'lake',
      format: 'parquet',
      connections: [
        describeConnection('https://acct.blob.core.windows.net/lake;managed_identity=system'),
        describeConnection('https://acct2.blob.core.windows.net/lake;managed_identity=system'),
      ],
    },
    {
      name: 'Orders',
      tableType: 'Sql',
      sqlTable: 'dbo.Orders',
      connections: [
        describeConnection(
          `Server=tcp:s.database.windows.net,1433;Initial Catalog=Shop;Authentication="Active Directory Managed Identity";User Id=${EXPORT_ID}`,
        ),
      ],
    },
    {
      name: 'Daily',
      tableType: 'Blob',
      format: 'csv',
      notRecreatable: 'it is partitioned',
      connections: [describeConnection('https://acct.blob.core.windows.net/d;impersonate')],
    },
    {
      name: 'Mixed',
      tableType: 'Blob',
      format: 'csv',
      connections: [
        describeConnection('https://a.blob.core.windows.net/m;impersonate'),
        describeConnection('https://b.blob.core.windows.net/m;managed_identity=system'),
      ],
    },
    {
      name: 'NoColumns',
      tableType: 'Blob',
      format: 'csv',
      connections: [describeConnection('https://a.blob.core.windows.net/n;impersonate')],
    },
    {
      name: 'Keyed',
      tableType: 'Blob',
      format: 'csv',
      connections: [describeConnection('https://a.blob.core.windows.net/k;*****')],
    },
  ];
  const facts = (over: { columns?: Record<string, typeof columns>; tables?: typeof tables } = {}) =>
    cluster({
      databases: [
        analytics({
          externalTables: over.tables ?? tables,
          exports: [],
          externalTableColumns: over.columns ?? { Lake: columns, Orders: columns, Daily: columns, Mixed: columns },
          errors: { 'columns:NoColumns': 'Forbidden (403)' },
        }),
      ],
    });
  const snap = takeSnapshot(facts(), AT);

  it('asks for the columns only of tables a recreate can carry', () => {
    assert.deepEqual(
      tables.filter(wantsColumns).map((t) => t.name),
      ['Lake', 'Orders', 'Mixed', 'NoColumns', 'Keyed'],
    );
  });

  it('recreates storage and SQL tables with their identity, before the exports, and says why the others are not', () => {
    const script = formatSnapshotScript(snap);
    const commands = snapshotCommands(snap).map((c) => c.text);
    const lake =
      '.create-or-alter external table Lake (Timestamp:datetime, Body:dynamic) kind=storage dataformat=parquet ' +
      "(h@'https://acct.blob.core.windows.net/lake;managed_identity=system', h@'https://acct2.blob.core.windows.net/lake;managed_identity=system') with (folder='lake')";
    const orders =
      ".create-or-alter external table Orders (Timestamp:datetime, Body:dynamic) kind=sql table=['dbo.Orders'] " +
      `(h@'Server=tcp:s.database.windows.net,1433;Initial Catalog=Shop;Authentication="Active Directory Managed Identity";User Id=${EXPORT_ID};')`;
    assert.deepEqual(
      commands.filter((c) => c.includes('external table')),
      [lake, orders],
    );
    assert.match(
      script,
      new RegExp(`// run in database Analytics\\n${lake.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`),
    );
    assert.match(
      script,
      /\/\/ external table Analytics\.Daily: https:\/\/acct\.blob\.core\.windows\.net\/d → impersonate — not recreated here: it is partitioned/,
    );
    assert.match(
      script,
      /\/\/ external table Analytics\.Mixed: .* — not recreated here: its connections do not all use the same identity/,
    );
    assert.match(
      script,
      /\/\/ external table Analytics\.NoColumns: .* — not recreated here: its columns could not be read \(Forbidden \(403\)\)/,
    );
    // A masked connection may hide an identity: the table is listed with why, never silently left out.
    assert.match(
      script,
      /\/\/ external table Analytics\.Keyed: https:\/\/a\.blob\.core\.windows\.net\/k → hidden — not recreated here: the service masks its connection strings/,
    );
    assert.deepEqual(readSnapshotScript(script), snap);
    const database = databaseScript(snap, 'Analytics');
    assert.ok(database.includes(`\n${lake}\n`) && database.includes(`\n${orders}\n`));
    assert.match(database, /\/\/ external table Daily: .* it is partitioned/);
  });

  it('drift recreates a missing table and one whose columns changed; a table it cannot recreate gets no command', () => {
    const changed = takeSnapshot(
      facts({
        tables: tables.filter((t) => t.name !== 'Lake' && t.name !== 'Daily'),
        columns: { Orders: [columns[0]], Mixed: columns },
      }),
      AT,
    );
    const drift = diffSnapshots(snap, changed).map(
      (d) => `${d.what}: ${d.detail} => ${d.commands.map((c) => c.text.split(' ').slice(0, 4).join(' ')).join(' ; ')}`,
    );
    assert.deepEqual(drift, [
      'Analytics external table Lake: it is missing => .create-or-alter external table Lake',
      'Analytics external table Orders: its columns, format or folder changed => .create-or-alter external table Orders',
      'Analytics external table Daily: it is missing => ',
    ]);
  });
});
