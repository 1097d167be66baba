// Judges whether an identity holds a data action at a resource from ARM role assignments: inherited scopes, wildcards,
// notDataActions, custom roles. A condition (ABAC), a deny assignment or a group ARM cannot expand makes it `unknown`.
import {
  BUILT_IN_ROLES,
  builtInRole,
  roleGuidOf,
  type BuiltInRoleKey,
  type RoleDefinitionFacts,
  type RolePermission,
} from './builtInRoles';

export interface RoleAssignmentFacts {
  readonly id: string;
  readonly scope: string;
  readonly roleDefinitionId: string;
  readonly principalId: string;
  /** `ServicePrincipal`, `User`, `Group`, `ForeignGroup`, `Device`. */
  readonly principalType?: string;
  readonly condition?: string;
}

export interface DenyAssignmentFacts {
  readonly id: string;
  readonly name?: string;
  readonly scope: string;
  readonly permissions: readonly RolePermission[];
  readonly principals: readonly { readonly id: string; readonly type?: string }[];
  readonly excludePrincipals?: readonly { readonly id: string }[];
}

/** What a flow needs on a resource: data actions, and the built-in role a fix grants. */
export interface AccessNeed {
  readonly title: string;
  readonly dataActions: readonly string[];
  readonly grant: BuiltInRoleKey;
}

export interface RoleEvaluationInput {
  readonly principalId: string;
  /** The resource id the data action runs on (a container, an account, an Event Hub). */
  readonly targetScope: string;
  /** The principal's own assignments at, above (and possibly below) the scope. */
  readonly assignments: readonly RoleAssignmentFacts[];
  /** Assignments to groups at or above the scope (the principal may be a member; ARM cannot say). */
  readonly groupAssignments?: readonly RoleAssignmentFacts[];
  /** Definitions read from ARM by guid (lower case); built-ins stand in for the ones not read. */
  readonly definitions: ReadonlyMap<string, RoleDefinitionFacts>;
  readonly denyAssignments?: readonly DenyAssignmentFacts[];
  readonly need: AccessNeed;
}

export interface RoleEvaluation {
  readonly verdict: 'passed' | 'failed' | 'unknown';
  readonly reason: string;
  /** The assignments that grant the need (passed), or that might (unknown). */
  readonly via: readonly { readonly assignment: RoleAssignmentFacts; readonly roleName: string }[];
}

const EVERYONE = '00000000-0000-0000-0000-000000000000';
const MANAGEMENT_GROUP = /^\/providers\/microsoft\.management\/managementgroups\//i;

const trim = (s: string): string => s.replace(/\/+$/, '').toLowerCase();

/**
 * Whether an assignment at `scope` applies to `target`: the same resource or an ancestor. A management group applies
 * when ARM listed the assignment for the target (ARM only returns management groups above it).
 */
export function scopeCovers(scope: string, target: string): boolean {
  const s = trim(scope);
  const t = trim(target);
  if (s === '' || s === t || MANAGEMENT_GROUP.test(s)) return true;
  return t.startsWith(`${s}/`);
}

const patterns = new Map<string, RegExp>();
/** An ARM action pattern (`*` matches any run of characters, `/` included; case does not matter). */
export function actionMatches(pattern: string, action: string): boolean {
  let re = patterns.get(pattern);
  if (!re) {
    re = new RegExp(
      `^${pattern
        .split('*')
        .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
      'i',
    );
    patterns.set(pattern, re);
  }
  return re.test(action);
}

/** A data action is granted by a permission block that lists it and does not take it away. */
export function grantsDataAction(def: RoleDefinitionFacts, dataAction: string): boolean {
  return def.permissions.some(
    (p) =>
      p.dataActions.some((a) => actionMatches(a, dataAction)) &&
      !p.notDataActions.some((a) => actionMatches(a, dataAction)),
  );
}

/** A control-plane action (e.g. roleAssignments/write) granted by a set of permission blocks. */
export function grantsAction(permissions: readonly RolePermission[], action: string): boolean {
  return permissions.some(
    (p) => p.actions.some((a) => actionMatches(a, action)) && !p.notActions.some((a) => actionMatches(a, action)),
  );
}

function definitionOf(input: RoleEvaluationInput, roleDefinitionId: string): RoleDefinitionFacts | undefined {
  const guid = roleGuidOf(roleDefinitionId);
  return input.definitions.get(guid) ?? builtInRole(guid);
}

const covers = (def: RoleDefinitionFacts, need: AccessNeed): boolean =>
  need.dataActions.every((a) => grantsDataAction(def, a));

const where = (a: RoleAssignmentFacts): string => `at ${a.scope}`;

export function evaluateRole(input: RoleEvaluationInput): RoleEvaluation {
  const { need } = input;
  const applying = input.assignments.filter(
    (a) => a.principalId.toLowerCase() === input.principalId.toLowerCase() && scopeCovers(a.scope, input.targetScope),
  );
  const unreadable = applying.filter((a) => !definitionOf(input, a.roleDefinitionId));
  const granting = applying
    .map((a) => ({ assignment: a, def: definitionOf(input, a.roleDefinitionId) }))
    .filter((x): x is { assignment: RoleAssignmentFacts; def: RoleDefinitionFacts } => !!x.def && covers(x.def, need));
  const plain = granting.filter((g) => !g.assignment.condition);
  const deny = (input.denyAssignments ?? []).filter((d) => denies(d, input.principalId, input.targetScope, need));
  const via = (list: typeof granting) => list.map((g) => ({ assignment: g.assignment, roleName: g.def.roleName }));
  if (plain.length) {
    if (deny.length) {
      return {
        verdict: 'unknown',
        reason: `${plain[0].def.roleName} is assigned ${where(plain[0].assignment)}, but deny assignment ${deny[0].name ?? deny[0].id} at ${deny[0].scope} covers the same action and may block it`,
        via: via(plain),
      };
    }
    return {
      verdict: 'passed',
      reason: `it holds ${plain.map((g) => `${g.def.roleName} ${where(g.assignment)}`).join('; ')}`,
      via: via(plain),
    };
  }
  const conditional = granting.filter((g) => g.assignment.condition);
  if (conditional.length) {
    return {
      verdict: 'unknown',
      reason: `${conditional[0].def.roleName} is assigned ${where(conditional[0].assignment)} with a condition (${conditional[0].assignment.condition}); whether the condition lets the request through depends on the request and cannot be judged here`,
      via: via(conditional),
    };
  }
  const groups = (input.groupAssignments ?? [])
    .filter((a) => /group/i.test(a.principalType ?? '') && scopeCovers(a.scope, input.targetScope))
    .map((a) => ({ assignment: a, def: definitionOf(input, a.roleDefinitionId) }))
    .filter((x): x is { assignment: RoleAssignmentFacts; def: RoleDefinitionFacts } => !!x.def && covers(x.def, need));
  if (groups.length) {
    return {
      verdict: 'unknown',
      reason: `no role of its own covers ${need.title}, but group ${groups[0].assignment.principalId} holds ${groups[0].def.roleName} ${where(groups[0].assignment)}; whether the identity is a member cannot be read through ARM (Microsoft Graph would show it)`,
      via: via(groups),
    };
  }
  if (unreadable.length) {
    return {
      verdict: 'unknown',
      reason: `role definition ${roleGuidOf(unreadable[0].roleDefinitionId)} assigned ${where(unreadable[0])} could not be read, so whether it covers ${need.title} is not known`,
      via: [],
    };
  }
  const held = applying
    .map((a) => `${definitionOf(input, a.roleDefinitionId)!.roleName} ${where(a)}`)
    .filter((x, i, all) => all.indexOf(x) === i);
  return {
    verdict: 'failed',
    reason: `${held.length ? `it holds only ${held.join('; ')}` : 'it holds no role at this resource or any scope above it'}; ${need.title} needs ${BUILT_IN_ROLES[need.grant].roleName} (or a role whose dataActions cover ${need.dataActions.join(', ')})`,
    via: [],
  };
}

function denies(d: DenyAssignmentFacts, principalId: string, target: string, need: AccessNeed): boolean {
  if (!scopeCovers(d.scope, target)) return false;
  const p = principalId.toLowerCase();
  if (d.excludePrincipals?.some((x) => x.id.toLowerCase() === p)) return false;
  // A deny for Everyone, or a group (which may contain the identity), or the identity itself.
  const names = d.principals.some((x) => x.id.toLowerCase() === p || x.id === EVERYONE || /group/i.test(x.type ?? ''));
  return (
    names &&
    need.dataActions.some((a) =>
      d.permissions.some(
        (q) => q.dataActions.some((x) => actionMatches(x, a)) && !q.notDataActions.some((x) => actionMatches(x, a)),
      ),
    )
  );
}
