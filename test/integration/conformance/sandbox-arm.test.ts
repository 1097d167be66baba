// Every sandbox ARM answer the product reads, validated against the vendored Microsoft.Kusto / ManagedIdentity swaggers.
import assert from 'node:assert/strict';
import { startSandbox, RunningSandbox } from '../../../sandbox';
import { rawArm, SUB_DEV, SUB_PROD } from '../sandbox/helpers';
import { COMMON_V3, itemErrors, KUSTO, MSI, schemaErrors } from './specs';

type Body = Record<string, unknown> & { value?: Record<string, unknown>[] };

describe('conformance: sandbox ARM answers against the 2023-08-15 swagger', () => {
  let sandbox: RunningSandbox;
  before(async () => {
    sandbox = await startSandbox();
  });
  after(async () => {
    await sandbox.stop();
  });
  const call = async (method: string, path: string, body?: unknown) => {
    const r = await rawArm(sandbox, `${path}${path.includes('?') ? '&' : '?'}api-version=2023-08-15`, {
      method,
      headers: { authorization: `Bearer ${sandbox.token('arm')}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, body: (r.body ? JSON.parse(r.body) : undefined) as Body, raw: r };
  };
  const get = async (path: string) => {
    const r = await call('GET', path);
    assert.equal(r.status, 200, `${path}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const valid = (file: string, definition: string, value: unknown, what: string) =>
    assert.deepEqual(schemaErrors(file, definition, value), [], `${what} is not a valid ${definition}`);
  const validItems = (file: string, definition: string, list: Body, what: string) => {
    for (const item of list.value ?? [])
      assert.deepEqual(itemErrors(file, definition, item), [], `${what}: ${String(item.name)}`);
  };
  const rg = (sub: string, group: string) => `/subscriptions/${sub}/resourceGroups/${group}/providers`;
  const FULL = `${rg(SUB_PROD, 'rg-adx-prod')}/Microsoft.Kusto/clusters/adxfull`;

  it('clusters: lists and each cluster (no identity, system, user, both)', async () => {
    for (const [sub, group] of [
      [SUB_DEV, 'rg-adx-dev'],
      [SUB_PROD, 'rg-adx-prod'],
    ]) {
      const bySub = await get(`/subscriptions/${sub}/providers/Microsoft.Kusto/clusters`);
      valid(KUSTO, 'ClusterListResult', bySub, 'the subscription list');
      valid(KUSTO, 'ClusterListResult', await get(`${rg(sub, group)}/Microsoft.Kusto/clusters`), 'the group list');
      for (const c of bySub.value ?? []) {
        const one = await get(`${rg(sub, group)}/Microsoft.Kusto/clusters/${String(c.name)}`);
        valid(KUSTO, 'Cluster', one, String(c.name));
      }
    }
  });

  it('databases (read-write and follower), principal assignments and data connections', async () => {
    const dbs = await get(`${FULL}/databases`);
    valid(KUSTO, 'DatabaseListResult', dbs, 'the database list');
    validItems(KUSTO, 'Database', dbs, 'database');
    assert.ok(dbs.value?.some((d) => d.kind === 'ReadOnlyFollowing'));
    validItems(KUSTO, 'Database', { value: [await get(`${FULL}/databases/Analytics`)] }, 'one database');
    const assignments = await get(`${FULL}/databases/Analytics/principalAssignments`);
    valid(KUSTO, 'DatabasePrincipalAssignmentListResult', assignments, 'the assignments');
    const connections = await get(`${FULL}/databases/Analytics/dataConnections`);
    valid(KUSTO, 'DataConnectionListResult', connections, 'the data connections');
    validItems(KUSTO, 'DataConnection', connections, 'data connection');
    assert.deepEqual([...new Set(connections.value?.map((c) => c.kind))].sort(), ['EventHub', 'IotHub']);
    // As in the spec's examples, the identity's object id comes with its resource id.
    for (const c of connections.value ?? []) {
      const p = c.properties as Record<string, unknown>;
      if (p.managedIdentityResourceId) assert.match(String(p.managedIdentityObjectId), /^[0-9a-f-]{36}$/);
    }
  });

  it('a PATCH and a principal assignment PUT: the 202 bodies, the operation status and the final resource', async () => {
    const patch = await call('PATCH', `${rg(SUB_DEV, 'rg-adx-dev')}/Microsoft.Kusto/clusters/adxnoid`, {
      identity: { type: 'SystemAssigned' },
    });
    assert.equal(patch.status, 202);
    valid(KUSTO, 'Cluster', patch.body, 'the 202 body');
    const status = await rawArm(
      sandbox,
      new URL(String(patch.raw.headers['azure-asyncoperation'])).pathname + '?api-version=2023-08-15',
      {
        headers: { authorization: `Bearer ${sandbox.token('arm')}` },
      },
    );
    valid(KUSTO, 'OperationResult', JSON.parse(status.body), 'the operation status');
    const after = await get(`${rg(SUB_DEV, 'rg-adx-dev')}/Microsoft.Kusto/clusters/adxnoid`);
    valid(KUSTO, 'Cluster', after, 'the patched cluster');
    assert.deepEqual((after.identity as Record<string, unknown>).userAssignedIdentities, {});
    const put = await call('PUT', `${FULL}/databases/Archive/principalAssignments/conformance`, {
      properties: { principalId: 'ab000000-0000-4000-8000-0000000000b1', role: 'Viewer', principalType: 'App' },
    });
    assert.equal(put.status, 202);
    valid(KUSTO, 'DatabasePrincipalAssignment', put.body, 'the assignment 202 body');
  });

  it('user-assigned identities (Microsoft.ManagedIdentity), by subscription and one by name', async () => {
    const list = await get(`/subscriptions/${SUB_PROD}/providers/Microsoft.ManagedIdentity/userAssignedIdentities`);
    valid(MSI, 'UserAssignedIdentitiesListResult', list, 'the identity list');
    assert.ok((list.value ?? []).length >= 3);
    const one = await get(`${rg(SUB_PROD, 'rg-identities')}/Microsoft.ManagedIdentity/userAssignedIdentities/id-spare`);
    valid(MSI, 'Identity', one, 'id-spare');
  });

  it('errors are the common ErrorResponse', async () => {
    const missing = await call('GET', `${rg(SUB_PROD, 'rg-adx-prod')}/Microsoft.Kusto/clusters/nope`);
    assert.equal(missing.status, 404);
    valid(COMMON_V3, 'ErrorResponse', missing.body, 'a 404');
    const bad = await call('PATCH', `${FULL}`, { identity: { type: 'System' } });
    assert.equal(bad.status, 400);
    valid(COMMON_V3, 'ErrorResponse', bad.body, 'a 400');
  });
});

describe('conformance: the schemas reject what the service would not send', () => {
  const cluster = {
    id: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Kusto/clusters/c',
    location: 'westeurope',
    sku: { name: 'Dev(No SLA)_Standard_E2a_v4', tier: 'Basic', capacity: 1 },
  };
  it('accepts a minimal cluster, and refuses identity.type "System", no sku, a bad tier or state', () => {
    assert.deepEqual(schemaErrors(KUSTO, 'Cluster', cluster), []);
    assert.notDeepEqual(schemaErrors(KUSTO, 'Cluster', { ...cluster, identity: { type: 'System' } }), []);
    assert.notDeepEqual(schemaErrors(KUSTO, 'Cluster', { ...cluster, sku: undefined }), []);
    assert.notDeepEqual(schemaErrors(KUSTO, 'Cluster', { ...cluster, sku: { ...cluster.sku, tier: 'Free' } }), []);
    assert.notDeepEqual(schemaErrors(KUSTO, 'Cluster', { ...cluster, properties: { state: 'Sleeping' } }), []);
  });
  it('refuses a database of another kind, a non-ISO period, a follower with a bad modification kind', () => {
    assert.throws(() => itemErrors(KUSTO, 'Database', { kind: 'ReadOnly' }), /no Database subtype/);
    assert.notDeepEqual(schemaErrors(KUSTO, 'Database', { kind: 'ReadOnly' }), []);
    assert.notDeepEqual(
      itemErrors(KUSTO, 'Database', { kind: 'ReadWrite', properties: { softDeletePeriod: '365d' } }),
      [],
    );
    assert.notDeepEqual(
      itemErrors(KUSTO, 'Database', { kind: 'ReadOnlyFollowing', properties: { principalsModificationKind: 'Merge' } }),
      [],
    );
  });
  it('refuses a principal assignment role or type the swagger does not list, and a non-numeric percentComplete', () => {
    assert.notDeepEqual(
      schemaErrors(KUSTO, 'DatabasePrincipalAssignment', {
        properties: { principalId: 'x', role: 'Owner', principalType: 'App' },
      }),
      [],
    );
    assert.notDeepEqual(
      schemaErrors(KUSTO, 'DatabasePrincipalAssignment', {
        properties: { principalId: 'x', role: 'Viewer', principalType: 'Robot' },
      }),
      [],
    );
    assert.notDeepEqual(schemaErrors(KUSTO, 'OperationResult', { status: 'Succeeded', percentComplete: 'all' }), []);
  });
  it('refuses a user-assigned identity whose principalId is not a uuid', () => {
    const identity = {
      id: '/subscriptions/s/resourceGroups/g/providers/Microsoft.ManagedIdentity/userAssignedIdentities/i',
      location: 'westeurope',
    };
    assert.deepEqual(schemaErrors(MSI, 'Identity', identity), []);
    assert.notDeepEqual(schemaErrors(MSI, 'Identity', { ...identity, properties: { principalId: 'not-a-guid' } }), []);
  });
});
