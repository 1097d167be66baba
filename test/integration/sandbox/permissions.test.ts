// The roles the docs pages name, checked by the sandbox: policy changes, policy reads, followers' principals.
import assert from 'node:assert/strict';
import { startSandbox, RunningSandbox } from '../../../sandbox';
import { kustoClient, kustoFailure, rowsOf, TENANT } from './helpers';

const REPORTING = 'ab000000-0000-4000-8000-0000000000b1'; // Database User on Analytics
const READERS = '9e000000-0000-4000-8000-0000000000d1'; // AllDatabasesViewer on adxfull
const ASA = 'a5a00000-0000-4000-8000-0000000000c1'; // no role on adxfull
const SET_POLICY = '```[{"ObjectId":"system","AllowedUsages":"All"}]```';

describe('sandbox permissions (as documented)', () => {
  let sandbox: RunningSandbox;
  before(async () => {
    sandbox = await startSandbox();
  });
  after(async () => {
    await sandbox.stop();
  });
  const as = (objectId?: string) => {
    const credential = {
      getToken: async () => ({
        token: sandbox.token('kusto', undefined, objectId),
        expiresOnTimestamp: Date.now() + 60_000,
      }),
    };
    return (db: string, csl: string) => kustoClient(sandbox, 'adxfull', credential).executeMgmt(db, csl);
  };

  it('a Database Admin may change the database but not its managed identity policy (AllDatabasesAdmin)', async () => {
    await as()('Archive', `.add database Archive admins ('aadapp=${REPORTING};${TENANT}')`);
    const dbAdmin = as(REPORTING);
    await dbAdmin('Archive', '.create table Made (a:string)');
    for (const verb of ['.alter', '.alter-merge']) {
      const err = await kustoFailure(
        dbAdmin('Archive', `${verb} database Archive policy managed_identity ${SET_POLICY}`),
      );
      assert.equal(err.status, 403);
      assert.match(err.message, /AllDatabasesAdmin on cluster 'adxfull'/);
      assert.doesNotMatch(err.message, /Admin on database/);
    }
    const del = await kustoFailure(dbAdmin('Archive', '.delete database Archive policy managed_identity'));
    assert.equal(del.status, 403);
  });

  it('reading a database policy needs User, Viewer or Monitor there; the cluster policy AllDatabasesMonitor', async () => {
    const reporting = as(REPORTING);
    assert.equal(rowsOf(await reporting('Analytics', '.show database Analytics policy managed_identity')).length, 1);
    const cluster = await kustoFailure(reporting('Analytics', '.show cluster policy managed_identity'));
    assert.equal(cluster.status, 403);
    assert.match(cluster.message, /AllDatabasesAdmin or AllDatabasesMonitor/);
    const other = await kustoFailure(as(ASA)('Analytics', '.show database Analytics policy managed_identity'));
    assert.equal(other.status, 403);
    assert.match(other.message, /Admin, User, Viewer, Monitor on database 'Analytics'/);
    const tables = await kustoFailure(as(ASA)('Analytics', '.show external tables'));
    assert.equal(tables.status, 403);
  });

  it('AllDatabasesViewer reads every database policy but not the cluster one; AllDatabasesMonitor reads it', async () => {
    const readers = as(READERS);
    assert.equal(rowsOf(await readers('Archive', '.show database Archive policy managed_identity')).length, 1);
    assert.equal((await kustoFailure(readers('Archive', '.show cluster policy managed_identity'))).status, 403);
    await as()('Analytics', `.add cluster alldatabasesmonitors ('aadapp=${ASA};${TENANT}')`);
    assert.equal(rowsOf(await as(ASA)('Analytics', '.show cluster policy managed_identity')).length, 1);
    assert.equal(
      (await kustoFailure(as(ASA)('Analytics', `.alter cluster policy managed_identity ${SET_POLICY}`))).status,
      403,
    );
  });

  it('.show databases details: the documented columns and types, live counts, AllDatabasesMonitor (or Admin) only', async () => {
    const read = async (objectId?: string) => {
      const result = await as(objectId)('Analytics', '.show databases details');
      const table = result.primaryResults[0] as unknown as { columns: { name: string; type: string }[] };
      return { columns: table.columns.map((c) => `${c.name}:${c.type}`), rows: rowsOf(result) };
    };
    const first = await read();
    // database-details-option.md: 21 columns, in its order and with its types.
    assert.deepEqual(first.columns, [
      'DatabaseName:string',
      'PersistentStorage:string',
      'Version:string',
      'IsCurrent:bool',
      'DatabaseAccessMode:string',
      'PrettyName:string',
      'AuthorizedPrincipals:string',
      'RetentionPolicy:string',
      'MergePolicy:string',
      'CachingPolicy:string',
      'ShardingPolicy:string',
      'StreamingIngestionPolicy:string',
      'IngestionBatchingPolicy:string',
      'TotalSize:real',
      'DatabaseId:guid',
      'InTransitionTo:string',
      'NumberOfTables:int',
      'NumberOfExternalTables:int',
      'NumberOfMaterializedViews:int',
      'EncryptionScope:int',
      'SuspensionState:string',
    ]);
    const analytics = (rows: Record<string, unknown>[]) => rows.find((r) => r.DatabaseName === 'Analytics')!;
    const before = analytics(first.rows);
    assert.equal(before.IsCurrent, true);
    await as()('Analytics', '.drop external table SqlEvents');
    await as()('Analytics', '.create table Counted (a:string)');
    const after = analytics((await read()).rows);
    assert.equal(after.NumberOfExternalTables, (before.NumberOfExternalTables as number) - 1);
    assert.equal(after.NumberOfTables, (before.NumberOfTables as number) + 1);
    // Database roles and AllDatabasesViewer do not run it (the page asks for AllDatabasesMonitor).
    assert.equal((await kustoFailure(as(REPORTING)('Analytics', '.show databases details'))).status, 403);
    assert.equal((await kustoFailure(as(READERS)('Analytics', '.show databases details'))).status, 403);
  });

  it('a follower takes principal changes (.add|.drop follower database, or the usual form), not policy ones', async () => {
    const admin = as();
    const show = async () =>
      rowsOf(await admin('TelemetryFollower', '.show database TelemetryFollower principals')).map(
        (r) => `${r.Role}:${r.PrincipalObjectId}`,
      );
    await admin(
      'TelemetryFollower',
      `.add follower database TelemetryFollower viewers ('aadapp=${REPORTING};${TENANT}') 'reports'`,
    );
    assert.ok((await show()).includes(`Database TelemetryFollower Viewer:${REPORTING}`));
    await admin(
      'TelemetryFollower',
      `.drop follower database TelemetryFollower viewers ('aadapp=${REPORTING};${TENANT}')`,
    );
    assert.ok(!(await show()).includes(`Database TelemetryFollower Viewer:${REPORTING}`));
    await admin('TelemetryFollower', `.add database TelemetryFollower monitors ('aadapp=${REPORTING};${TENANT}')`);
    assert.ok((await show()).includes(`Database TelemetryFollower Monitor:${REPORTING}`));
    const leader = await kustoFailure(
      admin('Analytics', `.add follower database Analytics viewers ('aadapp=${REPORTING};${TENANT}')`),
    );
    assert.match(leader.message, /not a follower database/);
    const role = await kustoFailure(
      admin(
        'TelemetryFollower',
        `.add follower database TelemetryFollower ingestors ('aadapp=${REPORTING};${TENANT}')`,
      ),
    );
    assert.equal(role.code, 'BadRequest_SyntaxError');
    const policy = await kustoFailure(
      admin('TelemetryFollower', `.alter database TelemetryFollower policy managed_identity ${SET_POLICY}`),
    );
    assert.match(policy.message, /follower database .* read-only/);
  });
});
