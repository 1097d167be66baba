// Cancelling a Kusto request aborts its HTTP call (not only the wait), and leaves other requests alone.
import assert from 'node:assert/strict';
import { CancelledError } from '../../../src/core/operations/plan';
import { setup, type Setup } from './sandbox';

describe('services: cancelling a Kusto request', () => {
  let s: Setup;
  beforeEach(async () => {
    s = await setup();
  });
  afterEach(async () => {
    await s.stop();
  });

  it('aborts the request on the wire and rejects with CancelledError; a request without a signal on the same cluster still answers', async () => {
    const target = {
      uri: s.sandbox.info().clusters.adxfull,
      auth: { kind: 'token' as const, getToken: async () => s.sandbox.token('kusto') },
    };
    const run = (text: string, signal?: AbortSignal) =>
      s.catalog.kusto.run(target, { text }, { action: 'show', permission: 'p' }, signal);
    await run('.show databases'); // the SDK loaded and the cluster's auth metadata read: what follows is one request each
    s.sandbox.faults.add({ path: '/adxfull/v1/rest/mgmt', latencyMs: 3000, times: 2 });
    const controller = new AbortController();
    const slow = run('.show databases', controller.signal);
    const other = run('.show cluster principals');
    // Cancel once both requests are on the wire and held by the cluster.
    for (let i = 0; i < 100 && s.sandbox.faults.hits[0] < 2; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(s.sandbox.faults.hits[0], 2);
    const started = Date.now();
    controller.abort();
    await assert.rejects(slow, (e: unknown) => e instanceof CancelledError);
    assert.ok(Date.now() - started < 1000, `cancelled after ${Date.now() - started} ms`);
    // The sandbox saw the client hang up on that request while it was still being answered.
    for (let i = 0; i < 20 && s.sandbox.faults.abandoned.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    assert.deepEqual(s.sandbox.faults.abandoned, ['/adxfull/v1/rest/mgmt']);
    const principals = await other;
    assert.ok(principals.rows.length > 0);
    // An already cancelled signal sends nothing.
    const before = s.sandbox.faults.hits[0];
    await assert.rejects(run('.show databases', controller.signal), CancelledError);
    assert.equal(s.sandbox.faults.hits[0], before);
  });
});
