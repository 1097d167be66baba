// The signed-in caller's effective permissions at a resource or resource group (Microsoft.Authorization/permissions):
// what the readiness checks offer and what the applier checks before it writes.
import { parseArmId } from '../../core/access/armId';
import type { RolePermission } from '../../core/access';
import type { Catalog } from '../catalog';
import type { CloudAccount, SubscriptionRef } from '../model';

/** The caller's permissions at `scopeId` (a resource, or a resource group when it names no resource). */
export async function callerPermissions(
  catalog: Catalog,
  account: CloudAccount,
  subscription: SubscriptionRef,
  scopeId: string,
): Promise<RolePermission[]> {
  const p = parseArmId(scopeId);
  const client = await catalog.factory.other('authorization', account, subscription);
  const top = p.resources[0];
  const pages = top
    ? client.permissions.listForResource(p.resourceGroup ?? '', p.provider ?? '', '', top[0], top[1])
    : client.permissions.listForResourceGroup(p.resourceGroup ?? '');
  const perms: RolePermission[] = [];
  for await (const x of pages)
    perms.push({
      actions: x.actions ?? [],
      notActions: x.notActions ?? [],
      dataActions: x.dataActions ?? [],
      notDataActions: x.notDataActions ?? [],
    });
  return perms;
}
