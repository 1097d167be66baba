// The product's ARM readers over the swagger's own examples: the real SDK deserializes each recorded body.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { KustoManagementClient } from '@azure/arm-kusto';
import { ManagedServiceIdentityClient } from '@azure/arm-msi';
import { createHttpHeaders, type HttpClient, type PipelineRequest } from '@azure/core-rest-pipeline';
import { toClusterInfo, toDatabaseInfo, toDataConnectionInfo } from '../../../src/services/arm';
import { KUSTO, MSI, SPECS } from './specs';

interface Example {
  parameters: Record<string, string>;
  responses: Record<string, { body?: unknown }>;
}
const example = (file: string, name: string): Example =>
  JSON.parse(readFileSync(join(SPECS, dirname(file), 'examples', name), 'utf8')) as Example;

/** Answers the first request with the example's 200 body as ARM recorded it, a `nextLink` page with an empty one. */
function replay(ex: Example): { httpClient: HttpClient; paths: string[] } {
  const paths: string[] = [];
  return {
    paths,
    httpClient: {
      sendRequest: async (request: PipelineRequest) => {
        paths.push(new URL(request.url).pathname);
        const body = paths.length === 1 ? ex.responses['200'].body : { value: [] };
        return {
          request,
          status: 200,
          headers: createHttpHeaders({ 'content-type': 'application/json' }),
          bodyAsText: JSON.stringify(body),
        };
      },
    },
  };
}

const credential = { getToken: async () => ({ token: 'recorded', expiresOnTimestamp: Date.now() + 60_000 }) };
const kusto = (ex: Example) => {
  const r = replay(ex);
  const client = new KustoManagementClient(credential, ex.parameters.subscriptionId, { httpClient: r.httpClient });
  return { client, paths: r.paths };
};
const subscription = (ex: Example) => ({
  subscriptionId: ex.parameters.subscriptionId,
  name: 'Example',
  tenantId: 't',
});

describe('conformance: the product reads the Microsoft.Kusto 2023-08-15 examples', () => {
  it('has every example of the swagger vendored', () => {
    const names = readdirSync(join(SPECS, dirname(KUSTO), 'examples'));
    assert.equal(names.length, 88);
    for (const ref of readFileSync(join(SPECS, KUSTO), 'utf8').matchAll(/"\.\/examples\/([^"]+)"/g))
      assert.ok(names.includes(ref[1]), ref[1]);
  });

  it('Clusters_Get: a system identity with userAssignedIdentities {} and no uri in the example', async () => {
    const ex = example(KUSTO, 'KustoClustersGet.json');
    const { client } = kusto(ex);
    const info = toClusterInfo(
      await client.clusters.get(ex.parameters.resourceGroupName, ex.parameters.clusterName),
      subscription(ex),
    );
    assert.equal(info.name, 'kustoCluster');
    assert.equal(info.resourceGroup, 'kustorptest');
    assert.deepEqual(info.identities, {
      system: { principalId: 'faabad1f-4876-463c-af9d-6ba2d2d2394c', tenantId: 'b932977f-6277-4ab7-a2cd-5bd21f07aaf4' },
      userAssigned: [],
    });
    assert.equal(info.tenantId, 'b932977f-6277-4ab7-a2cd-5bd21f07aaf4');
    assert.equal(info.streamingIngest, true);
    // The example carries no `uri` (it is read-only and optional): the reader gives '' rather than failing.
    assert.equal(info.uri, '');
  });

  it('Clusters_List / ListByResourceGroup: clusters without an identity key read as having none', async () => {
    for (const file of ['KustoClustersList.json', 'KustoClustersListByResourceGroup.json']) {
      const ex = example(KUSTO, file);
      const { client } = kusto(ex);
      const pages = ex.parameters.resourceGroupName
        ? client.clusters.listByResourceGroup(ex.parameters.resourceGroupName)
        : client.clusters.list();
      const infos = [];
      for await (const c of pages) infos.push(toClusterInfo(c, subscription(ex)));
      assert.equal(infos.length, 2, file);
      for (const i of infos)
        assert.deepEqual(i.identities, { system: undefined, userAssigned: [] }, `${file} ${i.name}`);
    }
  });

  it('Databases_ListByCluster: short names, and the follower marked read-only', async () => {
    const ex = example(KUSTO, 'KustoDatabasesListByCluster.json');
    const { client } = kusto(ex);
    const infos = [];
    for await (const d of client.databases.listByCluster(ex.parameters.resourceGroupName, ex.parameters.clusterName))
      infos.push(toDatabaseInfo(d));
    assert.deepEqual(infos, [
      { name: 'KustoDatabase8', kind: 'ReadWrite', readOnly: false },
      { name: 'KustoDatabase9', kind: 'ReadOnlyFollowing', readOnly: true },
      { name: 'KustoDatabase10', kind: 'ReadWrite', readOnly: false },
    ]);
  });

  it('DataConnections_ListByDatabase: EventHub, EventGrid and CosmosDb name their identity', async () => {
    const ex = example(KUSTO, 'KustoDataConnectionsListByDatabase.json');
    const { client } = kusto(ex);
    const infos = [];
    const pages = client.dataConnections.listByDatabase(
      ex.parameters.resourceGroupName,
      ex.parameters.clusterName,
      ex.parameters.databaseName,
    );
    for await (const dc of pages) infos.push(toDataConnectionInfo(dc));
    const recorded = (ex.responses['200'].body as { value: { properties: { managedIdentityResourceId?: string } }[] })
      .value;
    assert.deepEqual(
      infos.map((i) => [i.name, i.kind, i.identityResourceId]),
      recorded.map((r, n) => [
        `KustoDataConnection${n + 1}`,
        ['EventHub', 'EventGrid', 'CosmosDb'][n],
        r.properties.managedIdentityResourceId,
      ]),
    );
    assert.ok(infos.every((i) => i.identityResourceId));
  });
});

describe('conformance: the product reads the Microsoft.ManagedIdentity examples', () => {
  it('UserAssignedIdentities_ListBySubscription / ListByResourceGroup: name, id, principalId and clientId', async () => {
    for (const file of ['IdentityListBySubscription.json', 'IdentityListByResourceGroup.json']) {
      const ex = example(MSI, file);
      const r = replay(ex);
      const msi = new ManagedServiceIdentityClient(credential, ex.parameters.subscriptionId, {
        httpClient: r.httpClient,
      });
      const pages = ex.parameters.resourceGroupName
        ? msi.userAssignedIdentities.listByResourceGroup(ex.parameters.resourceGroupName)
        : msi.userAssignedIdentities.listBySubscription();
      const seen = [];
      // The fields operations.ts and workflows/run.ts read from each identity.
      for await (const i of pages)
        seen.push({ name: i.name, id: i.id, principalId: i.principalId, clientId: i.clientId });
      assert.ok(seen.length > 0, file);
      for (const s of seen) {
        assert.match(s.id ?? '', /\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\//, file);
        assert.match(s.principalId ?? '', /^[0-9a-f-]{36}$/, file);
        assert.match(s.clientId ?? '', /^[0-9a-f-]{36}$/, file);
        assert.equal(s.name, s.id?.split('/').pop(), file);
      }
    }
  });
});
