// Failing branches become error rows (never throws), name the missing permission, and never hide their siblings.
import assert from 'node:assert/strict';
import type { ModelNode } from '../../../src/services/tree/node';
import { TreeModel } from '../../../src/services/tree/model';
import { childrenAt, setup, type Setup } from '../services/sandbox';

const DEV = 'aaaaaaaa-0000-4000-8000-000000000001';
const devClusters = `/subscriptions/${DEV}/providers/Microsoft.Kusto/clusters`;
const errorOf = (nodes: ModelNode[]): ModelNode | undefined => nodes.find((n) => n.kind === 'error');

describe('tree: error rows and the fault matrix', () => {
  let s: Setup;
  before(async () => {
    s = await setup();
  });
  after(async () => {
    await s.stop();
  });
  beforeEach(() => {
    s.sandbox.faults.clear();
    s.model.invalidate();
  });

  const armCases: { status: number; kind: string; message: RegExp; actions: string[] }[] = [
    {
      status: 401,
      kind: 'unauthenticated',
      message: /not signed in or the token was refused \(401\).*Reader on the subscription/,
      actions: ['signIn', 'retry', 'showLog'],
    },
    {
      status: 403,
      kind: 'forbidden',
      message:
        /permission denied \(403\)\. It needs Reader on the subscription or cluster \(Microsoft\.Kusto\/clusters\/read\)/,
      actions: ['retry', 'showLog'],
    },
    { status: 404, kind: 'notFound', message: /not found \(404\)/, actions: ['retry', 'showLog'] },
    { status: 429, kind: 'throttled', message: /throttled \(429\)/, actions: ['retry', 'showLog'] },
    { status: 500, kind: 'server', message: /the service failed \(500\)/, actions: ['retry', 'showLog'] },
    { status: 503, kind: 'server', message: /the service failed \(503\)/, actions: ['retry', 'showLog'] },
  ];
  for (const c of armCases) {
    it(`ARM ${c.status} listing one subscription's clusters: an error row there, the other subscription still loads`, async () => {
      s.sandbox.faults.add({ path: devClusters, status: c.status, retryAfter: 0 });
      const dev = await childrenAt(s.model, 'Contoso Analytics Dev');
      assert.equal(dev.length, 1);
      const err = errorOf(dev);
      assert.ok(err?.error, 'an error row');
      assert.equal(err.error.kind, c.kind);
      assert.match(err.label, /^Error: Could not list clusters in subscription Contoso Analytics Dev: /);
      assert.match(err.error.message, c.message);
      assert.deepEqual(err.error.actions, c.actions);
      assert.equal(err.contextValue, `adxIdentity.error;${c.actions.join(';')}`);
      assert.equal(err.error.retryId, (await s.model.getChildren())[0].id);
      assert.deepEqual(
        (await childrenAt(s.model, 'Contoso Analytics Prod')).map((n) => n.label),
        ['adxfull', 'adxuser'],
      );
    });
  }

  it('ARM: a throttled (429) or failing (500) request is retried and then succeeds', async () => {
    s.sandbox.faults.add({ path: devClusters, status: 429, retryAfter: 0, times: 1 });
    s.sandbox.faults.add({ path: devClusters, status: 500, times: 1 });
    assert.deepEqual(
      (await childrenAt(s.model, 'Contoso Analytics Dev')).map((n) => n.label),
      ['adxnoid', 'adxsystem'],
    );
    assert.deepEqual(s.sandbox.faults.hits, [1, 1]);
  });

  it('retrying an error row after the fault clears shows the data', async () => {
    s.sandbox.faults.add({ path: devClusters, status: 503 });
    const err = errorOf(await childrenAt(s.model, 'Contoso Analytics Dev'));
    assert.ok(err?.error);
    s.sandbox.faults.clear();
    s.model.invalidate(err.error.retryId);
    assert.deepEqual(
      (await childrenAt(s.model, 'Contoso Analytics Dev')).map((n) => n.label),
      ['adxnoid', 'adxsystem'],
    );
  });

  const kustoCases: { status: number; kind: string; message: RegExp }[] = [
    {
      status: 401,
      kind: 'unauthenticated',
      message: /\(401\).*AllDatabasesMonitor, AllDatabasesViewer or AllDatabasesAdmin on the cluster/,
    },
    {
      status: 403,
      kind: 'forbidden',
      message:
        /permission denied \(403\)\. It needs AllDatabasesMonitor, AllDatabasesViewer or AllDatabasesAdmin on the cluster/,
    },
    { status: 404, kind: 'notFound', message: /not found \(404\)/ },
    { status: 429, kind: 'throttled', message: /throttled \(429\)/ },
    { status: 500, kind: 'server', message: /the service failed \(500\)/ },
  ];
  for (const c of kustoCases) {
    it(`Kusto ${c.status} on one branch: an error row in that branch only`, async () => {
      s.sandbox.faults.add({ path: '/adxfull/v1/rest/mgmt', status: c.status, retryAfter: 0 });
      const principals = await childrenAt(s.model, 'Contoso Analytics Prod', 'adxfull', 'Cluster principals');
      const err = errorOf(principals);
      assert.ok(err?.error);
      assert.equal(err.error.kind, c.kind);
      assert.match(err.error.message, /^Could not show the cluster principals: /);
      assert.match(err.error.message, c.message);
      // The other cluster's branch is untouched.
      const other = await childrenAt(s.model, 'Contoso Analytics Prod', 'adxuser', 'Cluster principals');
      assert.deepEqual(
        other.map((n) => n.label),
        ['AllDatabasesAdmin → Ada Admin'],
      );
    });
  }

  it('Kusto 403 on a database names the database role it needs', async () => {
    s.sandbox.faults.add({ path: '/adxfull/v1/rest/mgmt', status: 403 });
    const err = errorOf(
      await childrenAt(s.model, 'Contoso Analytics Prod', 'adxfull', 'Databases', 'Analytics', 'External tables'),
    );
    assert.match(err?.error?.message ?? '', /It needs Database Viewer \(or higher\) on Analytics/);
  });

  it('Kusto: a throttled request is retried and then succeeds', async () => {
    s.sandbox.faults.add({ path: '/adxfull/v1/rest/mgmt', status: 429, retryAfter: 0, times: 2 });
    const principals = await childrenAt(s.model, 'Contoso Analytics Prod', 'adxfull', 'Cluster principals');
    assert.deepEqual(
      principals.map((n) => n.label),
      ['AllDatabasesAdmin → Ada Admin', 'AllDatabasesViewer → ADX Readers'],
    );
    assert.deepEqual(s.sandbox.faults.hits, [2]);
  });

  it('a malformed ARM body becomes an error row, not a crash', async () => {
    s.sandbox.faults.add({ path: devClusters, malformedBody: true });
    const err = errorOf(await childrenAt(s.model, 'Contoso Analytics Dev'));
    assert.match(err?.error?.message ?? '', /^Could not list clusters in subscription Contoso Analytics Dev/);
  });
});

describe('tree: timeouts', () => {
  let s: Setup;
  before(async () => {
    s = await setup(
      {},
      { retry: { maxRetries: 1, retryDelayInMs: 10, maxRetryDelayInMs: 20 }, timeoutMs: 300, concurrency: 8 },
    );
  });
  after(async () => {
    await s.stop();
  });

  it('an ARM request that outlasts the timeout becomes a timeout error row', async () => {
    s.sandbox.faults.add({ path: devClusters, latencyMs: 1500 });
    const err = errorOf(await childrenAt(s.model, 'Contoso Analytics Dev'));
    assert.equal(err?.error?.kind, 'timeout');
    assert.match(err?.error?.message ?? '', /timed out/);
    assert.deepEqual(
      (await childrenAt(s.model, 'Contoso Analytics Prod')).map((n) => n.label),
      ['adxfull', 'adxuser'],
    );
  });

  it('a Kusto request that outlasts the timeout becomes a timeout error row', async () => {
    s.sandbox.faults.clear();
    s.sandbox.faults.add({ path: '/adxuser/v1/rest/mgmt', latencyMs: 1500 });
    const err = errorOf(await childrenAt(s.model, 'Contoso Analytics Prod', 'adxuser', 'Cluster principals'));
    assert.equal(err?.error?.kind, 'timeout');
    assert.match(err?.error?.message ?? '', /^Could not show the cluster principals: timed out/);
  });
});

describe('tree: states that are not errors', () => {
  let s: Setup;
  before(async () => {
    s = await setup();
  });
  after(async () => {
    await s.stop();
  });

  it('a stopped cluster shows its identities and says it is stopped, without asking Kusto', async () => {
    s.sandbox.state.clusters.find((c) => c.name === 'adxuser')!.state = 'Stopped';
    s.sandbox.faults.add({ path: '/adxuser/' });
    const kids = await childrenAt(s.model, 'Contoso Analytics Prod', 'adxuser');
    assert.deepEqual(
      kids.map((n) => `${n.label}${n.description ? ` — ${n.description}` : ''}`),
      ['Identities — 1', 'Cluster is Stopped — start it to read its policies, principals and databases'],
    );
    assert.deepEqual(s.sandbox.faults.hits, [0]);
  });

  it('retrying a failed account row reloads the roots', async () => {
    let fail = true;
    const base = s.account;
    const flaky = {
      ...base,
      listSubscriptions: async () => {
        if (fail) throw new Error('boom');
        return base.listSubscriptions();
      },
    };
    const model = new TreeModel(s.catalog, () => ({ accounts: [flaky], direct: [] }));
    const [err] = await model.getChildren();
    assert.equal(err.kind, 'error');
    assert.equal(err.error?.retryId, 'root');
    fail = false;
    model.invalidate(err.error.retryId);
    assert.deepEqual(
      (await model.getChildren()).map((n) => n.label),
      ['Contoso Analytics Dev', 'Contoso Analytics Prod'],
    );
  });
});
