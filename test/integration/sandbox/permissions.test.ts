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
