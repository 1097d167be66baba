import assert from 'node:assert/strict';
import {
  clusterFqdnFix,
  cosmosRoleAssignmentFix,
  evaluateCosmosRole,
  evaluateOutbound,
  evaluateStorageNetwork,
  explainFailure,
  nameGuid,
  roleAssignmentFix,
  storageResourceRuleFix,
  storageTargetOf,
  type StorageNetworkFacts,
} from '../../../src/core/access';
import type { FlowReport } from '../../../src/core/workflows/types';

const TENANT = '11111111-1111-4111-8111-111111111111';
const RG = '/subscriptions/aaaaaaaa-0000-4000-8000-000000000002/resourceGroups/rg-data';
const ACCOUNT = `${RG}/providers/Microsoft.Storage/storageAccounts/contosoarchive`;
const CLUSTER =
  '/subscriptions/aaaaaaaa-0000-4000-8000-000000000002/resourceGroups/rg-adx-prod/providers/Microsoft.Kusto/clusters/adxfull';
const HOST = 'contosoarchive.blob.core.windows.net';
const ME = '0e000001-0000-4000-8000-000000000001';

const storage = (
  acls: StorageNetworkFacts['networkAcls'],
  over: Partial<StorageNetworkFacts> = {},
): StorageNetworkFacts => ({
  id: ACCOUNT,
  name: 'contosoarchive',
  tenantId: TENANT,
  networkAcls: acls,
  ...over,
});
const cluster = { resourceId: CLUSTER, tenantId: TENANT };

describe('access: network path', () => {
  it('reads the account, host and container from blob, dfs and abfss URLs', () => {
    assert.deepEqual(storageTargetOf('https://contosoexports.blob.core.windows.net/events;impersonate'), {
      account: 'contosoexports',
      host: 'contosoexports.blob.core.windows.net',
      container: 'events',
    });
    assert.deepEqual(storageTargetOf('abfss://lake@contosodl.dfs.core.windows.net/raw'), {
      account: 'contosodl',
      host: 'contosodl.dfs.core.windows.net',
      container: 'lake',
    });
    assert.equal(storageTargetOf('Server=tcp:x.database.windows.net'), undefined);
  });

  it('an open firewall passes; Deny without a rule fails with a resource instance rule for the cluster', () => {
    assert.equal(evaluateStorageNetwork(storage({ defaultAction: 'Allow' }), cluster, HOST).verdict, 'passed');
    const r = evaluateStorageNetwork(
      storage({ defaultAction: 'Deny', bypass: 'None', resourceAccessRules: [] }),
      cluster,
      HOST,
    );
    assert.equal(r.verdict, 'failed');
    assert.match(r.reason, /defaultAction Deny.*bypass is None/);
    assert.deepEqual(r.remedy, { kind: 'resourceAccessRule', tenantId: TENANT, resourceId: CLUSTER });
  });

  it('a resource instance rule naming the cluster (or a wildcard of its group) passes', () => {
    const exact = storage({
      defaultAction: 'Deny',
      resourceAccessRules: [{ tenantId: TENANT, resourceId: CLUSTER.toLowerCase() }],
    });
    assert.equal(evaluateStorageNetwork(exact, cluster, HOST).verdict, 'passed');
    const wild = storage({
      defaultAction: 'Deny',
      resourceAccessRules: [{ tenantId: TENANT, resourceId: CLUSTER.replace('adxfull', '*') }],
    });
    assert.equal(evaluateStorageNetwork(wild, cluster, HOST).verdict, 'passed');
  });

  it('the trusted-services bypass admits the cluster in the same tenant, citing the storage docs', () => {
    const r = evaluateStorageNetwork(
      storage({ defaultAction: 'Deny', bypass: 'Logging, AzureServices' }),
      cluster,
      HOST,
    );
    assert.equal(r.verdict, 'passed');
    assert.match(r.reason, /Trusted access for resources registered in your Microsoft Entra tenant/);
    const other = evaluateStorageNetwork(
      storage({ defaultAction: 'Deny', bypass: 'AzureServices' }),
      { ...cluster, tenantId: '22222222-2222-4222-8222-222222222222' },
      HOST,
    );
    assert.equal(other.verdict, 'failed');
  });

  it('IP rules make a Deny firewall unknown: the cluster’s addresses are not in ARM', () => {
    const r = evaluateStorageNetwork(
      storage({ defaultAction: 'Deny', ipRules: [{ value: '1.2.3.4' }] }),
      cluster,
      HOST,
    );
    assert.equal(r.verdict, 'unknown');
  });

  it('public access off needs a succeeded managed private endpoint of the right group', () => {
    const off = storage({ defaultAction: 'Deny' }, { publicNetworkAccess: 'Disabled' });
    const none = evaluateStorageNetwork(off, { ...cluster, managedPrivateEndpoints: [] }, HOST);
    assert.equal(none.verdict, 'failed');
    assert.deepEqual(none.remedy, { kind: 'privateEndpoint', groupId: 'blob' });
    const pending = evaluateStorageNetwork(
      off,
      {
        ...cluster,
        managedPrivateEndpoints: [
          { name: 'pe1', privateLinkResourceId: ACCOUNT, groupId: 'blob', provisioningState: 'Pending' },
        ],
      },
      HOST,
    );
    assert.match(pending.reason, /pe1 is Pending/);
    const ok = evaluateStorageNetwork(
      off,
      {
        ...cluster,
        managedPrivateEndpoints: [
          { name: 'pe1', privateLinkResourceId: ACCOUNT, groupId: 'blob', provisioningState: 'Succeeded' },
        ],
      },
      HOST,
    );
    assert.equal(ok.verdict, 'passed');
    assert.equal(evaluateStorageNetwork(off, cluster, HOST).verdict, 'unknown', 'endpoints not read');
  });

  it('restricted outbound access needs the host in allowedFqdnList (exact or *.suffix)', () => {
    const restricted = {
      ...cluster,
      restrictOutboundNetworkAccess: 'Enabled',
      allowedFqdnList: ['*.queue.core.windows.net'],
    };
    const r = evaluateOutbound(restricted, HOST);
    assert.equal(r.verdict, 'failed');
    assert.deepEqual(r.remedy, { kind: 'allowedFqdn', fqdn: HOST });
    assert.equal(
      evaluateOutbound({ ...restricted, allowedFqdnList: ['*.blob.core.windows.net'] }, HOST).verdict,
      'passed',
    );
    assert.equal(evaluateOutbound(cluster, HOST).verdict, 'passed');
  });
});

describe('access: fixes', () => {
  it('a role assignment PUT at the scope with the identity as ServicePrincipal, and the same as az and Bicep', () => {
    const f = roleAssignmentFix({
      scope: ACCOUNT,
      role: 'storageBlobDataContributor',
      principalId: ME,
      identityLabel: 'id-adx-export',
    });
    assert.equal(f.request.method, 'PUT');
    assert.equal(f.request.path, `${ACCOUNT}/providers/Microsoft.Authorization/roleAssignments/${f.assignmentName}`);
    assert.deepEqual(f.request.body, {
      properties: {
        roleDefinitionId:
          '/subscriptions/aaaaaaaa-0000-4000-8000-000000000002/providers/Microsoft.Authorization/roleDefinitions/ba92f5b4-2d11-453d-a403-e96b0029c9fe',
        principalId: ME,
        principalType: 'ServicePrincipal',
      },
    });
    assert.equal(
      f.az,
      `az role assignment create --assignee-object-id ${ME} --assignee-principal-type ServicePrincipal --role "Storage Blob Data Contributor" --scope "${ACCOUNT}"`,
    );
    assert.match(
      f.bicep,
      /resource target 'Microsoft.Storage\/storageAccounts@[\d-]+' existing = \{\n {2}name: 'contosoarchive'/,
    );
    assert.match(f.bicep, /scope: target/);
    assert.match(f.bicep, /principalType: 'ServicePrincipal'/);
    assert.match(f.bicep, /subscriptionResourceId\('Microsoft.Authorization\/roleDefinitions', 'ba92f5b4-/);
    assert.equal(
      f.assignmentName,
      roleAssignmentFix({
        scope: ACCOUNT.toUpperCase(),
        role: 'storageBlobDataContributor',
        principalId: ME,
        identityLabel: 'x',
      }).assignmentName,
    );
    assert.match(f.assignmentName, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.notEqual(nameGuid('a'), nameGuid('b'));
  });

  it('a resource-group or subscription scope needs no existing resource in Bicep', () => {
    assert.doesNotMatch(
      roleAssignmentFix({ scope: RG, role: 'storageBlobDataReader', principalId: ME, identityLabel: 'x' }).bicep,
      /existing/,
    );
    assert.match(
      roleAssignmentFix({
        scope: '/subscriptions/aaaaaaaa-0000-4000-8000-000000000002',
        role: 'storageBlobDataReader',
        principalId: ME,
        identityLabel: 'x',
      }).bicep,
      /^targetScope = 'subscription'/,
    );
  });

  it('a storage network fix keeps the rules the account has and adds the cluster', () => {
    const f = storageResourceRuleFix(
      storage({
        defaultAction: 'Deny',
        bypass: 'None',
        ipRules: [{ value: '1.2.3.4' }],
        resourceAccessRules: [{ tenantId: TENANT, resourceId: 'other' }],
      }),
      { tenantId: TENANT, resourceId: CLUSTER },
    );
    assert.equal(f.request.method, 'PATCH');
    const acls = (
      f.request.body as { properties: { networkAcls: { resourceAccessRules: unknown[]; ipRules: unknown[] } } }
    ).properties.networkAcls;
    assert.equal(acls.resourceAccessRules.length, 2);
    assert.equal(acls.ipRules.length, 1);
    assert.match(
      f.az,
      /az storage account network-rule add --account-name contosoarchive --resource-group rg-data --resource-id ".*adxfull" --tenant-id 1111/,
    );
  });

  it('the cluster FQDN fix carries the whole list; the Cosmos DB fix is a sqlRoleAssignment with the built-in reader', () => {
    const f = clusterFqdnFix(CLUSTER, ['a.example'], HOST);
    assert.deepEqual(f.allowedFqdnList, ['a.example', HOST]);
    const cosmosId = `${RG}/providers/Microsoft.DocumentDB/databaseAccounts/contoso-cosmos`;
    const c = cosmosRoleAssignmentFix({ accountId: cosmosId, principalId: ME, identityLabel: 'x' });
    assert.equal(c.request.path, `${cosmosId}/sqlRoleAssignments/${c.assignmentName}`);
    assert.deepEqual(c.request.body, {
      properties: {
        roleDefinitionId: `${cosmosId}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000001`,
        scope: cosmosId,
        principalId: ME,
      },
    });
    assert.match(
      c.az,
      /az cosmosdb sql role assignment create --account-name contoso-cosmos --resource-group rg-data --scope "\/"/,
    );
  });
});

describe('access: Cosmos DB data roles', () => {
  const acct = `${RG}/providers/Microsoft.DocumentDB/databaseAccounts/contoso-cosmos`;
  const a = (role: string, scope = acct) => ({
    id: 'x',
    roleDefinitionId: `${acct}/sqlRoleDefinitions/${role}`,
    scope,
    principalId: ME,
  });
  it('the built-in reader or contributor passes; none fails, saying Azure roles do not count', () => {
    const base = { principalId: ME, accountId: acct, target: `${acct}/dbs/db/colls/c`, definitions: [] };
    assert.equal(
      evaluateCosmosRole({ ...base, assignments: [a('00000000-0000-0000-0000-000000000001')] }).verdict,
      'passed',
    );
    assert.equal(
      evaluateCosmosRole({ ...base, assignments: [a('00000000-0000-0000-0000-000000000002', `${acct}/dbs/db`)] })
        .verdict,
      'passed',
    );
    assert.equal(
      evaluateCosmosRole({ ...base, assignments: [a('00000000-0000-0000-0000-000000000001', `${acct}/dbs/other`)] })
        .verdict,
      'failed',
    );
    const none = evaluateCosmosRole({ ...base, assignments: [] });
    assert.match(none.reason, /Azure roles \(Microsoft.Authorization\) do not grant Cosmos DB data access/);
  });
});

describe('access: failure explainer', () => {
  const report = (ids: string[]): FlowReport => ({
    flow: 'continuous-export',
    cluster: 'adxfull',
    verdict: 'failed',
    checks: ids.map((id) => ({ id, title: id, verdict: 'failed' as const, reason: id, fixes: [] })),
  });
  const cases: [string, string][] = [
    [
      'AuthorizationPermissionMismatch: This request is not authorized to perform this operation using this permission.',
      'targetRole',
    ],
    [
      'Status: 403 (This request is not authorized to perform this operation.) ErrorCode: AuthorizationFailure',
      'network',
    ],
    ["Principal 'aadapp=0e000001-…' is not authorized to access database 'Archive'.", 'databaseRole'],
    ['BadRequest_InvalidManagedIdentity: Managed identity 0e000003-… is not assigned to the cluster', 'attach'],
    ['The managed identity 0e000001 is not allowed by the managed identity policy for usage AutomatedFlows', 'policy'],
    ["Unauthorized access. 'Listen' claim(s) are required to perform this operation.", 'targetRole'],
    [
      'Request blocked by Auth contoso-cosmos : principal does not have required RBAC permissions to perform action [Microsoft.DocumentDB/databaseAccounts/readMetadata]',
      'targetRole',
    ],
  ];
  for (const [text, link] of cases) {
    it(`${text.slice(0, 60)}… → ${link}`, () => assert.equal(explainFailure(text).link, link));
  }

  it('points at the report’s failing checks of that link, with their fixes', () => {
    const e = explainFailure(
      'AuthorizationPermissionMismatch',
      report(['policy-allows', 'target-role', 'target-network']),
    );
    assert.deepEqual(
      e.checks.map((c) => c.id),
      ['target-role'],
    );
    assert.equal(explainFailure('something odd happened').link, 'unrecognised');
  });
});
