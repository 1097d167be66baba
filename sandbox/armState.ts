// The ARM resources beside the clusters, built from a scenario: role assignments (role names resolved to the real
// built-in ids), custom roles, deny assignments, storage, Event Hubs, Cosmos DB and OpenAI accounts.
import { randomUUID } from 'node:crypto';
import { roleDefinitionIdAt } from './arm/rbac';
import { BUILT_IN_ROLES } from './arm/roles';
import type { ArmResourcesState, RoleAssignmentState, Scenario, ScenarioRoleAssignment } from './types';

const SEEDED = '2026-01-05T09:00:00.0000000Z';

export function buildArmResources(s: Scenario): ArmResourcesState {
  const custom = structuredClone(s.customRoleDefinitions ?? []);
  const guidOf = (ra: ScenarioRoleAssignment): string => {
    if (ra.roleDefinitionId) return ra.roleDefinitionId.split('/').pop()!;
    const named = [...BUILT_IN_ROLES, ...custom].find((r) => r.roleName.toLowerCase() === ra.roleName?.toLowerCase());
    if (!named) throw new Error(`invalid sandbox scenario: role assignment at "${ra.scope}": no role "${ra.roleName}"`);
    return named.name;
  };
  const roleAssignments = (s.roleAssignments ?? []).map((ra): RoleAssignmentState => ({
    name: ra.name ?? randomUUID(),
    scope: ra.scope,
    roleDefinitionId: roleDefinitionIdAt(ra.scope, guidOf(ra)),
    principalId: ra.principalId,
    principalType: ra.principalType ?? 'ServicePrincipal',
    condition: ra.condition,
    conditionVersion: ra.conditionVersion ?? (ra.condition ? '2.0' : undefined),
    description: ra.description,
    createdOn: SEEDED,
    updatedOn: SEEDED,
  }));
  return {
    managementGroups: structuredClone(s.managementGroups ?? []),
    roleAssignments,
    customRoleDefinitions: custom,
    denyAssignments: structuredClone(s.denyAssignments ?? []),
    storageAccounts: structuredClone(s.storageAccounts ?? []),
    eventHubNamespaces: structuredClone(s.eventHubNamespaces ?? []),
    cosmosAccounts: structuredClone(s.cosmosAccounts ?? []),
    cognitiveAccounts: structuredClone(s.cognitiveAccounts ?? []),
    iotHubs: structuredClone(s.iotHubs ?? []),
  };
}
