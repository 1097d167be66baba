// The ARM side of `probe` (tree clusters known through ARM): the GETs the product makes, each value it reads judged.
import { armEntry, judgeArmIdentity, judgeArmValue, type ProbeEntry, type Redactor } from '../core/workflows/probe';
import type { Catalog, ClusterRef } from './catalog';

const DATABASE_KINDS = ['ReadWrite', 'ReadOnlyFollowing'];
const CONNECTION_KINDS = ['EventHub', 'IotHub', 'EventGrid', 'CosmosDb'];

/** GET cluster, GET databases, GET data connections of `database`: each a report entry (errors say why not read). */
export async function probeArm(
  catalog: Catalog,
  ref: ClusterRef,
  database: string | undefined,
  r: Redactor,
): Promise<ProbeEntry[]> {
  const { account, subscription, cluster } = ref;
  if (!account || !subscription || cluster.source !== 'arm') return [];
  const rg = cluster.resourceGroup ?? '';
  r.name(cluster.name, 'cluster');
  r.name(rg, 'group');
  const base = `GET /subscriptions/${subscription.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Kusto/clusters/${cluster.name}`;
  const entries: ProbeEntry[] = [];
  const attempt = async (command: string, work: () => Promise<ProbeEntry>): Promise<void> => {
    try {
      entries.push(await work());
    } catch (e) {
      entries.push({
        command: r.text(command),
        shape: 'arm',
        status: 'error',
        notes: [r.text(e instanceof Error ? e.message : String(e))],
      });
    }
  };
  const client = await catalog.factory.arm(account, subscription);
  await attempt(base, async () =>
    armEntry(base, [judgeArmIdentity((await client.clusters.get(rg, cluster.name)).identity)], r),
  );
  // ARM resource paths (what the report names each read by), not tree ids.
  const databases = [base, 'databases'].join('/');
  await attempt(databases, async () => {
    const verdicts = [];
    for await (const d of client.databases.listByCluster(rg, cluster.name))
      verdicts.push(judgeArmValue('kind', d.kind, DATABASE_KINDS));
    return armEntry(databases, verdicts, r);
  });
  if (database) {
    const path = [databases, database, 'dataConnections'].join('/');
    await attempt(path, async () => {
      const verdicts = [];
      for await (const dc of client.dataConnections.listByDatabase(rg, cluster.name, database)) {
        verdicts.push(judgeArmValue('kind', dc.kind, CONNECTION_KINDS));
        const id = 'managedIdentityResourceId' in dc ? dc.managedIdentityResourceId : undefined;
        if (id !== undefined && id !== null && !/^\/subscriptions\/[^/]+\/resourceGroups\//i.test(id))
          verdicts.push({ status: 'unknown' as const, notes: ['managedIdentityResourceId is not a resource id'] });
      }
      return armEntry(path, verdicts, r);
    });
  }
  return entries;
}
