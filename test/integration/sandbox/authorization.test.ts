// Microsoft.Authorization on the sandbox, through the real @azure/arm-authorization client: role assignments at every
// scope (resource, nested container, resource group, subscription, management group) with ARM's filters, PUT/DELETE,
// 409 RoleAssignmentExists, 403 without roleAssignments/write, role definitions, deny assignments and permissions.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { AuthorizationManagementClient, type RoleAssignment } from '@azure/arm-authorization';
import { startSandbox, type RunningSandbox } from '../../../sandbox';
import { armFailure, armOptions, EXPORT_PRINCIPAL, fixedCredential, FULL_SYSTEM, SUB_DEV, SUB_PROD } from './helpers';

const RG_DATA = `/subscriptions/${SUB_PROD}/resourceGroups/rg-data`;
const EXPORTS = `${RG_DATA}/providers/Microsoft.Storage/storageAccounts/contosoexports`;
const CONTAINER = `${EXPORTS}/blobServices/default/containers/events`;
const MG = '/providers/Microsoft.Management/managementGroups/mg-contoso';
const CALLER = 'ad000000-0000-4000-8000-0000000000a1';
const BLOB_CONTRIBUTOR = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe';
const READER_APP = 'ab000000-0000-4000-8000-0000000000b1';

describe('sandbox Microsoft.Authorization (real SDK)', () => {
  let sandbox: RunningSandbox;
  let auth: AuthorizationManagementClient;
  beforeEach(async () => {
    sandbox = await startSandbox();
    auth = new AuthorizationManagementClient(fixedCredential(sandbox, 'arm'), SUB_PROD, armOptions(sandbox));
  });
  afterEach(async () => {
    await sandbox.stop();
  });
  const all = async (it: AsyncIterable<RoleAssignment>) => {
    const out: RoleAssignment[] = [];
    for await (const x of it) out.push(x);
    return out;
  };
  const roleOf = (ra: RoleAssignment) => ra.roleDefinitionId?.split('/').pop();

  it('lists by principal at, above and below a scope; atScope() keeps at or above', async () => {
    const below = await all(auth.roleAssignments.listForScope(RG_DATA, { filter: `principalId eq '${FULL_SYSTEM}'` }));
    assert.deepEqual(
      below.map((r) => r.scope?.split('/').pop()).sort(),
      ['contosoarchive', 'contoso-openai', 'contosoexports'].sort(),
      'the identity is granted on resources below the resource group',
    );
    const atContainer = await all(auth.roleAssignments.listForScope(CONTAINER, { filter: 'atScope()' }));
    assert.ok(
      atContainer.some((r) => r.scope === EXPORTS && r.principalId === FULL_SYSTEM),
      'inherited from the account',
    );
    assert.ok(
      atContainer.some((r) => r.scope === MG && r.principalId === CALLER),
      'inherited from the management group',
    );
    assert.ok(!atContainer.some((r) => r.scope?.endsWith('contosoarchive')), 'a sibling account is not above');
    const exported = atContainer.find((r) => r.scope === EXPORTS)!;
    assert.equal(roleOf(exported), BLOB_CONTRIBUTOR);
    assert.equal(exported.principalType, 'ServicePrincipal');
    assert.equal(
      exported.roleDefinitionId,
      `/subscriptions/${SUB_PROD}/providers/Microsoft.Authorization/roleDefinitions/${BLOB_CONTRIBUTOR}`,
    );
    const mine = await all(
      auth.roleAssignments.listForScope(CONTAINER, { filter: `assignedTo('${EXPORT_PRINCIPAL}')` }),
    );
    assert.deepEqual(mine, [], 'id-adx-export holds no role on contosoexports');
    const sub = await all(auth.roleAssignments.listForSubscription());
    assert.ok(sub.length >= 5, 'the whole subscription, with what is below it');
    const dev = new AuthorizationManagementClient(fixedCredential(sandbox, 'arm'), SUB_DEV, armOptions(sandbox));
    const rg = await all(dev.roleAssignments.listForResourceGroup('rg-adx-dev'));
    assert.ok(rg.some((r) => r.scope?.endsWith('/namespaces/ehns-telemetry')));
  });

  it('puts a role assignment at a container, gets it, refuses a duplicate with 409, deletes it', async () => {
    const name = randomUUID();
    const roleDefinitionId = `/subscriptions/${SUB_PROD}/providers/Microsoft.Authorization/roleDefinitions/${BLOB_CONTRIBUTOR}`;
    const made = await auth.roleAssignments.create(CONTAINER, name, {
      roleDefinitionId,
      principalId: EXPORT_PRINCIPAL,
      principalType: 'ServicePrincipal',
    });
    assert.equal(made.scope, CONTAINER);
    assert.equal(made.id, `${CONTAINER}/providers/Microsoft.Authorization/roleAssignments/${name}`);
    const got = await auth.roleAssignments.get(CONTAINER, name);
    assert.equal(got.principalId, EXPORT_PRINCIPAL);
    assert.equal((await auth.roleAssignments.getById(made.id!)).name, name);
    const again = await armFailure(
      auth.roleAssignments.create(CONTAINER, randomUUID(), { roleDefinitionId, principalId: EXPORT_PRINCIPAL }),
    );
    assert.deepEqual([again.status, again.code], [409, 'RoleAssignmentExists']);
    assert.match(again.message, /The role assignment already exists/);
    const listed = await all(
      auth.roleAssignments.listForScope(EXPORTS, { filter: `principalId eq '${EXPORT_PRINCIPAL}'` }),
    );
    assert.deepEqual(
      listed.map((r) => r.name),
      [name],
      'a container grant shows below the account',
    );
    await auth.roleAssignments.delete(CONTAINER, name);
    const gone = await armFailure(auth.roleAssignments.get(CONTAINER, name));
    assert.deepEqual([gone.status, gone.code], [404, 'RoleAssignmentNotFound']);
  });

  it('assigns at resource-group, subscription and management-group scope', async () => {
    for (const scope of [RG_DATA, `/subscriptions/${SUB_PROD}`, MG]) {
      const name = randomUUID();
      const made = await auth.roleAssignments.create(scope, name, {
        roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${BLOB_CONTRIBUTOR}`,
        principalId: EXPORT_PRINCIPAL,
        principalType: 'ServicePrincipal',
      });
      assert.equal(made.scope, scope);
      const above = await all(auth.roleAssignments.listForScope(CONTAINER, { filter: 'atScope()' }));
      assert.ok(
        above.some((r) => r.name === name),
        `${scope} is above the container`,
      );
      await auth.roleAssignments.delete(scope, name);
    }
  });

  it('refuses with 403 AuthorizationFailed when the caller may not write role assignments; bad input is 400', async () => {
    sandbox.state.arm!.roleAssignments = sandbox.state.arm!.roleAssignments.filter((r) => r.principalId !== CALLER);
    sandbox.state.arm!.roleAssignments.push({
      name: randomUUID(),
      scope: `/subscriptions/${SUB_PROD}`,
      roleDefinitionId: `/subscriptions/${SUB_PROD}/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c`,
      principalId: CALLER,
      principalType: 'User',
      createdOn: '',
      updatedOn: '',
    });
    const name = randomUUID();
    const denied = await armFailure(
      auth.roleAssignments.create(EXPORTS, name, {
        roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${BLOB_CONTRIBUTOR}`,
        principalId: EXPORT_PRINCIPAL,
        principalType: 'ServicePrincipal',
      }),
    );
    assert.equal(denied.status, 403);
    assert.equal(denied.code, 'AuthorizationFailed');
    assert.match(
      denied.message,
      /does not have authorization to perform action 'Microsoft\.Authorization\/roleAssignments\/write' over scope/,
    );
    // What the caller can do there, as the permissions API reports it: Contributor's notActions exclude the write.
    const perms = [];
    for await (const p of auth.permissions.listForResource(
      'rg-data',
      'Microsoft.Storage',
      '',
      'storageAccounts',
      'contosoexports',
    ))
      perms.push(p);
    assert.deepEqual(perms[0].actions, ['*']);
    assert.ok(perms[0].notActions?.includes('Microsoft.Authorization/*/Write'));
    // Another principal with no role at all.
    const stranger = new AuthorizationManagementClient(
      {
        getToken: async () => ({
          token: sandbox.token('arm', undefined, READER_APP),
          expiresOnTimestamp: Date.now() + 60_000,
        }),
      },
      SUB_PROD,
      armOptions(sandbox),
    );
    const none = await armFailure(stranger.roleAssignments.delete(EXPORTS, 'c0000000-0000-4000-8000-000000000001'));
    assert.equal(none.status, 403);
    const unknownRole = await armFailure(
      auth.roleAssignments.create(`/subscriptions/${SUB_DEV}`, randomUUID(), {
        roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${randomUUID()}`,
        principalId: EXPORT_PRINCIPAL,
      }),
    );
    assert.equal(unknownRole.status, 403, 'no write permission in SUB_DEV either (the Owner grant was removed)');
  });

  it("rejects an unknown role definition or principal with ARM's 400s", async () => {
    const role = await armFailure(
      auth.roleAssignments.create(EXPORTS, randomUUID(), {
        roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${randomUUID()}`,
        principalId: EXPORT_PRINCIPAL,
      }),
    );
    assert.deepEqual([role.status, role.code], [400, 'RoleDefinitionDoesNotExist']);
    const who = await armFailure(
      auth.roleAssignments.create(EXPORTS, randomUUID(), {
        roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${BLOB_CONTRIBUTOR}`,
        principalId: randomUUID(),
      }),
    );
    assert.deepEqual([who.status, who.code], [400, 'PrincipalNotFound']);
  });

  it('serves built-in role definitions with their real ids and data actions, and the custom role where assignable', async () => {
    const byName = [];
    for await (const d of auth.roleDefinitions.list(`/subscriptions/${SUB_PROD}`, {
      filter: "roleName eq 'Storage Blob Data Contributor'",
    }))
      byName.push(d);
    assert.equal(byName.length, 1);
    assert.equal(byName[0].name, BLOB_CONTRIBUTOR);
    assert.equal(byName[0].roleType, 'BuiltInRole');
    assert.ok(
      byName[0].permissions?.[0].dataActions?.includes(
        'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write',
      ),
    );
    const builtIns = [];
    for await (const d of auth.roleDefinitions.list(EXPORTS, { filter: "type eq 'BuiltInRole'" }))
      builtIns.push(d.roleName);
    for (const n of [
      'Owner',
      'Contributor',
      'Reader',
      'User Access Administrator',
      'Role Based Access Control Administrator',
      'Storage Blob Data Owner',
      'Storage Blob Data Reader',
      'Azure Event Hubs Data Owner',
      'Azure Event Hubs Data Receiver',
      'Azure Event Hubs Data Sender',
      'Cognitive Services OpenAI User',
      'Cognitive Services OpenAI Contributor',
    ])
      assert.ok(builtIns.includes(n), n);
    const receiver = await auth.roleDefinitions.get(
      `/subscriptions/${SUB_PROD}`,
      'a638d3c7-ab3a-418d-83e6-5f17a39d4fde',
    );
    assert.equal(receiver.roleName, 'Azure Event Hubs Data Receiver');
    assert.deepEqual(receiver.permissions?.[0].dataActions, ['Microsoft.EventHub/*/receive/action']);
    const byId = await auth.roleDefinitions.getById(
      `/providers/Microsoft.Authorization/roleDefinitions/${BLOB_CONTRIBUTOR}`,
    );
    assert.equal(byId.roleName, 'Storage Blob Data Contributor');
    const custom = [];
    for await (const d of auth.roleDefinitions.list(RG_DATA, { filter: "type eq 'CustomRole'" })) custom.push(d);
    assert.deepEqual(
      custom.map((d) => d.roleName),
      ['Lake Writer (custom)'],
    );
    assert.deepEqual(custom[0].permissions?.[0].notDataActions, [
      'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete',
    ]);
    const dev = [];
    for await (const d of auth.roleDefinitions.list(`/subscriptions/${SUB_DEV}`, { filter: "type eq 'CustomRole'" }))
      dev.push(d);
    assert.deepEqual(dev, [], 'not assignable in the other subscription');
  });

  it('lists deny assignments (none seeded, then one)', async () => {
    const list = async () => {
      const out = [];
      for await (const d of auth.denyAssignments.listForScope(EXPORTS)) out.push(d);
      return out;
    };
    assert.deepEqual(await list(), []);
    sandbox.state.arm!.denyAssignments.push({
      name: randomUUID(),
      scope: RG_DATA,
      denyAssignmentName: 'Blocked by a managed application',
      permissions: [{ dataActions: ['*'] }],
      principals: [{ id: '00000000-0000-0000-0000-000000000000', type: 'SystemDefined' }],
    });
    const one = await list();
    assert.equal(one.length, 1);
    assert.equal(one[0].denyAssignmentName, 'Blocked by a managed application');
  });
});
