// The cluster report, the snapshot script and drift, against the sandbox with the real clients.
import assert from 'node:assert/strict';
import { formatDrift } from '../../../src/core/workflows/drift';
import { snapshotCommands } from '../../../src/core/workflows/snapshot';
import { clusterReport, driftOf, snapshotCluster } from '../../../src/services/workflows/cluster';
import { applyFixes } from '../../../src/services/workflows/run';
import { bench, EXPORT_ID, NOW, TENANT, type Bench } from './helpers';

describe('workflows against the sandbox: cluster report, snapshot and drift', () => {
  let b: Bench;
  beforeEach(async () => {
    b = await bench();
  });
  afterEach(async () => {
    await b.stop();
  });

  it('the report lists each identity of adxfull per database with usages, roles and users', async () => {
    const { report, markdown } = await clusterReport(b.catalog, await b.arm('adxfull'));
    assert.deepEqual(
      report.identities.map((i) => i.identity.label),
      ['system-assigned', 'id-adx-export', 'id-adx-ingest'],
    );
    // Devices' update policy runs as id-adx-export (read with .show table * policy update).
    assert.match(
      markdown,
      /## id-adx-export\n\n.*\n.*\n\| Analytics \| AutomatedFlows \(cluster\) \| Viewer \| ArchiveJoin \| Devices ← Events \| — \| — \|\n\| Archive \| AutomatedFlows \(cluster\) \| — \| — \| — \| — \| — \|/,
    );
    assert.match(
      markdown,
      /\| Analytics \| NativeIngestion \(database\), DataConnection \(database\) \| Ingestor \| — \| — \| — \| events-eh \|/,
    );
    const direct = await clusterReport(b.catalog, b.directRef('adxfull'));
    assert.match(direct.markdown, /- no ARM: identities come from the policies/);
  });

  it('the snapshot script is idempotent, and drift lists then reverts changes made elsewhere', async () => {
    const ref = await b.arm('adxfull');
    // Make the failing export runnable first: a snapshot recreates exactly what is there.
    const grant = await applyFixes(b.catalog, ref, [
      {
        text: `.add database Archive viewers ('aadapp=${EXPORT_ID};${TENANT}')`,
        scope: 'database',
        database: 'Archive',
        destructive: false,
      },
    ]);
    assert.ok(grant[0].ok, grant[0].error);
    const { script, snapshot } = await snapshotCluster(b.catalog, ref, NOW);
    // External tables on an identity come back with their columns (read with .show external table … cslschema); the keyed one stays out.
    assert.ok(
      script.includes(
        '\n.create-or-alter external table ExportedEvents (Timestamp:datetime, Name:string, Value:long) kind=storage dataformat=csv ' +
          "(h@'https://contosoexports.blob.core.windows.net/events;impersonate')\n",
      ),
      script,
    );
    assert.ok(
      script.includes(
        "\n.create-or-alter external table SqlEvents (Name:string, Value:long) kind=sql table=['dbo.Events'] " +
          "(h@'Server=tcp:contoso-sql.database.windows.net,1433;Initial Catalog=Reporting;Authentication=Active Directory Integrated;')\n",
      ),
      script,
    );
    // A table whose connection is masked is listed with why it is not recreated, its secret never.
    assert.doesNotMatch(script, /c2VjcmV0/);
    assert.match(
      script,
      /\/\/ external table Analytics\.KeyedArchive: https:\/\/contosoarchive\.blob\.core\.windows\.net\/archive → hidden — not recreated here: the service masks its connection strings/,
    );
    // The update policy running as id-adx-export comes back whole.
    assert.ok(
      script.includes(
        '\n// run in database Analytics\n.alter table Devices policy update ```[{"IsEnabled":true,"Source":"Events","Query":"EnrichDevices()",' +
          '"IsTransactional":false,"PropagateIngestionProperties":false,"ManagedIdentity":"0e000001-0000-4000-8000-000000000001"}]```\n',
      ),
      script,
    );
    const rerun = await applyFixes(b.catalog, ref, snapshotCommands(snapshot));
    assert.deepEqual(
      rerun.filter((o) => !o.ok),
      [],
    );
    assert.deepEqual(await driftOf(b.catalog, ref, script, NOW), []);

    const kusto = (text: string, database?: string) =>
      applyFixes(b.catalog, ref, [
        { text, scope: database ? 'database' : 'cluster', ...(database ? { database } : {}), destructive: false },
      ]);
    await kusto(`.drop database Analytics viewers ('aadapp=${EXPORT_ID};${TENANT}')`, 'Analytics');
    await kusto(
      '.alter-merge database Analytics policy managed_identity ```[{"ObjectId":"system","AllowedUsages":"ExternalTable"}]```',
      'Analytics',
    );
    await kusto('.disable continuous-export EventsToLake', 'Analytics');
    await kusto('.drop external table SqlEvents', 'Analytics');
    await kusto('.delete table Devices policy update', 'Analytics');
    await kusto(
      ".create-or-alter external table ExportedEvents (Timestamp:datetime) kind=storage dataformat=csv (h@'https://contosoexports.blob.core.windows.net/events;impersonate')",
      'Analytics',
    );
    const drift = await driftOf(b.catalog, ref, script, NOW);
    assert.deepEqual(
      drift.map((d) => `${d.what}: ${d.detail}`),
      [
        'Analytics policy: saved 0e000002-0000-4000-8000-000000000002: DataConnection, NativeIngestion; live 0e000002-0000-4000-8000-000000000002: DataConnection, NativeIngestion; system: ExternalTable',
        'Analytics principals: id-adx-export is no longer in viewers',
        'Analytics external table ExportedEvents: its columns, format or folder changed',
        'Analytics external table SqlEvents: it is missing',
        'Analytics update policy of Devices: it no longer runs as a managed identity (or is gone)',
        'Analytics export EventsToLake: it was disabled',
      ],
    );
    assert.match(formatDrift(drift), /\[destructive\] \.alter database Analytics policy managed_identity/);
    const applied = await applyFixes(
      b.catalog,
      ref,
      drift.flatMap((d) => d.commands),
    );
    assert.deepEqual(
      applied.filter((o) => !o.ok),
      [],
    );
    assert.deepEqual(await driftOf(b.catalog, ref, script, NOW), []);
  });
});
