// The tree's data without VS Code: roots from the accounts and direct connections, cached children, invalidation.
import type { Catalog } from '../catalog';
import type { CloudAccount, SubscriptionRef } from '../model';
import { clusterNode, directClusterInfo, type DirectConnection } from './cluster';
import { ids, ROOT_ID } from './ids';
import { contextValue, errorNode, infoNode, type ModelNode } from './node';

export interface TreeSources {
  /** Signed-in Azure account and/or the sandbox: each lists subscriptions. */
  readonly accounts: readonly CloudAccount[];
  /** Clusters added by URL (setting adxIdentity.connections). */
  readonly direct: readonly DirectConnection[];
  /** Whose token direct connections with `auth: account` use. */
  readonly directAccount?: CloudAccount;
}

export { ROOT_ID };
/** Above this many subscriptions the roots are shown at once, without first looking for clusters in each. */
const NO_CLUSTER_CHECK_LIMIT = 20;

export class TreeModel {
  private readonly cache = new Map<string, Promise<ModelNode[]>>();
  private readonly nodes = new Map<string, ModelNode>();

  constructor(
    private readonly catalog: Catalog,
    private readonly sources: () => TreeSources | Promise<TreeSources>,
    /** Told, at each load of the roots, whether an Azure account is signed in with no cluster anywhere (roots then empty). */
    private readonly onSignedInWithoutClusters?: (yes: boolean) => void,
  ) {}

  /** Children of a node (or the roots), cached until invalidated; a failure becomes an error child, never a throw. */
  getChildren(node?: ModelNode): Promise<ModelNode[]> {
    const id = node?.id ?? ROOT_ID;
    let children = this.cache.get(id);
    if (!children) {
      const loading = node ? (node.load?.() ?? Promise.resolve([])) : this.roots();
      children = loading
        .catch((e: unknown) => [errorNode(id, e)])
        .then((list) => {
          for (const child of list) this.nodes.set(child.id, child);
          return list;
        });
      this.cache.set(id, children);
    }
    return children;
  }

  /** The node last handed out with this id (for refresh by id). */
  node(id: string): ModelNode | undefined {
    return this.nodes.get(id);
  }

  /** Forgets the cached children of a node and everything under it; no id forgets everything. */
  invalidate(id?: string): void {
    if (id === undefined || id === ROOT_ID) {
      this.cache.clear();
      this.nodes.clear();
      return;
    }
    for (const key of [...this.cache.keys()]) if (ids.isUnder(key, id)) this.cache.delete(key);
    for (const key of [...this.nodes.keys()]) if (key !== id && ids.isUnder(key, id)) this.nodes.delete(key);
  }

  private async roots(): Promise<ModelNode[]> {
    const { accounts, direct, directAccount } = await this.sources();
    // Accounts load side by side; one failing account becomes an error row without hiding the others.
    const perAccount = await Promise.all(accounts.map((account) => this.accountRoots(account)));
    const roots = perAccount.flat();
    if (direct.length) roots.push(directRoot(this.catalog, direct, directAccount));
    // An empty view shows the welcome that says what to do next, instead of rows that each say "no clusters".
    const azureRoots = perAccount.filter((_, i) => accounts[i].kind === 'azure').flat();
    const empty =
      this.onSignedInWithoutClusters !== undefined &&
      azureRoots.length === roots.length &&
      (await this.signedInWithoutClusters(roots));
    this.onSignedInWithoutClusters?.(empty);
    return empty ? [] : roots;
  }

  /** True when the roots (all the Azure account's) are only subscriptions (or "No subscriptions") and none has a cluster. */
  private async signedInWithoutClusters(roots: ModelNode[]): Promise<boolean> {
    if (!roots.length || roots.length > NO_CLUSTER_CHECK_LIMIT) return false;
    if (!roots.every((r) => r.kind === 'info' || r.kind === 'subscription')) return false;
    const children = await Promise.all(roots.filter((r) => r.kind === 'subscription').map((r) => this.getChildren(r)));
    return children.every((list) => list.every((c) => c.kind === 'info'));
  }

  private async accountRoots(account: CloudAccount): Promise<ModelNode[]> {
    // Rows of an account live in the root's cache: retrying one reloads the roots.
    const id = ids.account(account.kind);
    try {
      if (!(await account.isSignedIn())) return [];
      const subs = await this.catalog.listSubscriptions(account);
      if (!subs.length)
        return [
          infoNode(id, 'No subscriptions', account.kind === 'azure' ? 'check the subscription filter' : undefined),
        ];
      return subs.map((s) => subscriptionNode(this.catalog, account, s));
    } catch (e) {
      return [errorNode(id, e, ROOT_ID)];
    }
  }
}

export function subscriptionNode(catalog: Catalog, account: CloudAccount, sub: SubscriptionRef): ModelNode {
  const id = ids.subscription(account.kind, sub.tenantId, sub.subscriptionId);
  const resourceId = `/subscriptions/${sub.subscriptionId}`;
  return {
    id,
    kind: 'subscription',
    label: sub.name,
    description: account.kind === 'sandbox' ? 'sandbox' : undefined,
    tooltip: `Subscription ${sub.name}\nID: ${sub.subscriptionId}\nTenant: ${sub.tenantId}${account.kind === 'sandbox' ? '\nFrom the local sandbox' : ''}`,
    icon: { id: 'azure' },
    contextValue: contextValue('subscription', account.kind, 'refreshable'),
    collapsible: 'collapsed',
    portalUrl:
      account.kind === 'azure'
        ? `${account.endpoints.portalUrl}/#@${sub.tenantId}/resource${resourceId}/overview`
        : undefined,
    load: async () => {
      const clusters = await catalog.listClusters(account, sub);
      if (!clusters.length) return [infoNode(id, 'No Azure Data Explorer clusters')];
      return clusters.map((cluster) => clusterNode(catalog, id, { account, subscription: sub, cluster }));
    },
  };
}

function directRoot(
  catalog: Catalog,
  direct: readonly DirectConnection[],
  account: CloudAccount | undefined,
): ModelNode {
  const id = ids.direct();
  return {
    id,
    kind: 'directRoot',
    label: 'Direct connections',
    description: `${direct.length}`,
    tooltip: 'Clusters added by URL (setting adxIdentity.connections)',
    icon: { id: 'plug' },
    contextValue: contextValue('directRoot', 'refreshable'),
    collapsible: 'collapsed',
    load: async () =>
      direct.map((c) =>
        clusterNode(catalog, id, { account: c.auth === 'none' ? undefined : account, cluster: directClusterInfo(c) }),
      ),
  };
}
