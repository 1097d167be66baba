// Resources placed in a subscription and resource group (storage, Event Hubs, Cosmos DB, OpenAI accounts): lookups
// by the scope of a request, and their ARM ids.
import type { ScenarioPlacement } from '../types';
import { notFound } from './common';
import type { ArmScope } from './router';

export function placedId(r: ScenarioPlacement, type: string): string {
  return `/subscriptions/${r.subscriptionId}/resourceGroups/${r.resourceGroup}/providers/${type}/${r.name}`;
}

/** The resources of a list in the subscription (and resource group, when given) of the request. */
export function inScope<T extends ScenarioPlacement>(list: readonly T[] | undefined, scope: ArmScope): T[] {
  return (list ?? []).filter(
    (r) =>
      r.subscriptionId.toLowerCase() === scope.subscriptionId.toLowerCase() &&
      (!scope.resourceGroup || r.resourceGroup.toLowerCase() === scope.resourceGroup.toLowerCase()),
  );
}

/** One resource by name in the request's resource group, or ARM's 404 for `type`. */
export function placedOf<T extends ScenarioPlacement>(
  list: readonly T[] | undefined,
  scope: ArmScope,
  name: string,
  type: string,
): T {
  const found = inScope(list, scope).find((r) => r.name.toLowerCase() === name.toLowerCase());
  if (!found || !scope.resourceGroup) throw notFound(type, name, scope.resourceGroup);
  return found;
}
