// Audience checks on both sides, the token endpoint, fault injection through the real clients' retry policies.
import assert from 'node:assert/strict';
import { startSandbox, RunningSandbox } from '../../../sandbox';
import {
  armClient,
  armFailure,
  fixedCredential,
  kustoClient,
  kustoFailure,
  rawArm,
  rowsOf,
  scopedCredential,
  SUB_DEV,
  SUB_PROD,
} from './helpers';

describe('sandbox auth and faults', () => {
  let sandbox: RunningSandbox;
  before(async () => {
    sandbox = await startSandbox();
  });
  after(async () => {
    await sandbox.stop();
  });
  afterEach(() => sandbox.faults.clear());

  describe('audiences', () => {
    it('Kusto: refuses an ARM token with 401', async () => {
      const err = await kustoFailure(
        kustoClient(sandbox, 'adxfull', fixedCredential(sandbox, 'arm')).executeMgmt('Analytics', '.show databases'),
      );
      assert.equal(err.status, 401);
    });

    it('Kusto: accepts a Kusto token, a token for the cluster URI and no Authorization at all', async () => {
      for (const client of [
        kustoClient(sandbox, 'adxfull', scopedCredential(sandbox)),
        kustoClient(sandbox, 'adxfull', fixedCredential(sandbox, sandbox.clusters.adxfull)),
        kustoClient(sandbox, 'adxfull'),
      ]) {
        assert.equal(rowsOf(await client.executeMgmt('Analytics', '.show databases')).length, 3);
      }
    });

    it('ARM: refuses a Kusto token, a missing token and a token of the wrong tenant with 401', async () => {
      const kusto = await armFailure(
        armClient(sandbox, SUB_DEV, fixedCredential(sandbox, 'kusto')).clusters.get('rg-adx-dev', 'adxnoid'),
      );
      assert.deepEqual([kusto.status, kusto.code], [401, 'InvalidAuthenticationToken']);
      const none = await rawArm(
        sandbox,
        `/subscriptions/${SUB_DEV}/providers/Microsoft.Kusto/clusters?api-version=2023-08-15`,
      );
      assert.equal(none.status, 401);
      assert.equal(JSON.parse(none.body).error.code, 'AuthenticationFailed');
      const other = await armFailure(
        armClient(sandbox, SUB_DEV, fixedCredential(sandbox, 'arm', sandbox.tenants[1])).clusters.get(
          'rg-adx-dev',
          'adxnoid',
        ),
      );
      assert.deepEqual([other.status, other.code], [401, 'InvalidAuthenticationTokenTenant']);
    });

    it('Kusto: a caller who is not an admin may read but not alter (403)', async () => {
      const reporting = {
        getToken: async () => ({
          token: sandbox.token('kusto', undefined, 'ab000000-0000-4000-8000-0000000000b1'),
          expiresOnTimestamp: Date.now() + 60_000,
        }),
      };
      const client = kustoClient(sandbox, 'adxfull', reporting);
      assert.equal(
        rowsOf(await client.executeMgmt('Analytics', '.show database Analytics policy managed_identity')).length,
        1,
      );
      const err = await kustoFailure(
        client.executeMgmt(
          'Analytics',
          '.alter database Analytics policy managed_identity ```[{"ObjectId":"system","AllowedUsages":"All"}]```',
        ),
      );
      assert.equal(err.status, 403);
      assert.match(err.message, /AllDatabasesAdmin/);
    });

    it('the token endpoint hands out a token ARM accepts', async () => {
      const t = await rawArm(sandbox, '/token', {
        method: 'POST',
        body: 'scope=https%3A%2F%2Fmanagement.azure.com%2F.default',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      const token = JSON.parse(t.body).access_token as string;
      const ok = await rawArm(sandbox, `/subscriptions?api-version=2022-12-01`, {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(ok.status, 200);
      assert.equal(JSON.parse(ok.body).value.length, 2);
    });
  });

  describe('faults', () => {
    it('ARM: a 429 with a short Retry-After is retried by the pipeline', async () => {
      sandbox.faults.add({ method: 'GET', path: /clusters\/adxnoid$/, status: 429, retryAfter: 0, times: 1 });
      const c = await armClient(sandbox, SUB_DEV).clusters.get('rg-adx-dev', 'adxnoid');
      assert.equal(c.name, 'adxnoid');
      assert.deepEqual(sandbox.faults.hits, [1]);
    });

    it('ARM: 500s beyond the retry budget surface as a RestError', async () => {
      sandbox.faults.add({ path: '/clusters/adxnoid', status: 500 });
      const err = await armFailure(armClient(sandbox, SUB_DEV).clusters.get('rg-adx-dev', 'adxnoid'));
      assert.equal(err.status, 500);
      assert.equal(sandbox.faults.hits[0], 2);
    });

    it('ARM: a malformed body fails the call', async () => {
      sandbox.faults.add({ path: /Microsoft\.Kusto\/clusters$/, malformedBody: true, times: 1 });
      const it = armClient(sandbox, SUB_PROD).clusters.list();
      await assert.rejects(it.next());
    });

    it("Kusto: a 429 becomes the client's throttling error; latency still answers", async () => {
      sandbox.faults.add({ path: '/adxfull/v1/rest/mgmt', status: 429, retryAfter: 1, times: 1 });
      await assert.rejects(kustoClient(sandbox, 'adxfull').executeMgmt('Analytics', '.show databases'), {
        name: 'ThrottlingError',
      });
      sandbox.faults.add({ path: '/adxfull/v2/rest/query', latencyMs: 30, times: 1 });
      assert.equal(rowsOf(await kustoClient(sandbox, 'adxfull').execute('Analytics', 'Events | count'))[0].Count, 5);
      assert.equal(sandbox.faults.hits[1], 1);
    });
  });
});
