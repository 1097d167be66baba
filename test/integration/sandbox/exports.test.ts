// External tables and continuous exports: masking, stored state and the managed identity rules of the docs.
import assert from 'node:assert/strict';
import { startSandbox, RunningSandbox } from '../../../sandbox';
import { EXPORT_PRINCIPAL, FULL_SYSTEM, kustoClient, kustoFailure, rowsOf, TENANT } from './helpers';

describe('sandbox external tables and continuous exports', () => {
  let sandbox: RunningSandbox;
  beforeEach(async () => {
    sandbox = await startSandbox();
  });
  afterEach(async () => {
    await sandbox.stop();
  });
  const mgmt = (csl: string, db = 'Analytics', cluster = 'adxfull') =>
    kustoClient(sandbox, cluster).executeMgmt(db, csl);

  it('stores external tables and masks secrets in ConnectionStrings', async () => {
    await mgmt(
      ".create external table Staged (x:int, s:string) kind=storage dataformat=csv ( h@'https://acct.blob.core.windows.net/staging?sv=2024&sig=SECRETSIG' )",
    );
    await mgmt(
      ".create external table SqlT (x:int, s:string) kind=sql table=SqlTable ( h@'Server=tcp:srv.database.windows.net,1433;User Id=me;Password=hunter2;Initial Catalog=Db;' )",
    );
    const rows = rowsOf(await mgmt('.show external tables'));
    const cs = (name: string) => JSON.stringify(rows.find((r) => r.TableName === name)?.ConnectionStrings);
    assert.match(cs('ExportedEvents'), /;impersonate/);
    assert.doesNotMatch(cs('KeyedArchive'), /c2VjcmV0/);
    assert.doesNotMatch(cs('Staged'), /SECRETSIG/);
    assert.doesNotMatch(cs('SqlT'), /hunter2/);
    assert.match(cs('SqlT'), /Initial Catalog=Db/);
    assert.equal(rows.find((r) => r.TableName === 'SqlT')?.TableType, 'Sql');
  });

  it("shows one external table's columns as a CSL schema or as JSON, folder and description included", async () => {
    await mgmt(
      ".create external table ['Odd Cols'] (['when it happened']:datetime, n:int) kind=storage dataformat=json (h@'https://a.blob.core.windows.net/c;managed_identity=system') with (folder='lake', docString='It\\'s odd')",
    );
    const csl = await mgmt(".show external table ['Odd Cols'] cslschema");
    assert.deepEqual(
      csl.primaryResults[0].columns.map((c) => c.name),
      ['TableName', 'Schema', 'DatabaseName', 'Folder', 'DocString'],
    );
    assert.deepEqual(rowsOf(csl), [
      {
        TableName: 'Odd Cols',
        Schema: "['when it happened']:datetime,n:int",
        DatabaseName: 'Analytics',
        Folder: 'lake',
        DocString: "It's odd",
      },
    ]);
    assert.equal(
      rowsOf(await mgmt('.show external table ExportedEvents schema as csl'))[0].Schema,
      'Timestamp:datetime,Name:string,Value:long',
    );
    const json = JSON.parse(
      String(rowsOf(await mgmt('.show external table ExportedEvents schema as json'))[0].Schema),
    ) as { OrderedColumns: { Name: string; CslType: string; Type: string }[] };
    assert.deepEqual(
      json.OrderedColumns.map((c) => `${c.Name}:${c.CslType}:${c.Type}`),
      ['Timestamp:datetime:System.DateTime', 'Name:string:System.String', 'Value:long:System.Int64'],
    );
    const missing = await kustoFailure(mgmt('.show external table Nope cslschema'));
    assert.match(missing.message, /Nope/);
  });

  it('shows the seeded healthy and failing exports with status, failures and artifacts', async () => {
    const result = await mgmt('.show continuous-exports');
    assert.deepEqual(
      result.primaryResults[0].columns.map((c) => c.name),
      [
        'Name',
        'ExternalTableName',
        'Query',
        'ForcedLatency',
        'IntervalBetweenRuns',
        'CursorScopedTables',
        'ExportProperties',
        'LastRunTime',
        'StartCursor',
        'IsDisabled',
        'LastRunResult',
        'ExportedTo',
        'IsRunning',
      ],
    );
    const rows = rowsOf(result);
    assert.deepEqual(
      rows.map((r) => [r.Name, r.LastRunResult]),
      [
        ['EventsToLake', 'Completed'],
        ['ArchiveJoin', 'Failed'],
      ],
    );
    assert.ok(rows[0].LastRunTime instanceof Date);
    const failures = rowsOf(await mgmt('.show continuous-export ArchiveJoin failures'));
    assert.equal(failures[0].FailureKind, 'Failure');
    assert.match(String(failures[0].Details), /not authorized/);
    const artifacts = rowsOf(await mgmt('.show continuous-export EventsToLake exported-artifacts'));
    assert.equal(artifacts[0].NumRecords, 5);
  });

  it('creates an export with managedIdentity=system unquoted, as the docs print it', async () => {
    await mgmt(
      '.create-or-alter continuous-export MyExport over (Events) to table ExportedEvents with (managedIdentity=system, intervalBetweenRuns=1h) <| Events',
    );
    const row = rowsOf(await mgmt('.show continuous-export MyExport'))[0];
    assert.equal(row.ExternalTableName, 'ExportedEvents');
    assert.equal(row.IsDisabled, false);
  });

  it('requires a managed identity for an impersonating external table', async () => {
    const err = await kustoFailure(
      mgmt('.create-or-alter continuous-export E1 to table ExportedEvents with (intervalBetweenRuns=1h) <| Events'),
    );
    assert.equal(err.status, 400);
    assert.match(err.message, /requires a managed identity.*impersonation/);
  });

  it('requires a managed identity for a query reading another database', async () => {
    await mgmt(
      ".create external table Plain (x:int) kind=storage dataformat=csv ( h@'https://acct.blob.core.windows.net/c;managed_identity=system' )",
    );
    await mgmt('.create-or-alter continuous-export Local to table Plain <| Events');
    const err = await kustoFailure(
      mgmt(".create-or-alter continuous-export Cross to table Plain <| database('Archive').Logs"),
    );
    assert.match(err.message, /other databases/);
  });

  it("requires the identity's policy to allow AutomatedFlows", async () => {
    await mgmt('.alter cluster policy managed_identity ```[{"ObjectId":"system","AllowedUsages":"ExternalTable"}]```');
    const err = await kustoFailure(
      mgmt('.create-or-alter continuous-export E2 to table ExportedEvents with (managedIdentity="system") <| Events'),
    );
    assert.match(err.message, /AutomatedFlows/);
    await mgmt('.alter database Analytics policy managed_identity ```[{"ObjectId":"system","AllowedUsages":"All"}]```');
    await mgmt(
      '.create-or-alter continuous-export E2 to table ExportedEvents with (managedIdentity="system") <| Events',
    );
  });

  it('requires Viewer on every database the query reads', async () => {
    const csl = `.create-or-alter continuous-export E3 to table ExportedEvents with (managedIdentity="${EXPORT_PRINCIPAL}") <| Events | join (database('Archive').Logs) on Name`;
    const err = await kustoFailure(mgmt(csl));
    assert.match(err.message, /not authorized to read database 'Archive'/);
    await mgmt(`.add database Archive viewers ('aadapp=${EXPORT_PRINCIPAL};${TENANT}')`);
    await mgmt(csl);
  });

  it('refuses an identity that is not assigned to the cluster, and a too short interval', async () => {
    const err = await kustoFailure(
      mgmt(
        '.create-or-alter continuous-export E4 to table ExportedEvents with (managedIdentity="0e000003-0000-4000-8000-000000000003") <| Events',
      ),
    );
    assert.match(err.message, /not assigned to cluster/);
    const over = await kustoFailure(
      mgmt(
        `.create-or-alter continuous-export E6 over (Nope) to table ExportedEvents with (managedIdentity="system") <| Nope`,
      ),
    );
    assert.equal(over.code, 'BadRequest_TableNotExist');
    const short = await kustoFailure(
      mgmt(
        `.create-or-alter continuous-export E5 to table ExportedEvents with (managedIdentity="${FULL_SYSTEM}", intervalBetweenRuns=30s) <| Events`,
      ),
    );
    assert.match(short.message, /minimum is 1 minute/);
  });

  it('disables, enables and drops an export', async () => {
    await mgmt('.disable continuous-export EventsToLake');
    assert.equal(rowsOf(await mgmt('.show continuous-export EventsToLake'))[0].IsDisabled, true);
    await mgmt('.enable continuous-export EventsToLake');
    assert.equal(rowsOf(await mgmt('.show continuous-export EventsToLake'))[0].IsDisabled, false);
    await mgmt('.drop continuous-export EventsToLake');
    const err = await kustoFailure(mgmt('.show continuous-export EventsToLake'));
    assert.equal(err.code, 'BadRequest_EntityNotFound');
  });
});
