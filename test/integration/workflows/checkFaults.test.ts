// `check` under the sandbox's fault injection with the real clients: a read it could not make never passes (exit 2,
// naming the read and the role), a hung cluster hits --timeout / --deadline with progress on stderr, a long
// Retry-After says when to retry, and a malformed body never shows SDK internals.
import * as assert from 'node:assert/strict';
import { startSandbox, type RunningSandbox } from '../../../sandbox';
import { runCheck, type CheckEnvironment } from '../../../src/cli/check';
import type { CliIo } from '../../../src/cli/main';

const ENV: CheckEnvironment = {
  factory: { retry: { maxRetries: 1, retryDelayInMs: 10, maxRetryDelayInMs: 50 }, timeoutMs: 5000 },
  progressMs: 100,
};

async function check(args: string[], env = ENV): Promise<{ code: number; out: string; err: string }> {
  const r = { code: -1, out: '', err: '' };
  const io: CliIo = {
    stdout: (t) => (r.out += t),
    stderr: (t) => (r.err += t),
    readStdin: async () => '',
    readFile: async () => '',
  };
  r.code = await runCheck(args, io, env);
  return r;
}

describe('check never passes on a read it could not make (fault injection, real clients)', function () {
  this.timeout(60_000);
  let sandbox: RunningSandbox;
  before(async () => {
    sandbox = await startSandbox();
  });
  after(async () => sandbox.stop());
  afterEach(() => sandbox.faults.clear());
  const args = (extra: string[] = []) => [
    '--cluster',
    sandbox.clusters.adxfull,
    '--database',
    'Analytics',
    '--flow',
    'update-policy',
    '--table',
    'EnrichedEvents',
    '--now',
    '2026-11-28T00:00:00Z',
    ...extra,
  ];

  it('passes when every read succeeds (the baseline the faults below break)', async () => {
    const r = await check(args(), { ...ENV, progressMs: 600_000 });
    assert.ok(r.code === 0 || r.code === 1, r.out + r.err);
    assert.equal(r.err, '');
  });

  for (const status of [403, 500]) {
    it(`a ${status} on a later read (the database principals) exits 2 naming the read and the role`, async () => {
      sandbox.faults.add({ path: '/adxfull/v1/rest/mgmt', body: /\.show database Analytics principals/, status });
      const r = await check(args());
      assert.equal(r.code, 2, r.out + r.err);
      assert.match(r.err, /1 read failed, so the verdict is incomplete \(exit 2\)/);
      assert.match(r.err, /\.show database Analytics principals: .*\((403|500)\)/);
      assert.match(r.err, /needs Database Viewer \(or higher\) on Analytics/);
    });
  }

  it('a snapshot missing a database the cluster refused to show exits 2 (it must not become the baseline)', async () => {
    sandbox.faults.add({ path: '/adxfull/v1/rest/mgmt', body: /\.show external tables/, status: 403, times: 1 });
    const base = ['--cluster', sandbox.clusters.adxfull, '--flow', 'snapshot', '--now', '2026-11-28T00:00:00Z'];
    const r = await check(base, { ...ENV, progressMs: 600_000 });
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /\.show external tables \(in \w+\): Could not .*\(403\)/);
  });

  it('the JSON output lists the failed reads', async () => {
    sandbox.faults.add({ path: '/adxfull/v1/rest/mgmt', body: /\.show database Analytics principals/, status: 403 });
    const r = await check(args(['--format', 'json']));
    assert.equal(r.code, 2);
    const json = JSON.parse(r.out) as { failedReads: { read: string; role: string }[] };
    assert.deepEqual(
      json.failedReads.map((f) => f.read),
      ['.show database Analytics principals'],
    );
  });

  it('a hung cluster: --timeout ends each request, progress goes to stderr, exit 2', async () => {
    sandbox.faults.add({ path: '/adxfull/v1/rest/mgmt', body: /principals/, latencyMs: 20_000 });
    const r = await check(args(['--timeout', '1']), { ...ENV, factory: { ...ENV.factory, timeoutMs: undefined } });
    assert.equal(r.code, 2, r.out + r.err);
    assert.match(
      r.err,
      /still reading http:\/\/127\.0\.0\.1:\d+ after \d+ s \(timeout 1 s per request, deadline 300 s\)/,
    );
    assert.match(r.err, /principals: Could not .*timed out/);
  });

  it('a hung cluster: the whole-run --deadline gives up, exit 2', async () => {
    sandbox.faults.add({ path: '/adxfull/v1/rest/mgmt', latencyMs: 20_000 });
    const r = await check(args(['--deadline', '1']));
    assert.equal(r.code, 2, r.out + r.err);
    assert.match(r.err, /gave up reading http:\/\/127\.0\.0\.1:\d+ after 1 s \(--deadline\)/);
  });

  it('a 429 with a long Retry-After says when to retry, without waiting for it', async () => {
    sandbox.faults.add({ path: '/adxfull/v1/rest/mgmt', body: /principals/, status: 429, retryAfter: 3600 });
    const r = await check(args());
    assert.equal(r.code, 2, r.out + r.err);
    assert.match(r.err, /throttled \(429\)\. The service asks to wait 3600 s: try again after \d\d:\d\d:\d\d UTC\./);
  });

  it("a malformed body never shows the SDK's internals", async () => {
    sandbox.faults.add({ path: '/adxfull/v1/rest/mgmt', body: /principals/, malformedBody: true });
    const r = await check(args());
    assert.equal(r.code, 2, r.out + r.err);
    assert.match(r.err, /answered with a body that is not a valid response/);
    assert.doesNotMatch(r.out + r.err, /TypeError|TableName|reading '|SyntaxError|Unexpected token/);
  });
});
