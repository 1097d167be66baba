// ARM routing: one route table per provider, and ARM's answers for an unknown provider, type, path or method.
import assert from 'node:assert/strict';
import { startSandbox, RunningSandbox } from '../../../sandbox';
import { PROVIDERS } from '../../../sandbox/arm/server';
import { rawArm, SUB_DEV, SUB_PROD } from './helpers';

describe('sandbox ARM routing', () => {
  let sandbox: RunningSandbox;
  before(async () => {
    sandbox = await startSandbox();
  });
  after(async () => {
    await sandbox.stop();
  });
  const call = async (method: string, path: string) => {
    const r = await rawArm(sandbox, `${path}?api-version=2023-08-15`, {
      method,
      headers: { authorization: `Bearer ${sandbox.token('arm')}`, 'content-type': 'application/json' },
      body: method === 'GET' ? undefined : '{}',
    });
    return { status: r.status, body: JSON.parse(r.body || '{}') as { error?: { code: string }; value?: unknown[] } };
  };
  const rg = `/subscriptions/${SUB_PROD}/resourceGroups/rg-adx-prod/providers`;

  it('has one route table per provider', () => {
    assert.deepEqual(
      PROVIDERS.map((p) => p.namespace),
      [
        'Microsoft.Kusto',
        'Microsoft.ManagedIdentity',
        'Microsoft.Authorization',
        'Microsoft.Storage',
        'Microsoft.EventHub',
        'Microsoft.DocumentDB',
        'Microsoft.CognitiveServices',
      ],
    );
    for (const p of PROVIDERS) assert.ok(p.routes.length > 0);
  });

  it('serves each provider at subscription and resource-group scope, case-insensitively', async () => {
    assert.equal(
      (await call('GET', `/subscriptions/${SUB_DEV}/providers/microsoft.kusto/CLUSTERS`)).body.value?.length,
      2,
    );
    const identities = await call(
      'GET',
      `${rg.replace('rg-adx-prod', 'rg-identities')}/Microsoft.ManagedIdentity/userAssignedIdentities`,
    );
    assert.equal(identities.status, 200);
    assert.equal((await call('GET', `${rg}/Microsoft.Kusto/clusters/adxfull/databases/Analytics`)).status, 200);
  });

  it('answers an unknown provider 404, an unknown type 400, an unknown path 404 and a wrong method 405', async () => {
    const provider = await call('GET', `${rg}/Microsoft.Nope/things`);
    assert.deepEqual([provider.status, provider.body.error?.code], [404, 'NoRegisteredProviderFound']);
    const type = await call('GET', `${rg}/Microsoft.Kusto/widgets`);
    assert.deepEqual([type.status, type.body.error?.code], [400, 'InvalidResourceType']);
    const path = await call('GET', `${rg}/Microsoft.Kusto/clusters/adxfull/tables`);
    assert.deepEqual([path.status, path.body.error?.code], [404, 'NotFound']);
    const method = await call('POST', `${rg}/Microsoft.Kusto/clusters/adxfull/databases`);
    assert.deepEqual([method.status, method.body.error?.code], [405, 'MethodNotAllowed']);
    const missing = await call('GET', `${rg}/Microsoft.Kusto/clusters/adxnoid`);
    assert.deepEqual([missing.status, missing.body.error?.code], [404, 'ResourceNotFound']);
  });
});
