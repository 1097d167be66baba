// The Microsoft.DocumentDB route table: database accounts (read), the built-in SQL role definitions and the SQL
// (data-plane) role assignments — list, get, and the long-running PUT and DELETE of the real API.
import { sendJson } from '../http';
import type { ScenarioCosmosAccount, ScenarioSqlRoleAssignment } from '../types';
import { ArmContext, ArmError, asObject } from './common';
import { inScope, placedId, placedOf } from './placed';
import { requirePermission } from './rbac';
import { COSMOS_BUILT_IN_SQL_ROLES } from './roles';
import type { ArmProvider, ArmScope } from './router';

const TYPE = 'Microsoft.DocumentDB/databaseAccounts';

export function cosmosAccountJson(a: ScenarioCosmosAccount) {
  const location = a.location ?? 'westeurope';
  const documentEndpoint = `https://${a.name}.documents.azure.com:443/`;
  const region = {
    id: `${a.name}-${location}`,
    locationName: location,
    documentEndpoint,
    provisioningState: 'Succeeded',
    failoverPriority: 0,
    isZoneRedundant: false,
  };
  return {
    id: placedId(a, TYPE),
    name: a.name,
    type: TYPE,
    location,
    kind: 'GlobalDocumentDB',
    tags: {},
    identity: { type: 'None' },
    properties: {
      provisioningState: 'Succeeded',
      documentEndpoint,
      databaseAccountOfferType: 'Standard',
      publicNetworkAccess: a.publicNetworkAccess ?? 'Enabled',
      disableLocalAuth: a.disableLocalAuth ?? false,
      ipRules: [],
      isVirtualNetworkFilterEnabled: false,
      virtualNetworkRules: [],
      networkAclBypass: 'None',
      networkAclBypassResourceIds: [],
      consistencyPolicy: { defaultConsistencyLevel: 'Session', maxIntervalInSeconds: 5, maxStalenessPrefix: 100 },
      locations: [region],
      writeLocations: [region],
      readLocations: [region],
      failoverPolicies: [{ id: region.id, locationName: location, failoverPriority: 0 }],
      capabilities: [],
    },
  };
}

const accountId = (a: ScenarioCosmosAccount) => placedId(a, TYPE);
const definitionId = (a: ScenarioCosmosAccount, guid: string) => `${accountId(a)}/sqlRoleDefinitions/${guid}`;

function sqlRoleDefinitionJson(a: ScenarioCosmosAccount, r: (typeof COSMOS_BUILT_IN_SQL_ROLES)[number]) {
  return {
    id: definitionId(a, r.name),
    name: r.name,
    type: `${TYPE}/sqlRoleDefinitions`,
    properties: {
      roleName: r.roleName,
      type: 'BuiltInRole',
      assignableScopes: [accountId(a)],
      permissions: [{ dataActions: [...r.dataActions], notDataActions: [] }],
    },
  };
}

/** Relative scopes (`/dbs/x`) and GUID definition ids are stored as the service returns them: full ids. */
function sqlRoleAssignmentJson(a: ScenarioCosmosAccount, r: ScenarioSqlRoleAssignment) {
  const roleDefinitionId = r.roleDefinitionId.includes('/') ? r.roleDefinitionId : definitionId(a, r.roleDefinitionId);
  const scope = !r.scope ? accountId(a) : r.scope.startsWith('/subscriptions/') ? r.scope : `${accountId(a)}${r.scope}`;
  return {
    id: `${accountId(a)}/sqlRoleAssignments/${r.name}`,
    name: r.name,
    type: `${TYPE}/sqlRoleAssignments`,
    properties: { roleDefinitionId, scope, principalId: r.principalId, provisioningState: 'Succeeded' },
  };
}

const accountOf = (ctx: ArmContext, scope: ArmScope, name: string) =>
  placedOf(ctx.state.arm?.cosmosAccounts, scope, name, TYPE);

function assignmentRoute(ctx: ArmContext, a: ScenarioCosmosAccount, name: string): void {
  const list = (a.sqlRoleAssignments ??= []);
  const existing = list.find((r) => r.name.toLowerCase() === name.toLowerCase());
  const target = `${accountId(a)}/sqlRoleAssignments/${name}`;
  if (ctx.method === 'GET') {
    if (!existing) throw new ArmError(404, 'NotFound', `The SQL Role Assignment with id [${name}] does not exist.`);
    return sendJson(ctx.res, 200, sqlRoleAssignmentJson(a, existing));
  }
  const location = a.location ?? 'westeurope';
  if (ctx.method === 'DELETE') {
    requirePermission(ctx.state, ctx.caller, accountId(a), `${TYPE}/sqlRoleAssignments/delete`, target);
    if (!existing) return sendJson(ctx.res, 204, undefined);
    return ctx.lro.start(
      ctx.res,
      a.subscriptionId,
      location,
      () => {
        a.sqlRoleAssignments = list.filter((r) => r !== existing);
        return undefined;
      },
      undefined,
      ctx.fault,
    );
  }
  requirePermission(ctx.state, ctx.caller, accountId(a), `${TYPE}/sqlRoleAssignments/write`, target);
  const props = asObject(asObject(ctx.body).properties);
  const roleDefinitionId = String(props.roleDefinitionId ?? '');
  const guid = roleDefinitionId.split('/').pop() ?? '';
  if (
    !COSMOS_BUILT_IN_SQL_ROLES.some((r) => r.name === guid) ||
    (roleDefinitionId.includes('/') && roleDefinitionId.toLowerCase() !== definitionId(a, guid).toLowerCase())
  ) {
    throw new ArmError(400, 'BadRequest', `The provided SQL Role Definition with id [${guid}] does not exist.`);
  }
  const scope = String(props.scope ?? '');
  const full = scope.startsWith('/subscriptions/') ? scope : `${accountId(a)}${scope}`;
  if (!full.toLowerCase().startsWith(accountId(a).toLowerCase())) {
    throw new ArmError(400, 'BadRequest', `The provided scope [${scope}] is not within the database account.`);
  }
  const principalId = String(props.principalId ?? '');
  if (!/^[0-9a-f-]{36}$/i.test(principalId))
    throw new ArmError(400, 'BadRequest', `The provided principal id [${principalId}] is not a valid GUID.`);
  const row: ScenarioSqlRoleAssignment = { name, roleDefinitionId: definitionId(a, guid), principalId, scope: full };
  ctx.lro.start(
    ctx.res,
    a.subscriptionId,
    location,
    () => {
      a.sqlRoleAssignments = [...list.filter((r) => r !== existing), row];
      return sqlRoleAssignmentJson(a, row);
    },
    undefined,
    ctx.fault,
  );
}

const ACCOUNT = 'databaseAccounts/{account}';

export const cosmosDbProvider: ArmProvider = {
  namespace: 'Microsoft.DocumentDB',
  routes: [
    {
      pattern: 'databaseAccounts',
      methods: ['GET'],
      handle: (ctx, scope) =>
        sendJson(ctx.res, 200, { value: inScope(ctx.state.arm?.cosmosAccounts, scope).map(cosmosAccountJson) }),
    },
    {
      pattern: ACCOUNT,
      methods: ['GET'],
      scope: 'resourceGroup',
      handle: (ctx, scope, p) => sendJson(ctx.res, 200, cosmosAccountJson(accountOf(ctx, scope, p.account))),
    },
    {
      pattern: `${ACCOUNT}/sqlRoleDefinitions`,
      methods: ['GET'],
      scope: 'resourceGroup',
      handle: (ctx, scope, p) => {
        const a = accountOf(ctx, scope, p.account);
        sendJson(ctx.res, 200, { value: COSMOS_BUILT_IN_SQL_ROLES.map((r) => sqlRoleDefinitionJson(a, r)) });
      },
    },
    {
      pattern: `${ACCOUNT}/sqlRoleDefinitions/{id}`,
      methods: ['GET'],
      scope: 'resourceGroup',
      handle: (ctx, scope, p) => {
        const a = accountOf(ctx, scope, p.account);
        const r = COSMOS_BUILT_IN_SQL_ROLES.find((x) => x.name === p.id);
        if (!r) throw new ArmError(404, 'NotFound', `The SQL Role Definition with id [${p.id}] does not exist.`);
        sendJson(ctx.res, 200, sqlRoleDefinitionJson(a, r));
      },
    },
    {
      pattern: `${ACCOUNT}/sqlRoleAssignments`,
      methods: ['GET'],
      scope: 'resourceGroup',
      handle: (ctx, scope, p) => {
        const a = accountOf(ctx, scope, p.account);
        sendJson(ctx.res, 200, { value: (a.sqlRoleAssignments ?? []).map((r) => sqlRoleAssignmentJson(a, r)) });
      },
    },
    {
      pattern: `${ACCOUNT}/sqlRoleAssignments/{id}`,
      methods: ['GET', 'PUT', 'DELETE'],
      scope: 'resourceGroup',
      handle: (ctx, scope, p) => assignmentRoute(ctx, accountOf(ctx, scope, p.account), p.id),
    },
  ],
};
