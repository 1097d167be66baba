import assert from 'node:assert/strict';
import {
  actionMatches,
  BUILT_IN_ROLES,
  evaluateRole,
  NEEDS,
  roleDefinitionResourceId,
  scopeCovers,
  type AccessNeed,
  type RoleAssignmentFacts,
  type RoleDefinitionFacts,
} from '../../../src/core/access';

const SUB = '/subscriptions/aaaaaaaa-0000-4000-8000-000000000002';
const RG = `${SUB}/resourceGroups/rg-data`;
const ACCOUNT = `${RG}/providers/Microsoft.Storage/storageAccounts/contosoexports`;
const CONTAINER = `${ACCOUNT}/blobServices/default/containers/events`;
const ME = '0e000001-0000-4000-8000-000000000001';

const assign = (scope: string, role: { id: string }, over: Partial<RoleAssignmentFacts> = {}): RoleAssignmentFacts => ({
  id: `${scope}/providers/Microsoft.Authorization/roleAssignments/x`,
  scope,
  roleDefinitionId: roleDefinitionResourceId('aaaaaaaa-0000-4000-8000-000000000002', role.id),
  principalId: ME,
  principalType: 'ServicePrincipal',
  ...over,
});

const judge = (
  assignments: RoleAssignmentFacts[],
  extra: Partial<Parameters<typeof evaluateRole>[0]> = {},
  need: AccessNeed = NEEDS.storageWrite,
) =>
  evaluateRole({
    principalId: ME,
    targetScope: CONTAINER,
    assignments,
    definitions: new Map(),
    need,
    ...extra,
  });

describe('access: role evaluator', () => {
  it('matches ARM action wildcards anywhere, without regard to case, and nothing else', () => {
    assert.ok(
      actionMatches('Microsoft.EventHub/*/receive/action', 'Microsoft.EventHub/namespaces/messages/receive/action'),
    );
    assert.ok(actionMatches('*', 'Microsoft.Storage/storageAccounts/read'));
    assert.ok(
      actionMatches('microsoft.storage/*', 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write'),
    );
    assert.ok(
      !actionMatches(
        'Microsoft.Storage/*/read',
        'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write',
      ),
    );
    assert.ok(!actionMatches('Microsoft.Storage.Other/*', 'Microsoft.Storage/x'));
  });

  it('an assignment covers its own scope and every resource below it, not siblings', () => {
    assert.ok(scopeCovers(SUB, CONTAINER));
    assert.ok(scopeCovers(`${RG}/`, CONTAINER));
    assert.ok(scopeCovers(ACCOUNT, ACCOUNT.toUpperCase()));
    assert.ok(scopeCovers('/providers/Microsoft.Management/managementGroups/contoso', CONTAINER));
    assert.ok(!scopeCovers(`${ACCOUNT}/blobServices/default/containers/other`, CONTAINER));
    assert.ok(!scopeCovers(`${RG}2`, CONTAINER), 'a prefix that is not a whole segment does not count');
  });

  it('passes Storage Blob Data Contributor on the account for writing, and names where it is held', () => {
    const r = judge([assign(ACCOUNT, BUILT_IN_ROLES.storageBlobDataContributor)]);
    assert.equal(r.verdict, 'passed');
    assert.match(r.reason, /Storage Blob Data Contributor at .*contosoexports/);
  });

  it('a resource-group grant passes (inherited scope)', () => {
    assert.equal(judge([assign(RG, BUILT_IN_ROLES.storageBlobDataOwner)]).verdict, 'passed');
  });

  it('Reader on the account does not write, and Owner (control plane only) does not either', () => {
    const r = judge([assign(ACCOUNT, BUILT_IN_ROLES.storageBlobDataReader), assign(SUB, BUILT_IN_ROLES.owner)]);
    assert.equal(r.verdict, 'failed');
    assert.match(r.reason, /it holds only Storage Blob Data Reader .*; Owner at/);
    assert.match(r.reason, /needs Storage Blob Data Contributor/);
    assert.equal(
      judge([assign(ACCOUNT, BUILT_IN_ROLES.storageBlobDataReader)], {}, NEEDS.storageRead).verdict,
      'passed',
    );
  });

  it('a grant on another container, or to another principal, does not count', () => {
    const other = assign(`${ACCOUNT}/blobServices/default/containers/other`, BUILT_IN_ROLES.storageBlobDataContributor);
    const someoneElse = assign(ACCOUNT, BUILT_IN_ROLES.storageBlobDataContributor, {
      principalId: 'ffffffff-0000-4000-8000-000000000000',
    });
    const r = judge([other, someoneElse]);
    assert.equal(r.verdict, 'failed');
  });

  it('a custom role whose wildcard data action covers the need passes; notDataActions take it away', () => {
    const custom: RoleDefinitionFacts = {
      id: 'c0570000-0000-4000-8000-000000000001',
      roleName: 'Lake Writer',
      type: 'CustomRole',
      permissions: [
        {
          actions: [],
          notActions: [],
          dataActions: ['Microsoft.Storage/storageAccounts/blobServices/*'],
          notDataActions: [],
        },
      ],
    };
    const definitions = new Map([[custom.id, custom]]);
    assert.equal(judge([assign(ACCOUNT, custom)], { definitions }).verdict, 'passed');
    const minus: RoleDefinitionFacts = {
      ...custom,
      permissions: [
        {
          ...custom.permissions[0],
          notDataActions: ['Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write'],
        },
      ],
    };
    const r = judge([assign(ACCOUNT, minus)], { definitions: new Map([[minus.id, minus]]) });
    assert.equal(r.verdict, 'failed');
    assert.match(r.reason, /Lake Writer/);
  });

  it('a conditional (ABAC) assignment is unknown, quoting the condition', () => {
    const r = judge([
      assign(ACCOUNT, BUILT_IN_ROLES.storageBlobDataContributor, {
        condition: "@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name] StringEquals 'logs'",
      }),
    ]);
    assert.equal(r.verdict, 'unknown');
    assert.match(r.reason, /with a condition .*StringEquals 'logs'/);
  });

  it('a deny assignment over the action makes even a plain grant unknown', () => {
    const r = judge([assign(ACCOUNT, BUILT_IN_ROLES.storageBlobDataContributor)], {
      denyAssignments: [
        {
          id: 'd',
          name: 'Locked by a managed application',
          scope: RG,
          principals: [{ id: '00000000-0000-0000-0000-000000000000', type: 'SystemDefined' }],
          permissions: [{ actions: [], notActions: [], dataActions: ['*'], notDataActions: [] }],
        },
      ],
    });
    assert.equal(r.verdict, 'unknown');
    assert.match(r.reason, /deny assignment Locked by a managed application/);
  });

  it('a deny assignment that excludes the identity leaves the grant standing', () => {
    const r = judge([assign(ACCOUNT, BUILT_IN_ROLES.storageBlobDataContributor)], {
      denyAssignments: [
        {
          id: 'd',
          scope: RG,
          principals: [{ id: '00000000-0000-0000-0000-000000000000' }],
          excludePrincipals: [{ id: ME }],
          permissions: [{ actions: [], notActions: [], dataActions: ['*'], notDataActions: [] }],
        },
      ],
    });
    assert.equal(r.verdict, 'passed');
  });

  it('a group that holds the role is unknown: ARM cannot say whether the identity is a member', () => {
    const group = assign(ACCOUNT, BUILT_IN_ROLES.storageBlobDataContributor, {
      principalId: '9e000000-0000-4000-8000-0000000000d1',
      principalType: 'Group',
    });
    const r = judge([], { groupAssignments: [group] });
    assert.equal(r.verdict, 'unknown');
    assert.match(r.reason, /group 9e000000-.* holds Storage Blob Data Contributor.*cannot be read through ARM/);
  });

  it('an assignment whose definition could not be read is unknown, not failed', () => {
    const r = judge([assign(ACCOUNT, { id: 'deadbeef-0000-4000-8000-000000000000' })]);
    assert.equal(r.verdict, 'unknown');
    assert.match(r.reason, /deadbeef-.* could not be read/);
  });

  it('Event Hubs Data Receiver covers receive through its wildcard; Sender does not', () => {
    const ns = `${RG}/providers/Microsoft.EventHub/namespaces/ehns-prod`;
    const hub = `${ns}/eventhubs/events`;
    const ok = evaluateRole({
      principalId: ME,
      targetScope: hub,
      assignments: [assign(ns, BUILT_IN_ROLES.eventHubsDataReceiver)],
      definitions: new Map(),
      need: NEEDS.eventHubReceive,
    });
    assert.equal(ok.verdict, 'passed');
    const no = evaluateRole({
      principalId: ME,
      targetScope: hub,
      assignments: [assign(hub, BUILT_IN_ROLES.eventHubsDataSender)],
      definitions: new Map(),
      need: NEEDS.eventHubReceive,
    });
    assert.equal(no.verdict, 'failed');
    assert.match(no.reason, /needs Azure Event Hubs Data Receiver/);
  });

  it('Cognitive Services OpenAI User covers the embeddings and chat calls', () => {
    const acct = `${RG}/providers/Microsoft.CognitiveServices/accounts/contoso-openai`;
    const r = evaluateRole({
      principalId: ME,
      targetScope: acct,
      assignments: [assign(acct, BUILT_IN_ROLES.openAiUser)],
      definitions: new Map(),
      need: NEEDS.openAiUse,
    });
    assert.equal(r.verdict, 'passed');
  });
});
