// The sandbox's own, minimal Azure RBAC: scope inheritance, wildcard actions and notActions, deny assignments. It
// decides what the sandbox allows (role assignment writes, export runs); it is not the product's evaluator.
import type { ArmResourcesState, RolePermission, SandboxState, ScenarioRoleDefinition } from '../types';
import { ArmError } from './common';
import { BUILT_IN_ROLES } from './roles';

export const ROLE_DEFINITIONS_PATH = '/providers/Microsoft.Authorization/roleDefinitions/';

/** Lower case, one leading slash, no trailing one; the root scope is `/`. */
export function normalScope(scope: string): string {
  const s = `/${scope.trim().replace(/^\/+|\/+$/g, '')}`.toLowerCase();
  return s;
}

const MG = /^\/providers\/microsoft\.management\/managementgroups\/([^/]+)$/;

/** The management groups above a subscription (nearest first), following `parent`. */
function groupsAbove(arm: ArmResourcesState, subscriptionId: string): string[] {
  const out: string[] = [];
  let mg = arm.managementGroups.find((g) =>
    (g.subscriptions ?? []).some((s) => s.toLowerCase() === subscriptionId.toLowerCase()),
  );
  while (mg && !out.includes(mg.name.toLowerCase())) {
    out.push(mg.name.toLowerCase());
    const parent = mg.parent?.toLowerCase();
    mg = parent ? arm.managementGroups.find((g) => g.name.toLowerCase() === parent) : undefined;
  }
  return out;
}

function groupAncestors(arm: ArmResourcesState, name: string): string[] {
  const out: string[] = [];
  let mg = arm.managementGroups.find((g) => g.name.toLowerCase() === name.toLowerCase());
  while (mg && !out.includes(mg.name.toLowerCase())) {
    out.push(mg.name.toLowerCase());
    const parent = mg.parent?.toLowerCase();
    mg = parent ? arm.managementGroups.find((g) => g.name.toLowerCase() === parent) : undefined;
  }
  return out;
}

/** True when `above` is `below` or one of the scopes it inherits from (parent resources, group, subscription, MGs, root). */
export function covers(arm: ArmResourcesState, above: string, below: string): boolean {
  const a = normalScope(above);
  const b = normalScope(below);
  if (a === '/' || a === b || b.startsWith(`${a}/`)) return true;
  const mg = MG.exec(a)?.[1];
  if (!mg) return false;
  const sub = /^\/subscriptions\/([^/]+)/.exec(b)?.[1];
  if (sub) return groupsAbove(arm, sub).includes(mg);
  const child = MG.exec(b)?.[1];
  return child ? groupAncestors(arm, child).includes(mg) : false;
}

/** ARM's action match: `*` stands for any run of characters, case-insensitively. */
export function actionMatches(pattern: string, action: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map(escape).join('.*')}$`, 'i');
  return re.test(action);
}
const escape = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

export interface RoleDefinitionView {
  name: string;
  roleName: string;
  type: 'BuiltInRole' | 'CustomRole';
  description: string;
  assignableScopes: string[];
  permissions: RolePermission[];
}

export function roleDefinitions(arm: ArmResourcesState): RoleDefinitionView[] {
  return [
    ...BUILT_IN_ROLES.map((r) => ({ ...r, type: 'BuiltInRole' as const, assignableScopes: ['/'] })),
    ...arm.customRoleDefinitions.map((r: ScenarioRoleDefinition) => ({
      ...r,
      type: 'CustomRole' as const,
      description: r.description ?? '',
    })),
  ];
}

/** The definition a role definition id (GUID or full id, any scope form) names. */
export function findRoleDefinition(arm: ArmResourcesState, id: string): RoleDefinitionView | undefined {
  const guid = id.split('/').pop()!.toLowerCase();
  return roleDefinitions(arm).find((r) => r.name.toLowerCase() === guid);
}

/** A role definition's id as an assignment at `scope` carries it (subscription form when there is a subscription). */
export function roleDefinitionIdAt(scope: string, guid: string): string {
  const sub = /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1];
  return `${sub ? `/subscriptions/${sub}` : ''}${ROLE_DEFINITIONS_PATH}${guid}`;
}

function grants(p: RolePermission, action: string, data: boolean): boolean {
  const allow = data ? p.dataActions : p.actions;
  const deny = data ? p.notDataActions : p.notActions;
  return (allow ?? []).some((a) => actionMatches(a, action)) && !(deny ?? []).some((a) => actionMatches(a, action));
}

/**
 * Whether `principalId` may do `action` at `scope`: some role assignment of it at or above the scope, without a
 * condition (conditions are not evaluated: such an assignment does not count), grants it, and no deny assignment at
 * or above the scope that names the principal (or Everyone) denies it. Groups are not expanded.
 */
export function isPermitted(state: SandboxState, principalId: string, scope: string, action: string, data: boolean) {
  const arm = state.arm;
  if (!arm) return false;
  const who = principalId.toLowerCase();
  const granted = arm.roleAssignments.some((ra) => {
    if (ra.principalId.toLowerCase() !== who || ra.condition || !covers(arm, ra.scope, scope)) return false;
    const def = findRoleDefinition(arm, ra.roleDefinitionId);
    return !!def && def.permissions.some((p) => grants(p, action, data));
  });
  if (!granted) return false;
  const everyone = '00000000-0000-0000-0000-000000000000';
  const denied = arm.denyAssignments.some(
    (d) =>
      covers(arm, d.scope, scope) &&
      d.principals.some((p) => [who, everyone].includes(p.id.toLowerCase())) &&
      !(d.excludePrincipals ?? []).some((p) => p.id.toLowerCase() === who) &&
      d.permissions.some((p) => grants(p, action, data)),
  );
  return !denied;
}

/** ARM's 403 when the caller may not do `action` over `target` (the request's resource id). */
export function requirePermission(state: SandboxState, caller: string, scope: string, action: string, target: string) {
  if (isPermitted(state, caller, scope, action, false)) return;
  throw new ArmError(
    403,
    'AuthorizationFailed',
    `The client '${caller}' with object id '${caller}' does not have authorization to perform action '${action}' over scope '${target}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );
}
