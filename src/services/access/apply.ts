// Applies an ARM fix (a role assignment, a Cosmos DB data role, a storage firewall rule, trusted service access on an
// Event Hubs namespace, a cluster FQDN) through the real SDK clients: first checks the caller may, treats 409
// RoleAssignmentExists as done, records what it changed.
import { parseArmId, topLevelId } from '../../core/access/armId';
import { ArmChanges, propagationNote, type ArmChange } from '../../core/access/changes';
import { FIX_WRITE_ACTION, type ArmFix } from '../../core/access/fixes';
import { grantsAction } from '../../core/access';
import type { StateStore } from '../../core/operations/backup';
import type { Catalog } from '../catalog';
import { serviceErrorCodes, toServiceError } from '../errors';
import type { CloudAccount, SubscriptionRef } from '../model';
import { callerPermissions } from './permissions';

export type ArmApplyOutcome =
  | { readonly status: 'applied'; readonly change: ArmChange; readonly note: string; readonly alreadyThere: boolean }
  /** The caller may not make this change: give them the az / Bicep text instead. */
  | { readonly status: 'refused'; readonly reason: string; readonly az: string; readonly bicep: string };

/** The ARM id a fix (or the change it made) acts on: the role assignment's scope, or the resource it alters. */
function scopeOf(x: ArmFix | ArmChange): string {
  switch (x.kind) {
    case 'roleAssignment':
      return x.scope;
    case 'cosmosSqlRoleAssignment':
    case 'storageResourceAccessRule':
      return x.accountId;
    case 'eventHubTrustedServices':
      return x.namespaceId;
    case 'clusterAllowedFqdn':
      return x.clusterId;
  }
}

export class ArmApplier {
  readonly changes: ArmChanges;

  constructor(
    private readonly catalog: Catalog,
    store: StateStore,
  ) {
    this.changes = new ArmChanges(store);
  }

  private subscription(account: CloudAccount, id: string, tenantId = ''): SubscriptionRef {
    const subscriptionId = parseArmId(id).subscriptionId ?? '';
    return { subscriptionId, name: subscriptionId, tenantId };
  }

  /**
   * The caller's effective permissions at the fix's scope (`Microsoft.Authorization/permissions`): whether they
   * include the write the fix needs. Undefined when they cannot be read (the PUT then answers for itself).
   */
  async mayApply(account: CloudAccount, fix: ArmFix, tenantId = ''): Promise<boolean | undefined> {
    const scope = scopeOf(fix);
    if (!parseArmId(scope).resourceGroup) return undefined;
    try {
      const perms = await callerPermissions(this.catalog, account, this.subscription(account, scope, tenantId), scope);
      return grantsAction(perms, FIX_WRITE_ACTION[fix.kind]);
    } catch {
      return undefined;
    }
  }

  async apply(account: CloudAccount, fix: ArmFix, tenantId = ''): Promise<ArmApplyOutcome> {
    const scope = scopeOf(fix);
    const refuse = (reason: string): ArmApplyOutcome => ({ status: 'refused', reason, az: fix.az, bicep: fix.bicep });
    if ((await this.mayApply(account, fix, tenantId)) === false)
      return refuse(
        `you may not do this at ${scope}: it needs ${FIX_WRITE_ACTION[fix.kind]} (Owner, User Access Administrator or Role Based Access Control Administrator for a role assignment). Copy the az command or the Bicep for someone who may.`,
      );
    const subscription = this.subscription(account, scope, tenantId);
    const ctx = { action: fix.title, permission: FIX_WRITE_ACTION[fix.kind] };
    try {
      const change = await this.run(account, subscription, fix);
      return {
        status: 'applied',
        change,
        note: propagationNote(fix),
        alreadyThere: 'created' in change && !change.created,
      };
    } catch (e) {
      const err = toServiceError(e, ctx);
      if (serviceErrorCodes(e).some((c) => /AuthorizationFailed|LinkedAuthorizationFailed/i.test(c)))
        return refuse(`${err.message} Copy the az command or the Bicep for someone who may.`);
      throw err;
    }
  }

  private async run(account: CloudAccount, subscription: SubscriptionRef, fix: ArmFix): Promise<ArmChange> {
    const f = this.catalog.factory;
    switch (fix.kind) {
      case 'roleAssignment': {
        const client = await f.other('authorization', account, subscription);
        let created = true;
        try {
          await f.limit(() =>
            client.roleAssignments.create(fix.scope, fix.assignmentName, {
              roleDefinitionId: fix.roleDefinitionId,
              principalId: fix.principalId,
              principalType: fix.principalType,
            }),
          );
        } catch (e) {
          // The same role, principal and scope under another name: what the fix wanted is already there.
          if (
            !serviceErrorCodes(e).includes('RoleAssignmentExists') &&
            (e as { statusCode?: number }).statusCode !== 409
          )
            throw e;
          created = false;
        }
        return this.changes.record({
          kind: 'roleAssignment',
          title: fix.title,
          scope: fix.scope,
          assignmentName: fix.assignmentName,
          created,
        });
      }
      case 'cosmosSqlRoleAssignment': {
        const p = parseArmId(fix.accountId);
        const client = await f.other('cosmos', account, subscription);
        await client.sqlResources.beginCreateUpdateSqlRoleAssignmentAndWait(
          fix.assignmentName,
          p.resourceGroup ?? '',
          p.resources[0]?.[1] ?? '',
          { roleDefinitionId: fix.roleDefinitionId, scope: fix.scope, principalId: fix.principalId },
          { updateIntervalInMs: 500 },
        );
        return this.changes.record({
          kind: 'cosmosSqlRoleAssignment',
          title: fix.title,
          accountId: fix.accountId,
          assignmentName: fix.assignmentName,
          created: true,
        });
      }
      case 'storageResourceAccessRule': {
        const p = parseArmId(fix.accountId);
        const name = p.resources[0]?.[1] ?? '';
        const client = await f.other('storage', account, subscription);
        // Re-read just before the change: the rules it keeps are today's, and undo puts these back.
        const before = await f.limit(() => client.storageAccounts.getProperties(p.resourceGroup ?? '', name));
        const previous = before.networkRuleSet ?? { defaultAction: 'Allow' as const };
        const rules = previous.resourceAccessRules ?? [];
        const has = rules.some((r) => r.resourceId?.toLowerCase() === fix.rule.resourceId.toLowerCase());
        if (!has)
          await f.limit(() =>
            client.storageAccounts.update(p.resourceGroup ?? '', name, {
              networkRuleSet: { ...previous, resourceAccessRules: [...rules, fix.rule] },
            }),
          );
        return this.changes.record({
          kind: 'storageResourceAccessRule',
          title: fix.title,
          accountId: topLevelId(fix.accountId),
          previousNetworkAcls: previous,
        });
      }
      case 'eventHubTrustedServices': {
        const p = parseArmId(fix.namespaceId);
        const name = p.resources[0]?.[1] ?? '';
        const client = await f.other('eventHub', account, subscription);
        // Re-read just before the change: the PUT replaces the rule set, so it carries today's rules; undo puts these back.
        const before = await f.limit(() => client.namespaces.getNetworkRuleSet(p.resourceGroup ?? '', name));
        const previous = {
          defaultAction: before.defaultAction,
          publicNetworkAccess: before.publicNetworkAccess,
          trustedServiceAccessEnabled: before.trustedServiceAccessEnabled ?? false,
          ipRules: before.ipRules ?? [],
          virtualNetworkRules: before.virtualNetworkRules ?? [],
        };
        if (!previous.trustedServiceAccessEnabled)
          await f.limit(() =>
            client.namespaces.createOrUpdateNetworkRuleSet(p.resourceGroup ?? '', name, {
              ...previous,
              trustedServiceAccessEnabled: true,
            }),
          );
        return this.changes.record({
          kind: 'eventHubTrustedServices',
          title: fix.title,
          namespaceId: fix.namespaceId,
          previousRuleSet: previous,
        });
      }
      case 'clusterAllowedFqdn': {
        const p = parseArmId(fix.clusterId);
        const name = p.resources[0]?.[1] ?? '';
        const client = await f.arm(account, subscription);
        const before = await f.limit(() => client.clusters.get(p.resourceGroup ?? '', name));
        const previous = before.allowedFqdnList ?? [];
        const next = previous.some((x) => x.toLowerCase() === fix.fqdn.toLowerCase())
          ? previous
          : [...previous, fix.fqdn];
        await client.clusters.beginUpdateAndWait(
          p.resourceGroup ?? '',
          name,
          { allowedFqdnList: next },
          { updateIntervalInMs: 500 },
        );
        return this.changes.record({
          kind: 'clusterAllowedFqdn',
          title: fix.title,
          clusterId: fix.clusterId,
          previousAllowedFqdnList: previous,
        });
      }
    }
  }

  /** Puts back what a recorded change altered: deletes an assignment it created, restores firewall rules or the FQDN list. */
  async undo(account: CloudAccount, change: ArmChange, tenantId = ''): Promise<void> {
    const f = this.catalog.factory;
    const idOf = scopeOf(change);
    const subscription = this.subscription(account, idOf, tenantId);
    const p = parseArmId(idOf);
    const name = p.resources[0]?.[1] ?? '';
    switch (change.kind) {
      case 'roleAssignment':
        if (change.created)
          await (
            await f.other('authorization', account, subscription)
          ).roleAssignments.delete(change.scope, change.assignmentName);
        break;
      case 'cosmosSqlRoleAssignment':
        if (change.created)
          await (
            await f.other('cosmos', account, subscription)
          ).sqlResources.beginDeleteSqlRoleAssignmentAndWait(change.assignmentName, p.resourceGroup ?? '', name, {
            updateIntervalInMs: 500,
          });
        break;
      case 'storageResourceAccessRule':
        await (
          await f.other('storage', account, subscription)
        ).storageAccounts.update(p.resourceGroup ?? '', name, {
          networkRuleSet: change.previousNetworkAcls as never,
        });
        break;
      case 'eventHubTrustedServices':
        await (
          await f.other('eventHub', account, subscription)
        ).namespaces.createOrUpdateNetworkRuleSet(p.resourceGroup ?? '', name, change.previousRuleSet as never);
        break;
      case 'clusterAllowedFqdn':
        await (
          await f.arm(account, subscription)
        ).clusters.beginUpdateAndWait(
          p.resourceGroup ?? '',
          name,
          { allowedFqdnList: [...change.previousAllowedFqdnList] },
          { updateIntervalInMs: 500 },
        );
        break;
    }
    await this.changes.forget(change.id);
  }
}
