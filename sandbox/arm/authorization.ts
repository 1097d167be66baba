// The Microsoft.Authorization route table, served at any scope: role assignments (list with ARM's filters, get, put,
// delete), role definitions (built-in and the scenario's custom roles), deny assignments and the caller's permissions.
import { sendJson } from '../http';
import type { ArmResourcesState, RoleAssignmentState, SandboxState, ScenarioDenyAssignment } from '../types';
import { ArmContext, ArmError, asObject, page } from './common';
import {
  covers,
  findRoleDefinition,
  normalScope,
  requirePermission,
  roleDefinitionIdAt,
  RoleDefinitionView,
  roleDefinitions,
} from './rbac';
import type { ArmProvider, ArmScope } from './router';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PRINCIPAL_TYPES = ['User', 'Group', 'ServicePrincipal', 'ForeignGroup', 'Device'];

function armOf(ctx: ArmContext): ArmResourcesState {
  if (!ctx.state.arm) throw new ArmError(404, 'NotFound', 'This sandbox state has no Microsoft.Authorization data.');
  return ctx.state.arm;
}

/** `/` for the root scope, else the scope as the request spelled it. */
const scopePrefix = (scope: ArmScope) => (scope.id === '/' ? '' : scope.id);

export function roleAssignmentJson(ra: RoleAssignmentState) {
  return {
    id: `${ra.scope === '/' ? '' : ra.scope}/providers/Microsoft.Authorization/roleAssignments/${ra.name}`,
    name: ra.name,
    type: 'Microsoft.Authorization/roleAssignments',
    properties: {
      roleDefinitionId: ra.roleDefinitionId,
      principalId: ra.principalId,
      principalType: ra.principalType,
      scope: ra.scope,
      condition: ra.condition ?? null,
      conditionVersion: ra.conditionVersion ?? null,
      description: ra.description ?? null,
      createdOn: ra.createdOn,
      updatedOn: ra.updatedOn,
      createdBy: ra.createdBy ?? null,
      updatedBy: ra.createdBy ?? null,
      delegatedManagedIdentityResourceId: null,
    },
  };
}

function roleDefinitionJson(scope: ArmScope, r: RoleDefinitionView) {
  return {
    id: roleDefinitionIdAt(scope.id, r.name),
    name: r.name,
    type: 'Microsoft.Authorization/roleDefinitions',
    properties: {
      roleName: r.roleName,
      type: r.type,
      description: r.description,
      assignableScopes: r.assignableScopes,
      permissions: r.permissions.map((p) => ({
        actions: p.actions ?? [],
        notActions: p.notActions ?? [],
        dataActions: p.dataActions ?? [],
        notDataActions: p.notDataActions ?? [],
      })),
      createdOn: '2015-02-02T21:55:09.8806423Z',
      updatedOn: '2024-01-01T00:00:00.0000000Z',
      createdBy: null,
      updatedBy: null,
    },
  };
}

function denyAssignmentJson(d: ScenarioDenyAssignment) {
  return {
    id: `${d.scope}/providers/Microsoft.Authorization/denyAssignments/${d.name}`,
    name: d.name,
    type: 'Microsoft.Authorization/denyAssignments',
    properties: {
      denyAssignmentName: d.denyAssignmentName,
      description: '',
      permissions: d.permissions.map((p) => ({
        actions: p.actions ?? [],
        notActions: p.notActions ?? [],
        dataActions: p.dataActions ?? [],
        notDataActions: p.notDataActions ?? [],
      })),
      scope: d.scope,
      doNotApplyToChildScopes: false,
      principals: d.principals,
      excludePrincipals: d.excludePrincipals ?? [],
      isSystemProtected: true,
    },
  };
}

interface AssignmentFilter {
  atScope: boolean;
  principalId?: string;
}

/** ARM's role assignment filters: `atScope()`, `principalId eq '{id}'`, `assignedTo('{id}')`, joined by `and`. */
function parseFilter(filter: string | null): AssignmentFilter {
  const out: AssignmentFilter = { atScope: false };
  if (!filter?.trim()) return out;
  for (const clause of filter.split(/\s+and\s+/i)) {
    const c = clause.trim();
    let m: RegExpExecArray | null;
    if (/^atScope\(\)$/i.test(c)) out.atScope = true;
    else if ((m = /^principalId\s+eq\s+'([^']+)'$/i.exec(c))) out.principalId = m[1];
    else if ((m = /^assignedTo\('([^']+)'\)$/i.exec(c))) out.principalId = m[1];
    else throw new ArmError(400, 'UnsupportedQuery', `The filter '${filter}' is not supported.`);
  }
  return out;
}

function listAssignments(ctx: ArmContext, scope: ArmScope): void {
  const arm = armOf(ctx);
  const f = parseFilter(ctx.url.searchParams.get('$filter'));
  const list = arm.roleAssignments.filter(
    (ra) =>
      (covers(arm, ra.scope, scope.id) || (!f.atScope && covers(arm, scope.id, ra.scope))) &&
      (!f.principalId || ra.principalId.toLowerCase() === f.principalId.toLowerCase()),
  );
  sendJson(ctx.res, 200, page(ctx, list.map(roleAssignmentJson)));
}

/** Someone the directory knows: a cluster's system identity, a user-assigned identity, or a directory entry. */
function principalKnown(state: SandboxState, id: string): boolean {
  const key = id.toLowerCase();
  return (
    state.clusters.some((c) => c.systemAssigned?.principalId.toLowerCase() === key) ||
    state.userAssignedIdentities.some((u) => u.principalId.toLowerCase() === key) ||
    state.directory.some((d) => d.objectId.toLowerCase() === key)
  );
}

function assignmentRoute(ctx: ArmContext, scope: ArmScope, name: string): void {
  const arm = armOf(ctx);
  const here = normalScope(scope.id);
  const target = `${scopePrefix(scope)}/providers/Microsoft.Authorization/roleAssignments/${name}`;
  const existing = arm.roleAssignments.find(
    (ra) => ra.name.toLowerCase() === name.toLowerCase() && normalScope(ra.scope) === here,
  );
  const missing = () => new ArmError(404, 'RoleAssignmentNotFound', `The role assignment '${name}' is not found.`);
  if (ctx.method === 'GET') {
    if (!existing) throw missing();
    return sendJson(ctx.res, 200, roleAssignmentJson(existing));
  }
  if (ctx.method === 'DELETE') {
    requirePermission(ctx.state, ctx.caller, scope.id, 'Microsoft.Authorization/roleAssignments/delete', target);
    if (!existing) return sendJson(ctx.res, 204, undefined);
    arm.roleAssignments = arm.roleAssignments.filter((ra) => ra !== existing);
    return sendJson(ctx.res, 200, roleAssignmentJson(existing));
  }
  if (!GUID.test(name)) {
    throw new ArmError(
      400,
      'InvalidRoleAssignmentId',
      `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`,
    );
  }
  requirePermission(ctx.state, ctx.caller, scope.id, 'Microsoft.Authorization/roleAssignments/write', target);
  const props = asObject(asObject(ctx.body).properties);
  const roleDefinitionId = String(props.roleDefinitionId ?? '');
  const principalId = String(props.principalId ?? '');
  const def = roleDefinitionId ? findRoleDefinition(arm, roleDefinitionId) : undefined;
  if (!def) {
    throw new ArmError(
      400,
      'RoleDefinitionDoesNotExist',
      `The specified role definition with ID '${roleDefinitionId.split('/').pop() ?? ''}' does not exist.`,
    );
  }
  if (!def.assignableScopes.some((s) => covers(arm, s, scope.id))) {
    throw new ArmError(
      400,
      'InvalidRoleDefinitionScope',
      `The role definition '${def.name}' cannot be assigned at scope '${scope.id}': it is not one of its assignable scopes.`,
    );
  }
  if (!GUID.test(principalId) || !principalKnown(ctx.state, principalId)) {
    const tenant = ctx.tokenTenant;
    throw new ArmError(
      400,
      'PrincipalNotFound',
      `Principal ${principalId.replace(/-/g, '')} does not exist in the directory ${tenant}. Check that you have the correct principal ID. If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype`,
    );
  }
  const principalType = props.principalType === undefined ? 'ServicePrincipal' : String(props.principalType);
  if (!PRINCIPAL_TYPES.includes(principalType)) {
    throw new ArmError(400, 'InvalidPrincipalType', `The principal type '${principalType}' is not valid.`);
  }
  const sameGrant = arm.roleAssignments.find(
    (ra) =>
      ra !== existing &&
      normalScope(ra.scope) === here &&
      ra.principalId.toLowerCase() === principalId.toLowerCase() &&
      findRoleDefinition(arm, ra.roleDefinitionId)?.name === def.name,
  );
  if (sameGrant) throw new ArmError(409, 'RoleAssignmentExists', 'The role assignment already exists.');
  if (existing) {
    const same =
      existing.principalId.toLowerCase() === principalId.toLowerCase() &&
      findRoleDefinition(arm, existing.roleDefinitionId)?.name === def.name;
    if (!same) {
      throw new ArmError(
        400,
        'RoleAssignmentUpdateNotPermitted',
        'Tenant ID, application ID, principal ID, and scope are not allowed to be updated.',
      );
    }
    return sendJson(ctx.res, 201, roleAssignmentJson(existing));
  }
  const now = new Date().toISOString();
  const ra: RoleAssignmentState = {
    name: name.toLowerCase(),
    scope: scope.id,
    roleDefinitionId: roleDefinitionIdAt(scope.id, def.name),
    principalId,
    principalType,
    condition: typeof props.condition === 'string' ? props.condition : undefined,
    conditionVersion: typeof props.conditionVersion === 'string' ? props.conditionVersion : undefined,
    description: typeof props.description === 'string' ? props.description : undefined,
    createdOn: now,
    updatedOn: now,
    createdBy: ctx.caller,
  };
  arm.roleAssignments.push(ra);
  sendJson(ctx.res, 201, roleAssignmentJson(ra));
}

/** `type eq 'BuiltInRole'|'CustomRole'` and `roleName eq '…'`, joined by `and`. */
function listDefinitions(ctx: ArmContext, scope: ArmScope): void {
  const arm = armOf(ctx);
  const filter = ctx.url.searchParams.get('$filter') ?? '';
  let list = roleDefinitions(arm).filter((r) => r.assignableScopes.some((s) => covers(arm, s, scope.id)));
  for (const clause of filter.trim() ? filter.split(/\s+and\s+/i) : []) {
    const m = /^\s*(type|roleName)\s+eq\s+'([^']*)'\s*$/i.exec(clause);
    if (!m) throw new ArmError(400, 'UnsupportedQuery', `The filter '${filter}' is not supported.`);
    const [, key, value] = m;
    list = list.filter(
      (r) => (key.toLowerCase() === 'type' ? r.type : r.roleName).toLowerCase() === value.toLowerCase(),
    );
  }
  sendJson(
    ctx.res,
    200,
    page(
      ctx,
      list.map((r) => roleDefinitionJson(scope, r)),
    ),
  );
}

export const authorizationProvider: ArmProvider = {
  namespace: 'Microsoft.Authorization',
  extension: true,
  routes: [
    { pattern: 'roleAssignments', methods: ['GET'], handle: (ctx, scope) => listAssignments(ctx, scope) },
    {
      pattern: 'roleAssignments/{name}',
      methods: ['GET', 'PUT', 'DELETE'],
      handle: (ctx, scope, p) => assignmentRoute(ctx, scope, p.name),
    },
    { pattern: 'roleDefinitions', methods: ['GET'], handle: (ctx, scope) => listDefinitions(ctx, scope) },
    {
      pattern: 'roleDefinitions/{name}',
      methods: ['GET'],
      handle: (ctx, scope, p) => {
        const arm = armOf(ctx);
        const def = findRoleDefinition(arm, p.name);
        if (!def || !def.assignableScopes.some((s) => covers(arm, s, scope.id) || covers(arm, scope.id, s))) {
          throw new ArmError(
            404,
            'RoleDefinitionDoesNotExist',
            `The specified role definition with ID '${p.name}' does not exist.`,
          );
        }
        sendJson(ctx.res, 200, roleDefinitionJson(scope, def));
      },
    },
    {
      pattern: 'denyAssignments',
      methods: ['GET'],
      handle: (ctx, scope) => {
        const arm = armOf(ctx);
        const list = arm.denyAssignments.filter(
          (d) => covers(arm, d.scope, scope.id) || covers(arm, scope.id, d.scope),
        );
        sendJson(ctx.res, 200, page(ctx, list.map(denyAssignmentJson)));
      },
    },
    {
      pattern: 'denyAssignments/{name}',
      methods: ['GET'],
      handle: (ctx, scope, p) => {
        const d = armOf(ctx).denyAssignments.find(
          (x) => x.name.toLowerCase() === p.name.toLowerCase() && normalScope(x.scope) === normalScope(scope.id),
        );
        if (!d) throw new ArmError(404, 'DenyAssignmentNotFound', `The deny assignment '${p.name}' is not found.`);
        sendJson(ctx.res, 200, denyAssignmentJson(d));
      },
    },
    {
      // The caller's effective permissions: one entry per permission block of each of its role assignments in reach.
      pattern: 'permissions',
      methods: ['GET'],
      handle: (ctx, scope) => {
        const arm = armOf(ctx);
        const mine = arm.roleAssignments.filter(
          (ra) => ra.principalId.toLowerCase() === ctx.caller.toLowerCase() && covers(arm, ra.scope, scope.id),
        );
        const value = mine.flatMap((ra) =>
          (findRoleDefinition(arm, ra.roleDefinitionId)?.permissions ?? []).map((p) => ({
            actions: p.actions ?? [],
            notActions: p.notActions ?? [],
            dataActions: p.dataActions ?? [],
            notDataActions: p.notDataActions ?? [],
            ...(ra.condition ? { condition: ra.condition, conditionVersion: ra.conditionVersion ?? '2.0' } : {}),
          })),
        );
        sendJson(ctx.res, 200, page(ctx, value));
      },
    },
  ],
};
