// `adx-identity wait-principal` against the sandbox: a just-created identity becomes visible, or the wait times out.
import assert from 'node:assert/strict';
import { startSandbox, type RunningSandbox, type Scenario } from '../../../sandbox';
import { loadScenario } from '../../../sandbox';
import { runWaitPrincipal } from '../../../src/cli/waitPrincipal';
import { captureIo, type CapturedIo } from '../../support/cliIo';

const NEW_ID = '0e0000a1-0000-4000-8000-0000000000a1';
const TENANT = '11111111-1111-4111-8111-111111111111';
const FAST = { retry: { maxRetries: 0, retryDelayInMs: 10, maxRetryDelayInMs: 10 }, timeoutMs: 3000 };

function fakeIo(): CapturedIo {
  return captureIo({ readFile: async () => '' });
}

describe('adx-identity wait-principal (sandbox)', () => {
  let sandbox: RunningSandbox;
  /** The new identity's directory entry: its `visibleAfterMs` decides when the sandbox resolves it. */
  let entry: { visibleAfterMs?: number };
  before(async () => {
    const scenario = loadScenario(undefined) as Scenario;
    scenario.directory = [
      ...(scenario.directory ?? []),
      // Created "just now": not in the directory for an hour, unless a test lets it arrive.
      { objectId: NEW_ID, displayName: 'id-pipeline-new', type: 'App', tenantId: TENANT, visibleAfterMs: 3_600_000 },
    ];
    sandbox = await startSandbox({ scenario });
    entry = sandbox.state.directory.find((d) => d.objectId === NEW_ID)!;
  });
  after(async () => {
    await sandbox.stop();
  });
  const args = (...more: string[]) => [
    '--cluster',
    sandbox.clusters.adxfull,
    '--principal',
    NEW_ID,
    '--tenant',
    TENANT,
    ...more,
  ];

  it("times out while the identity is not visible, with the service's reason, exit 1", async () => {
    const io = fakeIo();
    const code = await runWaitPrincipal(args('--timeout', '100ms', '--interval', '40ms'), io, { factory: FAST });
    assert.equal(code, 1, io.out + io.err);
    assert.match(
      io.err,
      new RegExp(`aadapp=${NEW_ID};${TENANT}: not visible yet \\(attempt 1\\); next try in 0\\.0 s`),
    );
    assert.match(
      io.err,
      /is still not visible to the cluster after \d+ attempt\(s\) in \d+ s\. The service said: .*was not found in AAD tenant/,
    );
    assert.equal(io.out, '');
  });

  it('polls until the new identity resolves, then exits 0 (sleeping until the directory has it)', async () => {
    const io = fakeIo();
    let slept = 0;
    const code = await runWaitPrincipal(args('--timeout', '60s', '--interval', '1s'), io, {
      factory: FAST,
      // The identity reaches the directory during the first wait: a state change, not a timed one.
      sleep: async () => {
        slept++;
        entry.visibleAfterMs = 0;
      },
    });
    assert.equal(code, 0, io.err);
    assert.equal(slept, 1);
    assert.match(io.err, /not visible yet \(attempt 1\); next try in 1\.0 s/);
    assert.match(
      io.out,
      new RegExp(`^aadapp=${NEW_ID};${TENANT}: resolved after 2 attempt\\(s\\), [\\d.]+ s; it holds 0 role\\(s\\)\\n$`),
    );
  });

  it('an identity that holds roles says how many; a cluster refusing the caller is exit 2, not a wait', async () => {
    const io = fakeIo();
    const known = '0e000001-0000-4000-8000-000000000001';
    const code = await runWaitPrincipal(
      ['--cluster', sandbox.clusters.adxfull, '--principal', `aadapp=${known};${TENANT}`],
      io,
      { factory: FAST },
    );
    assert.equal(code, 0, io.err);
    assert.match(io.out, /it holds [1-9]\d* role\(s\)/);
    sandbox.faults.add({ path: '/v1/rest/mgmt', status: 403, times: 1 });
    const denied = fakeIo();
    assert.equal(await runWaitPrincipal(args('--timeout', '10s'), denied, { factory: FAST }), 2);
    assert.doesNotMatch(denied.err, /not visible yet/);
  });

  it('usage errors exit 2 and name the problem', async () => {
    const io = fakeIo();
    assert.equal(await runWaitPrincipal(['--cluster', sandbox.clusters.adxfull, '--principal', NEW_ID], io), 2);
    assert.match(io.err, /--tenant/);
  });
});
