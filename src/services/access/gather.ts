// Reads the other end of the identity from ARM: the target resource (Resource Graph by name, or the data connection's
// resource id), the identity's role assignments and their definitions, deny assignments, the storage firewall, Cosmos DB
// data roles, the caller's own permissions there, and the cluster's outbound settings and managed private endpoints.
import { parseArmId, topLevelId } from '../../core/access/armId';
import { builtInRole, roleGuidOf, type RoleDefinitionFacts } from '../../core/access/builtInRoles';
import { FIX_WRITE_ACTION } from '../../core/access/fixes';
import {
  TARGET_WRITE_ACTION,
  type CallerPermission,
  type OtherEndFacts,
  type PrincipalRoleFacts,
  type TargetFacts,
  type TargetKind,
  type TargetRequest,
} from '../../core/access/judge';
import { grantsAction, type RoleAssignmentFacts } from '../../core/access/rbac';
import type { ClusterNetworkFacts, EventHubNetworkFacts, StorageNetworkFacts } from '../../core/access/network';
import { resourceByNameQuery, type LookupType } from '../../core/resourceGraph';
import { queryResourceGraph } from '../armRest';
import type { Catalog, ClusterRef } from '../catalog';
import { toServiceError } from '../errors';
import { callerPermissions } from './permissions';
import type { CloudAccount, SubscriptionRef } from '../model';

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const status = (e: unknown): number | undefined => (e as { statusCode?: number }).statusCode;

const LOOKUP: Record<TargetKind, LookupType> = {
  storage: 'microsoft.storage/storageaccounts',
  eventhub: 'microsoft.eventhub/namespaces',
  cosmos: 'microsoft.documentdb/databaseaccounts',
  openai: 'microsoft.cognitiveservices/accounts',
  iothub: 'microsoft.devices/iothubs',
};

interface GraphRow {
  readonly id: string;
  readonly name: string;
  readonly subscriptionId: string;
  readonly tenantId?: string;
  readonly resourceGroup?: string;
  readonly properties?: {
    readonly networkAcls?: StorageNetworkFacts['networkAcls'];
    readonly publicNetworkAccess?: string;
  } & Record<string, unknown>;
}

/** Reads every target of a flow; what cannot be read becomes a `missing` reason, never a throw. */
export async function gatherTargets(
  catalog: Catalog,
  ref: ClusterRef,
  requests: readonly TargetRequest[],
): Promise<OtherEndFacts> {
  const account = ref.account;
  if (!account || ref.cluster.source !== 'arm') return {};
  const tenantId = ref.subscription?.tenantId ?? ref.cluster.tenantId ?? '';
  const targets: Record<string, TargetFacts> = {};
  const [network] = await Promise.all([
    clusterNetwork(catalog, ref),
    ...requests.map(async (r) => {
      targets[r.key] = await gatherTarget(catalog, account, tenantId, r);
    }),
  ]);
  return { targets, ...network };
}

async function clusterNetwork(
  catalog: Catalog,
  ref: ClusterRef,
): Promise<Pick<OtherEndFacts, 'network' | 'networkError'>> {
  const c = ref.cluster;
  if (!ref.account || !ref.subscription || !c.resourceId || !c.resourceGroup) return {};
  try {
    const client = await catalog.factory.arm(ref.account, ref.subscription);
    const got = await catalog.factory.limit(() => client.clusters.get(c.resourceGroup!, c.name));
    let endpoints: ClusterNetworkFacts['managedPrivateEndpoints'];
    try {
      const list = [];
      for await (const e of client.managedPrivateEndpoints.list(c.resourceGroup!, c.name)) {
        list.push({
          name: (e.name ?? '').split('/').pop() ?? '',
          privateLinkResourceId: e.privateLinkResourceId ?? '',
          groupId: e.groupId,
          provisioningState: e.provisioningState,
        });
      }
      endpoints = list;
    } catch {
      endpoints = undefined;
    }
    return {
      network: {
        resourceId: c.resourceId,
        tenantId: c.tenantId ?? ref.subscription.tenantId,
        restrictOutboundNetworkAccess: got.restrictOutboundNetworkAccess,
        allowedFqdnList: got.allowedFqdnList ?? [],
        ...(endpoints ? { managedPrivateEndpoints: endpoints } : {}),
      },
    };
  } catch (e) {
    return { networkError: message(e) };
  }
}

async function findResource(
  catalog: Catalog,
  account: CloudAccount,
  r: TargetRequest,
): Promise<{ row?: GraphRow; missing?: string }> {
  if (r.resourceId) {
    const p = parseArmId(r.resourceId);
    return {
      row: {
        id: topLevelId(r.resourceId),
        name: r.name,
        subscriptionId: p.subscriptionId ?? '',
        resourceGroup: p.resourceGroup,
      },
    };
  }
  try {
    const rows = await queryResourceGraph<GraphRow>(
      catalog.factory,
      account,
      resourceByNameQuery(LOOKUP[r.kind], r.name),
    );
    if (rows.length) return { row: rows[0] };
    const subs = await catalog.listSubscriptions(account).catch(() => []);
    return {
      missing: `no ${r.kind === 'storage' ? 'storage account' : r.kind} named ${r.name} in the ${subs.length || 'visible'} subscription(s) you can see; Reader on the subscription that holds it would show it (it may also be in another tenant)`,
    };
  } catch (e) {
    return { missing: `could not look ${r.name} up in Azure Resource Graph: ${message(e)}` };
  }
}

async function gatherTarget(
  catalog: Catalog,
  account: CloudAccount,
  tenantId: string,
  r: TargetRequest,
): Promise<TargetFacts> {
  const base = { key: r.key, kind: r.kind, name: r.name };
  const found = await findResource(catalog, account, r);
  if (!found.row) return { ...base, missing: found.missing };
  const row = found.row;
  const subscription: SubscriptionRef = {
    subscriptionId: row.subscriptionId,
    name: row.subscriptionId,
    tenantId: row.tenantId ?? tenantId,
  };
  const resourceId = row.id;
  const withId = { ...base, resourceId, subscriptionId: row.subscriptionId, tenantId: row.tenantId ?? tenantId };
  // The resource itself (a data connection's id is read so not found / not visible says so; a storage account found
  // through Resource Graph already carries its firewall) and its access are read in the same wave.
  const [resource, roles, definitionsAndDeny, caller, cosmos] = await Promise.all([
    readResource(catalog, account, subscription, r.kind, resourceId, row).then(
      (read) => ({ read }),
      (error: unknown) => ({ error }),
    ),
    readRoles(catalog, account, subscription, resourceId, r.principals),
    readDeny(catalog, account, subscription, resourceId),
    readCaller(catalog, account, subscription, resourceId, r.kind),
    r.kind === 'cosmos' ? readCosmos(catalog, account, subscription, resourceId) : undefined,
  ]);
  if ('error' in resource) {
    const e = resource.error;
    const code = status(e);
    return {
      ...withId,
      missing:
        code === 404
          ? `${resourceId} was not found`
          : code === 403
            ? `${r.name} is not visible to you (${message(e)}); Reader on ${resourceId} or its subscription ${row.subscriptionId} would show it`
            : `could not read ${r.name}: ${message(e)}`,
    };
  }
  const { storage, eventHub } = resource.read;
  const definitions = await readDefinitions(catalog, account, subscription, Object.values(roles));
  return {
    ...withId,
    ...(storage ? { storage } : {}),
    ...(eventHub ? { eventHub } : {}),
    roles,
    definitions,
    ...definitionsAndDeny,
    caller,
    ...(cosmos ? { cosmos } : {}),
  };
}

/** A storage account's firewall as the network check reads it, from an ARM read or a Resource Graph row. */
function storageFacts(
  id: string,
  name: string,
  tenantId: string | undefined,
  publicNetworkAccess: string | undefined,
  acls: StorageNetworkFacts['networkAcls'] | undefined,
): StorageNetworkFacts {
  return {
    id,
    name,
    tenantId,
    publicNetworkAccess,
    ...(acls
      ? {
          networkAcls: {
            defaultAction: acls.defaultAction,
            bypass: acls.bypass,
            ipRules: acls.ipRules ?? [],
            virtualNetworkRules: acls.virtualNetworkRules ?? [],
            resourceAccessRules: (acls.resourceAccessRules ?? []).map((x) => ({
              tenantId: x.tenantId,
              resourceId: x.resourceId,
            })),
          },
        }
      : {}),
  };
}

async function readResource(
  catalog: Catalog,
  account: CloudAccount,
  subscription: SubscriptionRef,
  kind: TargetKind,
  resourceId: string,
  row: GraphRow,
): Promise<{ storage?: StorageNetworkFacts; eventHub?: EventHubNetworkFacts }> {
  const p = parseArmId(resourceId);
  const rg = p.resourceGroup ?? row.resourceGroup ?? '';
  const name = p.resources[0]?.[1] ?? row.name;
  if (kind === 'storage' && row.properties && 'networkAcls' in row.properties)
    // Resource Graph rows carry the account's properties as ARM returns them: no second read.
    return {
      storage: storageFacts(row.id, name, row.tenantId, row.properties.publicNetworkAccess, row.properties.networkAcls),
    };
  if (kind === 'storage') {
    const client = await catalog.factory.other('storage', account, subscription);
    const a = await catalog.factory.limit(() => client.storageAccounts.getProperties(rg, name));
    return { storage: storageFacts(a.id ?? resourceId, name, row.tenantId, a.publicNetworkAccess, a.networkRuleSet) };
  }
  if (kind === 'eventhub') {
    const client = await catalog.factory.other('eventHub', account, subscription);
    // The namespace (not found / not visible ends here) and its default network rule set, side by side.
    const [ns, rules] = await Promise.all([
      catalog.factory.limit(() => client.namespaces.get(rg, name)),
      catalog.factory
        .limit(() => client.namespaces.getNetworkRuleSet(rg, name))
        .then(
          (set) => ({ set }),
          (error: unknown) => ({ error }),
        ),
    ]);
    const eventHub: EventHubNetworkFacts = {
      id: ns.id ?? resourceId,
      name,
      tenantId: row.tenantId,
      publicNetworkAccess: ns.publicNetworkAccess,
      ...('set' in rules
        ? {
            ruleSet: {
              defaultAction: rules.set.defaultAction,
              trustedServiceAccessEnabled: rules.set.trustedServiceAccessEnabled,
              publicNetworkAccess: rules.set.publicNetworkAccess,
              ipRules: (rules.set.ipRules ?? []).map((x) => ({ ipMask: x.ipMask, action: x.action })),
              virtualNetworkRules: (rules.set.virtualNetworkRules ?? []).map((x) => ({
                subnet: { id: x.subnet?.id },
                ignoreMissingVnetServiceEndpoint: x.ignoreMissingVnetServiceEndpoint,
              })),
            },
          }
        : { ruleSetError: message(rules.error) }),
    };
    return { eventHub };
  } else if (kind === 'cosmos') {
    const client = await catalog.factory.other('cosmos', account, subscription);
    await catalog.factory.limit(() => client.databaseAccounts.get(rg, name));
  }
  return {};
}

const toAssignment = (a: {
  id?: string;
  scope?: string;
  roleDefinitionId?: string;
  principalId?: string;
  principalType?: string;
  condition?: string;
}): RoleAssignmentFacts => ({
  id: a.id ?? '',
  scope: a.scope ?? '',
  roleDefinitionId: a.roleDefinitionId ?? '',
  principalId: a.principalId ?? '',
  ...(a.principalType ? { principalType: a.principalType } : {}),
  ...(a.condition ? { condition: a.condition } : {}),
});

async function readRoles(
  catalog: Catalog,
  account: CloudAccount,
  subscription: SubscriptionRef,
  scope: string,
  principals: readonly string[],
): Promise<Record<string, PrincipalRoleFacts>> {
  const out: Record<string, PrincipalRoleFacts> = {};
  // No identity to match (its object id is not known): nothing to read, the role check says why.
  if (!principals.length) return out;
  const client = await catalog.factory.other('authorization', account, subscription);
  // Group assignments at or above the scope, read once beside the principals' own: the identity may be a member
  // (ARM cannot say).
  const readGroups = async (): Promise<RoleAssignmentFacts[] | undefined> => {
    try {
      const found: RoleAssignmentFacts[] = [];
      await catalog.factory.limit(async () => {
        for await (const a of client.roleAssignments.listForScope(scope, { filter: 'atScope()' }))
          if (/group/i.test(a.principalType ?? '')) found.push(toAssignment(a));
      });
      return found;
    } catch {
      return undefined;
    }
  };
  const groupsRead = readGroups();
  await Promise.all(
    principals.map(async (p) => {
      try {
        const list: RoleAssignmentFacts[] = [];
        await catalog.factory.limit(async () => {
          for await (const a of client.roleAssignments.listForScope(scope, { filter: `principalId eq '${p}'` }))
            list.push(toAssignment(a));
        });
        const groups = await groupsRead;
        out[p.toLowerCase()] = { assignments: list, ...(groups ? { groupAssignments: groups } : {}) };
      } catch (e) {
        out[p.toLowerCase()] = {
          error: toServiceError(e, {
            action: `list the role assignments on ${scope}`,
            permission: 'Reader (Microsoft.Authorization/roleAssignments/read) on the resource',
          }).message,
        };
      }
    }),
  );
  return out;
}

async function readDefinitions(
  catalog: Catalog,
  account: CloudAccount,
  subscription: SubscriptionRef,
  roles: readonly PrincipalRoleFacts[],
): Promise<Record<string, RoleDefinitionFacts>> {
  const ids = [
    ...new Set(
      roles.flatMap((r) => [...(r.assignments ?? []), ...(r.groupAssignments ?? [])]).map((a) => a.roleDefinitionId),
    ),
  ].filter(Boolean);
  const client = await catalog.factory.other('authorization', account, subscription);
  const out: Record<string, RoleDefinitionFacts> = {};
  await Promise.all(
    ids.map(async (id) => {
      const guid = roleGuidOf(id);
      // A built-in role the evaluator knows (its real id, actions and data actions) needs no read.
      const known = builtInRole(guid);
      if (known) return void (out[guid] = known);
      try {
        const d = await catalog.factory.limit(() => client.roleDefinitions.getById(id));
        out[guid] = {
          id: guid,
          roleName: d.roleName ?? guid,
          type: /builtin/i.test(d.roleType ?? '') ? 'BuiltInRole' : 'CustomRole',
          permissions: (d.permissions ?? []).map((p) => ({
            actions: p.actions ?? [],
            notActions: p.notActions ?? [],
            dataActions: p.dataActions ?? [],
            notDataActions: p.notDataActions ?? [],
          })),
        };
      } catch {
        // A built-in stands in; a custom role that cannot be read makes the verdict unknown.
        const b = builtInRole(guid);
        if (b) out[guid] = b;
      }
    }),
  );
  return out;
}

async function readDeny(
  catalog: Catalog,
  account: CloudAccount,
  subscription: SubscriptionRef,
  scope: string,
): Promise<Pick<TargetFacts, 'denyAssignments' | 'denyError'>> {
  try {
    const client = await catalog.factory.other('authorization', account, subscription);
    const out = [];
    for await (const d of client.denyAssignments.listForScope(scope)) {
      out.push({
        id: d.id ?? '',
        name: d.denyAssignmentName,
        scope: d.scope ?? '',
        permissions: (d.permissions ?? []).map((p) => ({
          actions: p.actions ?? [],
          notActions: p.notActions ?? [],
          dataActions: p.dataActions ?? [],
          notDataActions: p.notDataActions ?? [],
        })),
        principals: (d.principals ?? []).map((x) => ({ id: x.id ?? '', type: x.type })),
        excludePrincipals: (d.excludePrincipals ?? []).map((x) => ({ id: x.id ?? '' })),
      });
    }
    return { denyAssignments: out };
  } catch (e) {
    return { denyError: message(e) };
  }
}

/** The caller's effective permissions at the resource (`…/providers/Microsoft.Authorization/permissions`). */
async function readCaller(
  catalog: Catalog,
  account: CloudAccount,
  subscription: SubscriptionRef,
  resourceId: string,
  kind: TargetKind,
): Promise<CallerPermission> {
  try {
    const perms = await callerPermissions(catalog, account, subscription, resourceId);
    return {
      canWriteRoleAssignments: grantsAction(perms, FIX_WRITE_ACTION.roleAssignment),
      canWriteResource: grantsAction(perms, TARGET_WRITE_ACTION[kind]),
    };
  } catch (e) {
    return { error: message(e) };
  }
}

async function readCosmos(
  catalog: Catalog,
  account: CloudAccount,
  subscription: SubscriptionRef,
  accountId: string,
): Promise<NonNullable<TargetFacts['cosmos']>> {
  const p = parseArmId(accountId);
  const name = p.resources[0]?.[1] ?? '';
  try {
    const client = await catalog.factory.other('cosmos', account, subscription);
    const assignments = [];
    for await (const a of client.sqlResources.listSqlRoleAssignments(p.resourceGroup ?? '', name))
      assignments.push({
        id: a.id ?? '',
        roleDefinitionId: a.roleDefinitionId ?? '',
        scope: a.scope ?? '',
        principalId: a.principalId ?? '',
      });
    const definitions = [];
    for await (const d of client.sqlResources.listSqlRoleDefinitions(p.resourceGroup ?? '', name))
      definitions.push({
        id: (d.name ?? d.id ?? '').split('/').pop() ?? '',
        roleName: d.roleName ?? '',
        permissions: (d.permissions ?? []).map((x) => ({
          dataActions: x.dataActions ?? [],
          notDataActions: x.notDataActions ?? [],
        })),
      });
    return { assignments, definitions };
  } catch (e) {
    return { error: message(e) };
  }
}
