// The resources on the other end of an identity, through the real SDKs: storage accounts (network rules read and
// changed), blob containers, Event Hubs namespaces, Cosmos DB SQL role assignments (long-running PUT), the cluster's
// managed private endpoints and outbound facts, and the Resource Graph lookup by name the product sends.
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { CosmosDBManagementClient } from '@azure/arm-cosmosdb';
import { EventHubManagementClient } from '@azure/arm-eventhub';
import { StorageManagementClient } from '@azure/arm-storage';
import { startSandbox, type RunningSandbox } from '../../../sandbox';
import { describeJudgement, isAccepted, judge } from '../../support/kustoJudge';
import {
  armClient,
  armFailure,
  armOptions,
  fixedCredential,
  FULL_SYSTEM,
  LRO_FAST,
  SUB_DEV,
  SUB_PROD,
} from './helpers';

const FULL_ID = `/subscriptions/${SUB_PROD}/resourceGroups/rg-adx-prod/providers/Microsoft.Kusto/clusters/adxfull`;

/** The query of the contract (src/core/resourceGraph.ts resourceByNameQuery on the product side), as it sends it. */
const byName = (type: string, name: string) =>
  `resources\n| where type =~ '${type}' and name =~ '${name}'\n| project id, name, type, location, resourceGroup, subscriptionId, tenantId, kind, identity, properties`;

describe('sandbox storage, Event Hubs, Cosmos DB, Resource Graph (real SDKs)', () => {
  let sandbox: RunningSandbox;
  before(async () => {
    sandbox = await startSandbox();
  });
  after(async () => {
    await sandbox.stop();
  });
  const cred = () => fixedCredential(sandbox, 'arm');

  it('storage: the account with its endpoints and network rules; a PATCH of networkAcls is read back', async () => {
    const storage = new StorageManagementClient(cred(), SUB_PROD, armOptions(sandbox));
    const archive = await storage.storageAccounts.getProperties('rg-data', 'contosoarchive');
    assert.equal(archive.primaryEndpoints?.blob, 'https://contosoarchive.blob.core.windows.net/');
    assert.equal(archive.primaryEndpoints?.dfs, 'https://contosoarchive.dfs.core.windows.net/');
    assert.equal(archive.networkRuleSet?.defaultAction, 'Deny');
    assert.equal(archive.networkRuleSet?.bypass, 'None');
    assert.deepEqual(archive.networkRuleSet?.resourceAccessRules, []);
    assert.equal(archive.publicNetworkAccess, 'Enabled');
    const exportsAcct = await storage.storageAccounts.getProperties('rg-data', 'contosoexports');
    assert.equal(exportsAcct.isHnsEnabled, true);
    assert.equal(exportsAcct.networkRuleSet?.defaultAction, 'Allow');
    const updated = await storage.storageAccounts.update('rg-data', 'contosoarchive', {
      networkRuleSet: {
        defaultAction: 'Deny',
        bypass: 'AzureServices',
        resourceAccessRules: [{ tenantId: sandbox.tenants[0], resourceId: FULL_ID }],
      },
    });
    assert.deepEqual(updated.networkRuleSet?.resourceAccessRules, [
      { tenantId: sandbox.tenants[0], resourceId: FULL_ID },
    ]);
    const again = await storage.storageAccounts.getProperties('rg-data', 'contosoarchive');
    assert.equal(again.networkRuleSet?.bypass, 'AzureServices');
    assert.equal(again.networkRuleSet?.resourceAccessRules?.[0].resourceId, FULL_ID);
    const names = [];
    for await (const a of storage.storageAccounts.list()) names.push(a.name);
    assert.deepEqual(names.sort(), ['contosoarchive', 'contosoexports']);
    const container = await storage.blobContainers.get('rg-data', 'contosoexports', 'events');
    assert.equal(container.name, 'events');
    const missing = await armFailure(storage.blobContainers.get('rg-data', 'contosoexports', 'nope'));
    assert.deepEqual([missing.status, missing.code], [404, 'ContainerNotFound']);
    const nothing = await armFailure(storage.storageAccounts.getProperties('rg-data', 'absent'));
    assert.deepEqual([nothing.status, nothing.code], [404, 'ResourceNotFound']);
  });

  it('Event Hubs: namespace, event hub and the default network rule set', async () => {
    const eh = new EventHubManagementClient(cred(), SUB_PROD, armOptions(sandbox));
    const ns = await eh.namespaces.get('rg-adx-prod', 'ehns-prod');
    assert.equal(ns.serviceBusEndpoint, 'https://ehns-prod.servicebus.windows.net:443/');
    const hub = await eh.eventHubs.get('rg-adx-prod', 'ehns-prod', 'events');
    assert.equal(hub.partitionCount, 4);
    const rules = await eh.namespaces.getNetworkRuleSet('rg-adx-prod', 'ehns-prod');
    assert.equal(rules.defaultAction, 'Deny');
    assert.equal(rules.trustedServiceAccessEnabled, false);
    const dev = new EventHubManagementClient(cred(), SUB_DEV, armOptions(sandbox));
    assert.equal((await dev.namespaces.get('rg-adx-dev', 'ehns-telemetry')).name, 'ehns-telemetry');
    const gone = await armFailure(eh.eventHubs.get('rg-adx-prod', 'ehns-prod', 'nope'));
    assert.equal(gone.status, 404);
  });

  it('Cosmos DB: built-in SQL role definitions, the seeded assignment, and a long-running PUT then DELETE', async () => {
    const cosmos = new CosmosDBManagementClient(cred(), SUB_PROD, armOptions(sandbox));
    const account = await cosmos.databaseAccounts.get('rg-data', 'contoso-cosmos');
    assert.equal(account.documentEndpoint, 'https://contoso-cosmos.documents.azure.com:443/');
    const defs = [];
    for await (const d of cosmos.sqlResources.listSqlRoleDefinitions('rg-data', 'contoso-cosmos')) defs.push(d);
    assert.deepEqual(
      defs.map((d) => d.roleName),
      ['Cosmos DB Built-in Data Reader', 'Cosmos DB Built-in Data Contributor'],
    );
    const seeded = [];
    for await (const a of cosmos.sqlResources.listSqlRoleAssignments('rg-data', 'contoso-cosmos')) seeded.push(a);
    assert.equal(seeded.length, 1);
    assert.equal(seeded[0].principalId, FULL_SYSTEM);
    assert.equal(seeded[0].roleDefinitionId, `${account.id}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000001`);
    assert.equal(seeded[0].scope, account.id);
    const id = 'c2000000-0000-4000-8000-0000000000ff';
    const made = await cosmos.sqlResources.beginCreateUpdateSqlRoleAssignmentAndWait(
      id,
      'rg-data',
      'contoso-cosmos',
      {
        roleDefinitionId: `${account.id}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000002`,
        scope: `${account.id}/dbs/telemetry`,
        principalId: '0e000002-0000-4000-8000-000000000002',
      },
      LRO_FAST,
    );
    assert.equal(made.scope, `${account.id}/dbs/telemetry`);
    assert.equal((await cosmos.sqlResources.getSqlRoleAssignment(id, 'rg-data', 'contoso-cosmos')).name, id);
    await cosmos.sqlResources.beginDeleteSqlRoleAssignmentAndWait(id, 'rg-data', 'contoso-cosmos', LRO_FAST);
    const gone = await armFailure(cosmos.sqlResources.getSqlRoleAssignment(id, 'rg-data', 'contoso-cosmos'));
    assert.equal(gone.status, 404);
    const bad = await armFailure(
      cosmos.sqlResources.beginCreateUpdateSqlRoleAssignmentAndWait(id, 'rg-data', 'contoso-cosmos', {
        roleDefinitionId: `${account.id}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000009`,
        scope: account.id!,
        principalId: FULL_SYSTEM,
      }),
    );
    assert.equal(bad.status, 400);
  });

  it('the cluster: outbound restriction, allowed FQDNs and managed private endpoints', async () => {
    const kusto = armClient(sandbox, SUB_PROD);
    const cluster = await kusto.clusters.get('rg-adx-prod', 'adxfull');
    assert.equal(cluster.restrictOutboundNetworkAccess, 'Disabled');
    const mpes = [];
    for await (const m of kusto.managedPrivateEndpoints.list('rg-adx-prod', 'adxfull')) mpes.push(m);
    assert.equal(mpes.length, 1);
    assert.equal(mpes[0].groupId, 'blob');
    assert.equal(mpes[0].provisioningState, 'Failed');
    assert.match(mpes[0].privateLinkResourceId ?? '', /storageAccounts\/contosoarchive$/);
    const one = await kusto.managedPrivateEndpoints.get('rg-adx-prod', 'adxfull', 'pe-contosoarchive');
    assert.equal(one.groupId, 'blob');
  });

  describe('Resource Graph: one resource by type and name', () => {
    before(function () {
      this.timeout(60_000); // the parser's first load
      judge('resources | take 1');
    });
    function query(body: unknown) {
      return new Promise<{ status: number; json: { data?: Record<string, unknown>[]; error?: { code: string } } }>(
        (resolve, reject) => {
          const req = request(
            `${sandbox.arm}/providers/Microsoft.ResourceGraph/resources?api-version=2021-03-01`,
            {
              method: 'POST',
              ca: sandbox.certificatePem,
              headers: { authorization: `Bearer ${sandbox.token('arm')}`, 'content-type': 'application/json' },
            },
            (res) => {
              let text = '';
              res.on('data', (d) => (text += d));
              res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
            },
          );
          req.on('error', reject);
          req.end(JSON.stringify(body));
        },
      );
    }

    it('the query parses, and each type answers with the ARM properties of the resource', async () => {
      const cases: [string, string, (row: Record<string, unknown>) => void][] = [
        [
          'microsoft.storage/storageaccounts',
          'contosoexports',
          (r) => {
            const p = r.properties as { primaryEndpoints: { blob: string }; networkAcls: { defaultAction: string } };
            assert.equal(p.primaryEndpoints.blob, 'https://contosoexports.blob.core.windows.net/');
            assert.equal(p.networkAcls.defaultAction, 'Allow');
            assert.equal(r.kind, 'StorageV2');
          },
        ],
        ['microsoft.eventhub/namespaces', 'ehns-telemetry', (r) => assert.equal(r.subscriptionId, SUB_DEV)],
        ['microsoft.documentdb/databaseaccounts', 'contoso-cosmos', (r) => assert.equal(r.kind, 'GlobalDocumentDB')],
        [
          'microsoft.cognitiveservices/accounts',
          'contoso-openai',
          (r) => {
            assert.equal(r.kind, 'OpenAI');
            assert.equal((r.properties as { endpoint: string }).endpoint, 'https://contoso-openai.openai.azure.com/');
          },
        ],
        ['microsoft.devices/iothubs', 'contoso-hub', (r) => assert.equal(r.resourceGroup, 'rg-adx-prod')],
      ];
      for (const [type, name, check] of cases) {
        const q = byName(type, name);
        const judged = judge(q);
        assert.ok(isAccepted(judged), describeJudgement(q, judged));
        assert.deepEqual(judged.strings, [type, name]);
        const r = await query({ query: q });
        assert.equal(r.status, 200, JSON.stringify(r.json));
        assert.equal(r.json.data?.length, 1, `${type} ${name}`);
        const row = r.json.data![0];
        assert.equal(row.type, type);
        assert.equal(row.name, name);
        assert.equal(row.tenantId, sandbox.tenants[0]);
        check(row);
      }
      const none = await query({ query: byName('microsoft.storage/storageaccounts', 'notthere') });
      assert.deepEqual(none.json.data, []);
      const otherSub = await query({
        query: byName('microsoft.storage/storageaccounts', 'contosoexports'),
        subscriptions: [SUB_DEV],
      });
      assert.deepEqual(otherSub.json.data, [], 'only in the subscriptions asked for');
      const otherText = await query({
        query: byName('microsoft.storage/storageaccounts', 'contosoexports').replace('name =~', 'name =='),
      });
      assert.equal(otherText.status, 400, 'any other query text is refused');
    });
  });
});
