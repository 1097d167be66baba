// The audit's reads: the inventory (Resource Graph, one user-assigned identity list per subscription) and each
// cluster's facts through the tree's own readers, bounded by the factory's limiter, each request retried by the services.
import type { AuditInventory, KnownIdentity } from '../core/audit/judge';
import type { ClusterFacts } from '../core/workflows/types';
import { listAllClusters } from '../services/armRest';
import { clusterInfoFromRow } from '../services/cliAccount';
import { Catalog, type ClusterRef } from '../services/catalog';
import type { ClientFactory } from '../services/factory';
import { mapBounded } from '../services/limit';
import type { CloudAccount, DatabaseInfo, SubscriptionRef } from '../services/model';
import { gatherFacts } from '../services/workflows/gather';

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export interface FleetInventory {
  readonly subscriptions: readonly SubscriptionRef[];
  readonly clusters: readonly ClusterRef[];
  readonly identities: AuditInventory;
  /** What could not be listed (a subscription's identities, say): the audit says so instead of guessing. */
  readonly gaps: readonly string[];
}

export async function readInventory(
  factory: ClientFactory,
  account: CloudAccount,
  only: readonly string[] = [],
): Promise<FleetInventory> {
  const wanted = (s: SubscriptionRef) =>
    only.length === 0 || only.some((x) => x.toLowerCase() === s.subscriptionId.toLowerCase());
  const subscriptions = (await account.listSubscriptions()).filter(wanted);
  const bySub = new Map(subscriptions.map((s) => [s.subscriptionId.toLowerCase(), s]));
  const gaps: string[] = [];
  // The clusters and each subscription's user-assigned identities are independent: read them side by side.
  const [rows, perSubscription] = await Promise.all([
    subscriptions.length
      ? listAllClusters(
          factory,
          account,
          subscriptions.map((s) => s.subscriptionId),
        )
      : Promise.resolve([]),
    Promise.all(subscriptions.map((s) => userAssignedIdentities(factory, account, s, gaps))),
  ]);
  const clusters: ClusterRef[] = rows.flatMap((row) => {
    const subscription = bySub.get(row.subscriptionId.toLowerCase());
    return subscription ? [{ account, subscription, cluster: clusterInfoFromRow(row, subscription) }] : [];
  });
  const identities: KnownIdentity[] = perSubscription.flat();
  for (const c of clusters) {
    const system = c.cluster.identities?.system;
    if (system)
      identities.push({ principalId: system.principalId, name: c.cluster.name, resourceId: c.cluster.resourceId });
  }
  return { subscriptions, clusters, identities: { identities }, gaps };
}

/** One subscription's user-assigned identities; a failure is recorded in `gaps`, not thrown. */
async function userAssignedIdentities(
  factory: ClientFactory,
  account: CloudAccount,
  s: SubscriptionRef,
  gaps: string[],
): Promise<KnownIdentity[]> {
  try {
    const client = await factory.msi(account, s);
    return await factory.limit(async () => {
      const out: KnownIdentity[] = [];
      for await (const i of client.userAssignedIdentities.listBySubscription())
        if (i.principalId) out.push({ principalId: i.principalId, name: i.name ?? '', resourceId: i.id });
      return out;
    });
  } catch (e) {
    gaps.push(`user-assigned identities of subscription ${s.name}: ${message(e)}`);
    return [];
  }
}

/** The tree's catalog, remembering each cluster's database list (gatherFacts asks for it once more). */
class AuditCatalog extends Catalog {
  private readonly lists = new Map<string, Promise<DatabaseInfo[]>>();
  override databases(ref: ClusterRef): Promise<DatabaseInfo[]> {
    const key = ref.cluster.resourceId ?? ref.cluster.uri;
    let list = this.lists.get(key);
    if (!list) this.lists.set(key, (list = super.databases(ref)));
    return list;
  }
}

export interface ClusterRead {
  readonly ref: ClusterRef;
  readonly facts?: ClusterFacts;
  readonly error?: string;
}

/** Every cluster's facts; at most `clusterBound` clusters in flight (requests themselves share the factory's bound). */
export async function readClusters(
  factory: ClientFactory,
  refs: readonly ClusterRef[],
  clusterBound: number,
  onDone: (done: number) => void,
): Promise<ClusterRead[]> {
  const catalog = new AuditCatalog(factory);
  let done = 0;
  return mapBounded(refs, clusterBound, async (ref): Promise<ClusterRead> => {
    try {
      if (!ref.cluster.uri) return { ref, error: 'ARM shows no Kusto URI (is the cluster stopped or being created?)' };
      const databases = await catalog.databases(ref);
      const facts = await gatherFacts(catalog, ref, {
        databases: databases.map((d) => d.name),
        externalTables: true,
        exports: true,
        updatePolicies: true,
        functions: true,
        exportFailures: [],
        tables: false,
        streamingIngestion: false,
        dataConnections: true,
      });
      return { ref, facts };
    } catch (e) {
      return { ref, error: message(e) };
    } finally {
      onDone(++done);
    }
  });
}
