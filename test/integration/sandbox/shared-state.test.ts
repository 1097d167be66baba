// ARM and Kusto share one model: identities attached in ARM are what Kusto's policy and principal commands check.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, RunningSandbox, Scenario } from '../../../sandbox';
import {
  armClient,
  kustoClient,
  kustoFailure,
  LRO_FAST,
  rowsOf,
  SPARE_PRINCIPAL,
  SUB_PROD,
  TENANT,
  UAI_INGEST,
  UAI_SPARE,
} from './helpers';

describe('sandbox shared state', () => {
  let sandbox: RunningSandbox;
  // stop() is idempotent, so a test may stop its sandbox early
  afterEach(async () => {
    await sandbox.stop();
  });
  const alterSpare = () =>
    kustoClient(sandbox, 'adxuser').executeMgmt(
      'Ingest',
      `.alter cluster policy managed_identity \`\`\`[{"ObjectId":"${SPARE_PRINCIPAL}","AllowedUsages":"NativeIngestion"}]\`\`\``,
    );

  it('a policy naming an identity works once ARM attaches it and fails again once detached', async () => {
    sandbox = await startSandbox({ lro: 'location' });
    assert.match((await kustoFailure(alterSpare())).message, /not assigned/);
    const arm = armClient(sandbox, SUB_PROD);
    await arm.clusters.beginUpdateAndWait(
      'rg-adx-prod',
      'adxuser',
      { identity: { type: 'UserAssigned', userAssignedIdentities: { [UAI_SPARE]: {} } } },
      LRO_FAST,
    );
    await alterSpare();
    await arm.clusters.beginUpdateAndWait(
      'rg-adx-prod',
      'adxuser',
      {
        identity: { type: 'UserAssigned', userAssignedIdentities: { [UAI_SPARE]: null, [UAI_INGEST]: {} } as never },
      },
      LRO_FAST,
    );
    assert.match((await kustoFailure(alterSpare())).message, /not assigned/);
  });

  it('a just-attached identity is "not found in AAD tenant" until the visibility delay has passed', async () => {
    sandbox = await startSandbox({ principalVisibilityDelayMs: 3_600_000 });
    await armClient(sandbox, SUB_PROD).clusters.beginUpdateAndWait(
      'rg-adx-prod',
      'adxuser',
      {
        identity: { type: 'UserAssigned', userAssignedIdentities: { [UAI_SPARE]: {} } },
      },
      LRO_FAST,
    );
    const add = () =>
      kustoClient(sandbox, 'adxuser').executeMgmt(
        'Ingest',
        `.add database Ingest ingestors ('aadapp=${SPARE_PRINCIPAL};${TENANT}')`,
      );
    assert.match((await kustoFailure(add())).message, /not found in AAD tenant/);
    // Pretend the attachment happened long ago, as a test changing things "outside the extension" would.
    sandbox.state.clusters.find((c) => c.name === 'adxuser')?.userAssigned.set(UAI_SPARE.toLowerCase(), 0);
    const rows = rowsOf(await add());
    assert.ok(rows.some((r) => r.PrincipalObjectId === SPARE_PRINCIPAL && r.Role === 'Database Ingest Ingestor'));
  });

  it('a scenario object, the scale knob and per-request latency: subscriptions, clusters and databases are served', async () => {
    sandbox = await startSandbox({
      scenario: { tenants: [{ tenantId: TENANT, displayName: 'T' }], subscriptions: [], clusters: [] },
      scale: { subscriptions: 2, clustersPerSubscription: 3, databasesPerCluster: 4 },
      latencyMs: 5,
    });
    assert.equal(sandbox.subscriptions.length, 2);
    assert.equal(Object.keys(sandbox.clusters).length, 6);
    const sub = sandbox.subscriptions[1].subscriptionId;
    const names = [];
    for await (const c of armClient(sandbox, sub).clusters.list()) names.push(c.name);
    assert.equal(names.length, 3);
    const dbs = rowsOf(await kustoClient(sandbox, names[0] as string).executeMgmt('db0', '.show databases'));
    assert.equal(dbs.length, 4);
  });

  it('loads a scenario file and refuses an inconsistent scenario', async () => {
    const scenario: Scenario = {
      tenants: [{ tenantId: TENANT, displayName: 'T' }],
      subscriptions: [{ subscriptionId: SUB_PROD, displayName: 'P', tenantId: TENANT }],
      clusters: [{ name: 'solo', subscriptionId: SUB_PROD, resourceGroup: 'rg', databases: [{ name: 'D' }] }],
    };
    const file = join(mkdtempSync(join(tmpdir(), 'sbx-test-')), 'scenario.json');
    writeFileSync(file, JSON.stringify(scenario));
    sandbox = await startSandbox({ scenario: file, port: 0 });
    assert.deepEqual(Object.keys(sandbox.clusters), ['solo']);
    await sandbox.stop();
    const broken = { ...scenario, clusters: [{ ...scenario.clusters[0], userAssignedIdentities: [UAI_SPARE] }] };
    await assert.rejects(startSandbox({ scenario: broken }), /no userAssignedIdentities entry/);
  });
});
