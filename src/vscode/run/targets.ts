// The cluster and database each .kql file runs on: remembered per file (workspaceState keyed by URI), picked from the
// tree or with quick picks, and resolved back to the tree's ClusterRef when needed.
import * as vscode from 'vscode';
import type { EditorTarget } from '../../core/editor/live';
import type { ClusterRef } from '../../services/catalog';
import { allClusters, modelOf, nodeOf } from '../commands/targets';
import type { TreeApi } from '../tree/register';

/** What is remembered for a file: enough to find the cluster again after a restart. */
export interface StoredTarget {
  /** The cluster's tree node id (stable: the path from the root). */
  readonly clusterNodeId: string;
  readonly cluster: string;
  readonly uri: string;
  readonly database?: string;
}

const KEY = 'adxIdentity.run.targets';

export function editorTarget(t: StoredTarget): EditorTarget {
  return { cluster: t.cluster, database: t.database };
}

export class TargetStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** Fires with the file whose target changed. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {}

  get(uri: vscode.Uri): StoredTarget | undefined {
    return this.all()[uri.toString()];
  }

  async set(uri: vscode.Uri, target: StoredTarget | undefined): Promise<void> {
    const all = { ...this.all() };
    if (target) all[uri.toString()] = target;
    else delete all[uri.toString()];
    await this.state.update(KEY, all);
    this.changed.fire(uri);
  }

  private all(): Record<string, StoredTarget> {
    return this.state.get<Record<string, StoredTarget>>(KEY) ?? {};
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The tree's cluster for a stored target: by its node id, else by URI (the tree was reorganised). */
export async function resolveCluster(tree: TreeApi, t: StoredTarget): Promise<{ ref: ClusterRef; clusterId: string }> {
  const clusters = await allClusters(tree);
  const node =
    clusters.find((c) => c.id === t.clusterNodeId) ?? clusters.find((c) => c.model.ref.cluster.uri === t.uri);
  if (!node) {
    throw new Error(
      `The target cluster ${t.cluster} (${t.uri}) is not in the ADX Identity tree: sign in, open the sandbox or add it by URL, then try again.`,
    );
  }
  return { ref: node.model.ref, clusterId: node.id };
}

/** A database or cluster node of the tree as a target; undefined for any other node. */
export function targetOfNode(node: unknown): StoredTarget | undefined {
  const kind = nodeOf(node)?.kind;
  const model = modelOf(node);
  if (!model || (kind !== 'cluster' && kind !== 'database')) return undefined;
  const { cluster } = model.ref;
  return {
    clusterNodeId: model.clusterId,
    cluster: cluster.name,
    uri: cluster.uri,
    ...(kind === 'database' && model.database ? { database: model.database.name } : {}),
  };
}

/** Quick picks: a cluster the tree shows, then one of its databases (or none, for cluster-level commands only). */
export async function pickTarget(tree: TreeApi, current?: StoredTarget): Promise<StoredTarget | undefined> {
  const clusters = await allClusters(tree);
  if (!clusters.length) {
    void vscode.window.showWarningMessage(
      'No cluster to run on: sign in to Azure, open the local sandbox or add a cluster by URL.',
    );
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    clusters.map((c) => ({
      label: c.label,
      description: c.model.ref.cluster.uri,
      detail: c.id === current?.clusterNodeId ? 'current target' : undefined,
      node: c,
    })),
    { title: 'Set Target Cluster and Database (1/2)', placeHolder: 'Cluster the commands of this file run on' },
  );
  const ref = picked?.node.model.ref;
  if (!picked || !ref) return undefined;
  const dbs = await tree.catalog.databases(ref);
  const none = {
    label: '$(circle-slash) No default database',
    description: 'cluster-level commands only',
    name: undefined as string | undefined,
  };
  const db = await vscode.window.showQuickPick(
    [
      ...dbs.map((d) => ({
        label: d.name,
        description: d.readOnly ? 'read-only (follower)' : undefined,
        name: d.name as string | undefined,
      })),
      none,
    ],
    {
      title: `Set Target Cluster and Database (2/2): ${ref.cluster.name}`,
      placeHolder: 'Database that commands without one run in',
    },
  );
  if (!db) return undefined;
  return {
    clusterNodeId: picked.node.id,
    cluster: ref.cluster.name,
    uri: ref.cluster.uri,
    ...(db.name ? { database: db.name } : {}),
  };
}
