// ARM through the real @azure/arm-kusto, @azure/arm-msi and subscriptions clients: shapes, paging, identity PATCH, auth.
import assert from 'node:assert/strict';
import { ManagedServiceIdentityClient } from '@azure/arm-msi';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import { startSandbox, RunningSandbox } from '../../../sandbox';
import {
  armClient,
  armFailure,
  armOptions,
  fixedCredential,
  LRO_FAST,
  SUB_DEV,
  SUB_PROD,
  TENANT,
  UAI_EXPORT,
  UAI_INGEST,
  UAI_SPARE,
} from './helpers';

describe('sandbox ARM', () => {
  let sandbox: RunningSandbox;
  beforeEach(async () => {
    sandbox = await startSandbox();
    sandbox.state.pageSize = 2;
  });
  afterEach(async () => {
    await sandbox.stop();
  });

  it("lists tenants and the token tenant's subscriptions, following nextLink", async () => {
    const client = new SubscriptionClient(fixedCredential(sandbox, 'arm'), armOptions(sandbox));
    const subs = [];
    for await (const s of client.subscriptions.list()) subs.push(s.subscriptionId);
    assert.deepEqual(subs.sort(), [SUB_DEV, SUB_PROD]);
    const tenants = [];
    for await (const t of client.tenants.list()) tenants.push(t.tenantId);
    assert.deepEqual(tenants, sandbox.tenants);
    const other = new SubscriptionClient(fixedCredential(sandbox, 'arm', sandbox.tenants[1]), armOptions(sandbox));
    const none = [];
    for await (const s of other.subscriptions.list()) none.push(s);
    assert.equal(none.length, 0);
  });

  it('lists clusters by subscription and resource group with identity and properties', async () => {
    const client = armClient(sandbox, SUB_PROD);
    const names = [];
    for await (const c of client.clusters.list()) names.push(c.name);
    assert.deepEqual(names.sort(), ['adxfull', 'adxuser']);
    const dev = [];
    for await (const c of armClient(sandbox, SUB_DEV).clusters.listByResourceGroup('rg-adx-dev')) dev.push(c);
    assert.deepEqual(dev.map((c) => c.name).sort(), ['adxnoid', 'adxsystem']);
    // No identity: no `identity` key at all (the spec's list examples).
    assert.equal(dev.find((c) => c.name === 'adxnoid')?.identity, undefined);
    // A system identity alone still carries `userAssignedIdentities: {}`, as every SystemAssigned spec example does.
    assert.deepEqual(dev.find((c) => c.name === 'adxsystem')?.identity?.userAssignedIdentities, {});
    const full = await client.clusters.get('rg-adx-prod', 'adxfull');
    assert.equal(full.identity?.type, 'SystemAssigned, UserAssigned');
    assert.equal(full.identity?.principalId, '5e000003-0000-4000-8000-000000000003');
    assert.deepEqual(Object.keys(full.identity?.userAssignedIdentities ?? {}).sort(), [UAI_EXPORT, UAI_INGEST]);
    assert.equal(
      full.identity?.userAssignedIdentities?.[UAI_EXPORT].principalId,
      '0e000001-0000-4000-8000-000000000001',
    );
    assert.equal(full.uri, sandbox.clusters.adxfull);
    assert.equal(full.state, 'Running');
    assert.deepEqual(full.trustedExternalTenants, [{ value: sandbox.tenants[1] }]);
    assert.equal(full.sku.tier, 'Standard');
    assert.match(full.dataIngestionUri ?? '', /ingest-/);
  });

  it('pages databases through nextLink and types followers', async () => {
    const client = armClient(sandbox, SUB_PROD);
    const dbs = [];
    for await (const d of client.databases.listByCluster('rg-adx-prod', 'adxfull')) dbs.push(d);
    assert.deepEqual(
      dbs.map((d) => d.name),
      ['adxfull/Analytics', 'adxfull/Archive', 'adxfull/TelemetryFollower'],
    );
    assert.deepEqual(
      dbs.map((d) => d.kind),
      ['ReadWrite', 'ReadWrite', 'ReadOnlyFollowing'],
    );
    const pages = [];
    for await (const p of client.databases.listByCluster('rg-adx-prod', 'adxfull').byPage()) pages.push(p.length);
    assert.deepEqual(pages, [2, 1]);
  });

  it('lists user-assigned identities with @azure/arm-msi, paged', async () => {
    const msi = new ManagedServiceIdentityClient(fixedCredential(sandbox, 'arm'), SUB_PROD, armOptions(sandbox));
    const ids = [];
    for await (const i of msi.userAssignedIdentities.listBySubscription()) ids.push(i);
    assert.deepEqual(
      ids.map((i) => i.id),
      [UAI_EXPORT, UAI_INGEST, UAI_SPARE],
    );
    assert.equal(ids[2].principalId, '0e000003-0000-4000-8000-000000000003');
    assert.equal(ids[2].clientId, '0c000003-0000-4000-8000-000000000003');
    assert.equal(ids[2].tenantId, TENANT);
  });

  it('shows data connections naming the identity they use', async () => {
    const dcs = [];
    for await (const d of armClient(sandbox, SUB_PROD).dataConnections.listByDatabase(
      'rg-adx-prod',
      'adxfull',
      'Analytics',
    ))
      dcs.push(d);
    assert.deepEqual(
      dcs.map((d) => d.kind),
      ['IotHub', 'EventHub'],
    );
    // IotHub connections authenticate with a shared access policy; Event Hub ones name their identity.
    assert.equal((dcs[1] as { managedIdentityResourceId?: string }).managedIdentityResourceId, UAI_INGEST);
    const eh = await armClient(sandbox, SUB_DEV).dataConnections.get(
      'rg-adx-dev',
      'adxsystem',
      'Telemetry',
      'telemetry-eh',
    );
    assert.equal(eh.kind, 'EventHub');
    assert.match(
      (eh as { managedIdentityResourceId?: string }).managedIdentityResourceId ?? '',
      /clusters\/adxsystem$/,
    );
  });

  for (const style of ['azure-async-operation', 'location'] as const) {
    describe(`identity PATCH (${style})`, () => {
      beforeEach(() => sandbox.setLroStyle(style));

      it('turns the system identity on and off and updates the type', async () => {
        const client = armClient(sandbox, SUB_DEV);
        const on = await client.clusters.beginUpdateAndWait(
          'rg-adx-dev',
          'adxnoid',
          { identity: { type: 'SystemAssigned' } },
          LRO_FAST,
        );
        assert.equal(on.identity?.type, 'SystemAssigned');
        assert.match(on.identity?.principalId ?? '', /^[0-9a-f-]{36}$/);
        const off = await client.clusters.beginUpdateAndWait(
          'rg-adx-dev',
          'adxnoid',
          { identity: { type: 'None' } },
          LRO_FAST,
        );
        assert.equal(off.identity, undefined);
        assert.equal((await client.clusters.get('rg-adx-dev', 'adxnoid')).identity?.principalId, undefined);
      });

      it('attaches a user-assigned identity and detaches one with null', async () => {
        const client = armClient(sandbox, SUB_PROD);
        const added = await client.clusters.beginUpdateAndWait(
          'rg-adx-prod',
          'adxfull',
          {
            identity: { type: 'SystemAssigned, UserAssigned', userAssignedIdentities: { [UAI_SPARE]: {} } },
          },
          LRO_FAST,
        );
        assert.equal(Object.keys(added.identity?.userAssignedIdentities ?? {}).length, 3);
        const removed = await client.clusters.beginUpdateAndWait(
          'rg-adx-prod',
          'adxfull',
          {
            // null removes an identity; the SDK types do not allow it, the wire does
            identity: {
              type: 'SystemAssigned, UserAssigned',
              userAssignedIdentities: { [UAI_EXPORT]: null, [UAI_SPARE]: null } as never,
            },
          },
          LRO_FAST,
        );
        assert.deepEqual(Object.keys(removed.identity?.userAssignedIdentities ?? {}), [UAI_INGEST]);
        const onlyUser = await client.clusters.beginUpdateAndWait(
          'rg-adx-prod',
          'adxfull',
          { identity: { type: 'UserAssigned' } },
          LRO_FAST,
        );
        assert.equal(onlyUser.identity?.type, 'UserAssigned');
        assert.equal(onlyUser.identity?.principalId, undefined);
      });

      it('puts and deletes a database principal assignment', async () => {
        const client = armClient(sandbox, SUB_PROD);
        const put = await client.databasePrincipalAssignments.beginCreateOrUpdateAndWait(
          'rg-adx-prod',
          'adxfull',
          'Archive',
          'export-viewer',
          {
            principalId: '0c000001-0000-4000-8000-000000000001',
            role: 'Viewer',
            principalType: 'App',
            tenantId: TENANT,
          },
          LRO_FAST,
        );
        assert.equal(put.role, 'Viewer');
        assert.equal(put.aadObjectId, '0e000001-0000-4000-8000-000000000001');
        const got = await client.databasePrincipalAssignments.get('rg-adx-prod', 'adxfull', 'Archive', 'export-viewer');
        assert.equal(got.principalName, 'id-adx-export');
        await client.databasePrincipalAssignments.beginDeleteAndWait(
          'rg-adx-prod',
          'adxfull',
          'Archive',
          'export-viewer',
          LRO_FAST,
        );
        const left = [];
        for await (const p of client.databasePrincipalAssignments.list('rg-adx-prod', 'adxfull', 'Archive'))
          left.push(p.name);
        assert.equal(
          left.some((n) => n?.endsWith('export-viewer')),
          false,
        );
      });

      it('reports a failed long-running operation and leaves the cluster unchanged', async () => {
        sandbox.faults.add({
          method: 'PATCH',
          path: /clusters\/adxnoid$/,
          lroError: { code: 'ClusterUpdateFailed', message: 'disk full' },
        });
        const client = armClient(sandbox, SUB_DEV);
        const err = await armFailure(
          client.clusters.beginUpdateAndWait(
            'rg-adx-dev',
            'adxnoid',
            { identity: { type: 'SystemAssigned' } },
            LRO_FAST,
          ),
        );
        assert.match(err.message, style === 'location' ? /disk full/ : /ClusterUpdateFailed|disk full/);
        assert.equal((await client.clusters.get('rg-adx-dev', 'adxnoid')).identity, undefined);
      });

      it('keeps polling a slow operation until it is done', async () => {
        const rule = { method: 'PATCH', path: /clusters\/adxnoid$/, lroPolls: 3 };
        sandbox.faults.add(rule);
        const poller = await armClient(sandbox, SUB_DEV).clusters.beginUpdate(
          'rg-adx-dev',
          'adxnoid',
          { identity: { type: 'SystemAssigned' } },
          LRO_FAST,
        );
        assert.equal(poller.isDone(), false);
        const done = await poller.pollUntilDone();
        assert.equal(done.identity?.type, 'SystemAssigned');
      });
    });
  }

  it('PATCHes the streaming ingestion flag and trusted external tenants', async () => {
    const client = armClient(sandbox, SUB_DEV);
    const c = await client.clusters.beginUpdateAndWait(
      'rg-adx-dev',
      'adxnoid',
      {
        enableStreamingIngest: true,
        trustedExternalTenants: [{ value: '*' }],
      },
      LRO_FAST,
    );
    assert.equal(c.enableStreamingIngest, true);
    assert.deepEqual(c.trustedExternalTenants, [{ value: '*' }]);
    assert.equal(c.identity, undefined);
  });

  it('refuses an identity that does not exist and a bad identity type', async () => {
    const client = armClient(sandbox, SUB_DEV);
    const missing = await armFailure(
      client.clusters.beginUpdateAndWait(
        'rg-adx-dev',
        'adxnoid',
        {
          identity: { type: 'UserAssigned', userAssignedIdentities: { [`${UAI_SPARE}-nope`]: {} } },
        },
        LRO_FAST,
      ),
    );
    assert.equal(missing.status, 400);
    const bad = await armFailure(
      client.clusters.beginUpdateAndWait('rg-adx-dev', 'adxnoid', { identity: { type: 'Both' as never } }, LRO_FAST),
    );
    assert.equal(bad.code, 'InvalidIdentityType');
  });

  it('accepts principal changes on a follower database (follower page: permissions as for any database)', async () => {
    const created = await armClient(sandbox, SUB_PROD).databasePrincipalAssignments.beginCreateOrUpdateAndWait(
      'rg-adx-prod',
      'adxfull',
      'TelemetryFollower',
      'follower-reporting',
      { principalId: 'ab000000-0000-4000-8000-0000000000b1', role: 'Viewer', principalType: 'App' },
      LRO_FAST,
    );
    assert.equal(created.role, 'Viewer');
    const names = [];
    for await (const p of armClient(sandbox, SUB_PROD).databasePrincipalAssignments.list(
      'rg-adx-prod',
      'adxfull',
      'TelemetryFollower',
    ))
      names.push(p.name);
    assert.ok(names.includes('adxfull/TelemetryFollower/follower-reporting'));
  });

  it('answers 404 ResourceNotFound for an unknown cluster', async () => {
    const err = await armFailure(armClient(sandbox, SUB_DEV).clusters.get('rg-adx-dev', 'nope'));
    assert.equal(err.status, 404);
    assert.equal(err.code, 'ResourceNotFound');
  });
});
