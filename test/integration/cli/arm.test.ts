// `check` with ARM: the cluster found through Resource Graph or by resource id, and the ARM facts the extension uses
// (identity assignment, data connections, followers, the streaming flag) instead of "not visible".
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type RunningSandbox } from '../../../sandbox';
import { runCheck } from '../../../src/cli/check';
import { Catalog } from '../../../src/services/catalog';
import { clusterInfoFromRow, clusterRefByUri, credentialAccount } from '../../../src/services/cliAccount';
import { listAllClusters } from '../../../src/services/armRest';
import { createCredential } from '../../../src/services/credentials';
import { ClientFactory } from '../../../src/services/factory';
import { KUSTO_SCOPE, SANDBOX_ARM_SCOPE } from '../../../src/services/sandboxAccount';
import { directClusterRef } from '../../../src/services/workflows/run';
import { fakeIo, FAST, secretVars, withEnv } from './helpers';

const PROD = 'aaaaaaaa-0000-4000-8000-000000000002';
const ADXFULL_ID = `/subscriptions/${PROD}/resourceGroups/rg-adx-prod/providers/Microsoft.Kusto/clusters/adxfull`;

describe('adx-identity check with ARM (--sandbox, --auth, --resource-id)', () => {
  let sandbox: RunningSandbox;
  let info: string;
  before(async () => {
    sandbox = await startSandbox();
    info = JSON.stringify(sandbox.info());
  });
  after(async () => {
    await sandbox.stop();
  });

  async function check(args: string[], vars: Record<string, string | undefined> = {}) {
    const io = fakeIo();
    const code = await withEnv(sandbox, vars, () => runCheck(args, io, { factory: FAST }));
    return { code, out: io.out, err: io.err };
  }
  const ingestion = ['--database', 'Analytics', '--flow', 'native-ingestion'];

  it('native-ingestion: the data connections come from ARM, where a bare Kusto URL leaves them unknown', async () => {
    const bare = await check(['--cluster', sandbox.clusters.adxfull, ...ingestion]);
    assert.equal(bare.code, 0, bare.err);
    assert.match(bare.out, /\[\?\?\?\?\] Data connections can be read\n\s+data connections are ARM resources/);
    const arm = await check(['--sandbox', info, '--cluster', sandbox.clusters.adxfull, ...ingestion]);
    assert.equal(arm.err, '');
    // The IoT Hub connection uses a shared access policy: only ARM shows it, and the gate now fails.
    assert.equal(arm.code, 1);
    assert.doesNotMatch(arm.out, /Data connections can be read/);
    assert.match(arm.out, /\[FAIL\] devices-iothub authenticates with a managed identity \(IotHub devices-iothub\)/);
    assert.match(
      arm.out,
      /\[PASS\] Identity id-adx-ingest is assigned to the cluster \(EventHub events-eh\)\n\s+ARM shows id-adx-ingest assigned/,
    );
  });

  it('--resource-id alone finds the cluster (its URI from ARM); --auth env signs the same requests', async () => {
    const byId = await check(['--sandbox', info, '--resource-id', ADXFULL_ID, ...ingestion]);
    assert.equal(byId.err, '');
    assert.equal(byId.code, 1);
    assert.match(byId.out, /^native-ingestion on adxfull\/Analytics: FAILED/);
    assert.match(byId.out, /\(EventHub events-eh\)/);
    const env = await check(
      ['--sandbox', info, '--auth', 'env', '--resource-id', ADXFULL_ID, ...ingestion],
      secretVars(sandbox),
    );
    assert.equal(env.out, byId.out);
  });

  it('the streaming flag comes from ARM: off on the cluster and in the database is a failure, not an unknown', async () => {
    const args = [
      '--cluster',
      sandbox.clusters.adxfull,
      '--database',
      'Analytics',
      '--flow',
      'iot-operations',
      '--table',
      'Events',
      '--identity',
      '0e000002-0000-4000-8000-000000000002',
    ];
    const bare = await check(args);
    assert.match(
      bare.out,
      /\[\?\?\?\?\] Streaming ingestion is on for Analytics or the cluster\n\s+the policy of Analytics is off, and only a Kusto URL is known/,
    );
    const arm = await check(['--sandbox', info, ...args]);
    assert.equal(arm.code, 1);
    assert.match(
      arm.out,
      /\[FAIL\] Streaming ingestion is on for Analytics or the cluster\n\s+the policy of Analytics is off and ARM shows it off for the cluster/,
    );
  });

  it("report: identities assigned in ARM and each database's data connections; snapshot leaves the follower out", async () => {
    const report = await check(['--sandbox', info, '--cluster', sandbox.clusters.adxfull, '--flow', 'report']);
    assert.equal(report.code, 0, report.err);
    assert.doesNotMatch(report.out, /no ARM/);
    assert.match(
      report.out,
      /\| id-adx-export \| 0e000001-0000-4000-8000-000000000001 \| 0c000001-0000-4000-8000-000000000001 \| yes \|/,
    );
    assert.match(report.out, /events-eh/);
    const snapshot = await check([
      '--sandbox',
      info,
      '--resource-id',
      ADXFULL_ID,
      '--flow',
      'snapshot',
      '--now',
      '2026-11-28T00:00:00Z',
    ]);
    assert.equal(snapshot.code, 0, snapshot.err);
    assert.match(snapshot.out, /database Analytics/);
    assert.doesNotMatch(snapshot.out, /TelemetryFollower/);
  });

  it("functions: the identity's client id is looked up in ARM, as the extension does (unknown without ARM)", async () => {
    const args = [
      '--cluster',
      sandbox.clusters.adxfull,
      '--database',
      'Analytics',
      '--flow',
      'functions',
      '--identity',
      '0e000001-0000-4000-8000-000000000001',
      '--binding',
      'input',
    ];
    const bare = await check(args);
    assert.match(bare.out, /\[\?\?\?\?\] The identity's client id is known/);
    const arm = await check(['--sandbox', info, ...args]);
    assert.equal(arm.code, 0, arm.err);
    assert.match(arm.out, /^functions on adxfull\/Analytics: PASSED\n {2}\[PASS\] id-adx-export holds Database Viewer/);
    assert.match(arm.out, /ManagedServiceIdentity = "0c000001-0000-4000-8000-000000000001"/);
  });

  it('--sandbox takes a file holding what `npm run sandbox` prints (its first JSON line); --auth none there means no ARM', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'adx-sb-')), 'sandbox.out');
    writeFileSync(file, `${info}\nARM (https, self-signed): ${sandbox.arm}\nPress Ctrl+C to stop.\n`);
    const fromFile = await check(['--sandbox', file, '--cluster', sandbox.clusters.adxfull, ...ingestion]);
    assert.equal(fromFile.err, '');
    assert.match(fromFile.out, /\(EventHub events-eh\)/);
    const none = await check([
      '--sandbox',
      file,
      '--auth',
      'none',
      '--cluster',
      sandbox.clusters.adxfull,
      ...ingestion,
    ]);
    assert.equal(none.code, 0, none.err);
    assert.match(none.out, /\[\?\?\?\?\] Data connections can be read/);
  });

  it('a URL Resource Graph does not know: says why there are no ARM facts, and checks through Kusto alone', async () => {
    const other = sandbox.clusters.adxfull.replace('127.0.0.1', 'localhost');
    const r = await check(['--sandbox', info, '--cluster', other, ...ingestion]);
    assert.equal(r.code, 0);
    assert.match(r.err, /no ARM facts for http:\/\/localhost:\d+: no cluster with URI .* \(pass --resource-id\)/);
    assert.match(r.out, /Data connections can be read/);
  });

  it('--resource-id needs ARM; a resource id of a subscription the credential cannot see exits 2', async () => {
    const none = await check(['--sandbox', info, '--auth', 'none', '--resource-id', ADXFULL_ID, ...ingestion]);
    assert.equal(none.code, 2);
    assert.match(none.err, /--resource-id needs ARM/);
    const unseen = await check([
      '--sandbox',
      info,
      '--resource-id',
      ADXFULL_ID.replace(PROD, 'ffffffff-0000-4000-8000-000000000009'),
      ...ingestion,
    ]);
    assert.equal(unseen.code, 2);
    assert.match(unseen.err, /subscription ffffffff-0000-4000-8000-000000000009 is not visible to this credential/);
  });

  it('ARM tokens for ARM, Kusto tokens for Kusto: an account with the two scopes swapped is refused by each', async () => {
    const factory = new ClientFactory(FAST);
    try {
      await withEnv(sandbox, secretVars(sandbox), async () => {
        const credential = await createCredential('env', {
          authorityHost: sandbox.arm,
          ca: sandbox.certificatePem,
          disableInstanceDiscovery: true,
        });
        const options = {
          kind: 'sandbox' as const,
          credential,
          armEndpoint: sandbox.arm,
          portalUrl: '',
          ca: sandbox.certificatePem,
        };
        const catalog = new Catalog(factory);
        const right = credentialAccount(factory, { ...options, armScope: SANDBOX_ARM_SCOPE, kustoScope: KUSTO_SCOPE });
        const ref = await clusterRefByUri(catalog, right, sandbox.clusters.adxfull);
        assert.equal(ref.cluster.resourceId, ADXFULL_ID);
        // The inventory's rows map to the very ClusterInfo the GET gives (one mapping for both paths).
        const rows = await listAllClusters(factory, right);
        assert.equal(rows.length, sandbox.state.clusters.length);
        const row = rows.find((r) => r.id === ADXFULL_ID)!;
        assert.deepEqual(clusterInfoFromRow(row, ref.subscription!), ref.cluster);
        assert.ok((await catalog.clusterPolicy(ref)).length > 0);
        const swapped = credentialAccount(factory, {
          ...options,
          armScope: KUSTO_SCOPE,
          kustoScope: SANDBOX_ARM_SCOPE,
        });
        const status = (e: unknown) => (e as { status?: number }).status === 401;
        await assert.rejects(clusterRefByUri(catalog, swapped, sandbox.clusters.adxfull), status);
        await assert.rejects(
          catalog.clusterPolicy(directClusterRef(sandbox.clusters.adxfull, 'account', swapped)),
          status,
        );
      });
    } finally {
      await factory.dispose();
    }
  });
});
