// The cluster a language model tool names, among the clusters the identity tree shows.
import type { ClusterRef } from '../../services/catalog';
import { allClusters } from '../commands/targets';
import type { TreeApi } from '../tree/register';

const sameUri = (a: string, b: string): boolean =>
  a.replace(/\/+$/, '').toLowerCase() === b.replace(/\/+$/, '').toLowerCase();

/** The cluster a tool names: a cluster the tree shows, by URL or by the name it shows. */
export async function clusterNamed(tree: TreeApi, name: string): Promise<ClusterRef> {
  const clusters = await allClusters(tree);
  const found =
    clusters.find((c) => sameUri(c.model.ref.cluster.uri, name)) ??
    clusters.find((c) => c.label.toLowerCase() === name.toLowerCase() || c.model.ref.cluster.name === name);
  if (found) return found.model.ref;
  const known = clusters.map((c) => `${c.label} (${c.model.ref.cluster.uri})`).join(', ');
  throw new Error(
    `No cluster '${name}' in the Azure Data Explorer Identities view${known ? `; it shows: ${known}` : ': sign in to Azure, open the sandbox or add a cluster by URL'}.`,
  );
}
