// ARM resource ids taken apart: subscription, resource group, provider, the type and name path.

export interface ArmIdParts {
  readonly subscriptionId?: string;
  readonly resourceGroup?: string;
  /** e.g. `Microsoft.Storage`. */
  readonly provider?: string;
  /** Type segments below the provider with their names, e.g. [['storageAccounts','a'],['blobServices','default']]. */
  readonly resources: readonly (readonly [string, string])[];
}

export function parseArmId(id: string): ArmIdParts {
  const parts = id.split('/').filter(Boolean);
  let subscriptionId: string | undefined;
  let resourceGroup: string | undefined;
  let provider: string | undefined;
  const resources: [string, string][] = [];
  for (let i = 0; i < parts.length; i++) {
    const key = parts[i].toLowerCase();
    if (key === 'subscriptions' && !provider) subscriptionId = parts[++i];
    else if (key === 'resourcegroups' && !provider) resourceGroup = parts[++i];
    else if (key === 'providers') provider = parts[++i];
    else if (provider && i + 1 < parts.length) resources.push([parts[i], parts[++i]]);
  }
  return { subscriptionId, resourceGroup, provider, resources };
}

/** The top-level resource of an id (`…/storageAccounts/a/blobServices/default/containers/c` → `…/storageAccounts/a`). */
export function topLevelId(id: string): string {
  const m = /^(.*?\/providers\/[^/]+\/[^/]+\/[^/]+)/i.exec(id);
  return m ? m[1] : id;
}

/** The name of the top-level resource. */
export function topLevelName(id: string): string | undefined {
  return parseArmId(id).resources[0]?.[1];
}
