// Resource Graph on the sandbox: the product's fixed queries are answered from the live state (paged with $skipToken,
// scoped to subscriptions and the token's tenant); any other query is the service's 400; a Kusto token is refused.
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { startSandbox, type RunningSandbox } from '../../../sandbox';
import { ALL_CLUSTERS_QUERY, clusterByUriQuery } from '../../../src/core/resourceGraph';
import { SUB_DEV, SUB_PROD } from './helpers';

describe('sandbox Resource Graph', () => {
  let sandbox: RunningSandbox;
  before(async () => {
    sandbox = await startSandbox();
  });
  after(async () => {
    await sandbox.stop();
  });

  function query(body: unknown, token = sandbox.token('arm'), api = '2021-03-01') {
    return new Promise<{ status: number; json: Record<string, unknown> }>((resolve, reject) => {
      const req = request(
        `${sandbox.arm}/providers/Microsoft.ResourceGraph/resources?api-version=${api}`,
        {
          method: 'POST',
          ca: sandbox.certificatePem,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        },
        (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify(body));
    });
  }
  const names = (r: { json: Record<string, unknown> }) => (r.json.data as { name: string }[]).map((d) => d.name);

  it('the inventory query lists every cluster of the tenant, in pages joined by $skipToken', async () => {
    const all = await query({ query: ALL_CLUSTERS_QUERY });
    assert.equal(all.status, 200);
    assert.deepEqual(names(all).sort(), sandbox.state.clusters.map((c) => c.name).sort());
    const row = (all.json.data as Record<string, unknown>[]).find((d) => d.name === 'adxfull')!;
    assert.equal(row.type, 'microsoft.kusto/clusters');
    assert.equal((row.properties as { uri: string }).uri, sandbox.clusters.adxfull);
    const seen: string[] = [];
    let skip: string | undefined;
    do {
      const page = await query({
        query: ALL_CLUSTERS_QUERY,
        options: { $top: 1, ...(skip ? { $skipToken: skip } : {}) },
      });
      assert.equal(page.json.count, 1);
      seen.push(...names(page));
      skip = page.json.$skipToken as string | undefined;
    } while (skip);
    assert.deepEqual(seen, names(all));
    const dev = await query({ query: ALL_CLUSTERS_QUERY, subscriptions: [SUB_DEV] });
    assert.ok(names(dev).length > 0);
    assert.ok(
      (dev.json.data as { subscriptionId: string }[]).every((d) => d.subscriptionId === SUB_DEV),
      'only the subscription asked for',
    );
  });

  it('the by-URI query finds the one cluster (case and trailing slash aside)', async () => {
    const r = await query({
      query: clusterByUriQuery(`${sandbox.clusters.adxfull.toUpperCase()}/`),
      subscriptions: [SUB_PROD],
    });
    assert.deepEqual(names(r), ['adxfull']);
  });

  it('any other query gets BadRequest with InvalidQuery; a Kusto token gets 401', async () => {
    for (const q of ['resources | take 1', `${ALL_CLUSTERS_QUERY} | take 1`, 42]) {
      const r = await query({ query: q });
      assert.equal(r.status, 400);
      const err = r.json.error as { code: string; details: { code: string }[] };
      assert.equal(err.code, 'BadRequest');
      assert.equal(err.details[0].code, 'InvalidQuery');
    }
    const kusto = await query({ query: ALL_CLUSTERS_QUERY }, sandbox.token('kusto'));
    assert.equal(kusto.status, 401);
  });
});
