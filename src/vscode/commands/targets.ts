// From a tree node (or nothing: the palette) to what a command acts on: the node's typed model, else quick picks.
import * as vscode from 'vscode';
import type { Target } from '../../core/commands';
import type { ClusterRef } from '../../services/catalog';
import { ids, type DatabaseBranch } from '../../services/tree/ids';
import type { ModelNode, NodeModel } from '../../services/tree/node';
import type { TreeApi } from '../tree/register';
import { required } from './registry';

export { required };

/** A cluster with the id of its tree node (to refresh what a command changed). */
export interface ClusterTarget {
  readonly ref: ClusterRef;
  readonly clusterId?: string;
}

/** The tree node a command was invoked on, if it was (palette and lens arguments are not nodes). */
export function nodeOf(x: unknown): ModelNode | undefined {
  return typeof x === 'object' && x !== null && typeof (x as ModelNode).id === 'string' && 'contextValue' in x
    ? (x as ModelNode)
    : undefined;
}

/** The typed model of the node a command was invoked on. */
export function modelOf(x: unknown): NodeModel | undefined {
  return nodeOf(x)?.model;
}

/** Every cluster the tree shows (subscriptions and direct connections), for the palette. */
export async function allClusters(tree: TreeApi): Promise<(ModelNode & { model: NodeModel })[]> {
  const roots = await tree.getChildren();
  const lists = await Promise.all(
    roots.map((r) => (r.kind === 'cluster' ? [r] : r.collapsible === 'none' ? [] : tree.getChildren(r))),
  );
  return lists.flat().filter((n): n is ModelNode & { model: NodeModel } => n.kind === 'cluster' && !!n.model);
}

export async function clusterOf(tree: TreeApi, node: unknown): Promise<ClusterTarget> {
  const model = modelOf(node);
  if (model) return { ref: model.ref, clusterId: model.clusterId };
  const clusters = await allClusters(tree);
  if (!clusters.length)
    throw new Error('No cluster to act on: sign in to Azure, open the sandbox or add a cluster by URL.');
  const pick = required(
    await vscode.window.showQuickPick(
      clusters.map((c) => ({ label: c.label, description: c.description, node: c })),
      { title: 'Cluster', placeHolder: 'Pick a cluster', ignoreFocusOut: true },
    ),
  );
  return { ref: pick.node.model.ref, clusterId: pick.node.model.clusterId };
}

export async function databaseOf(
  tree: TreeApi,
  node: unknown,
  options: { writable?: boolean } = {},
): Promise<ClusterTarget & { database: string }> {
  const cluster = await clusterOf(tree, node);
  const fromNode = modelOf(node)?.database?.name;
  if (fromNode) return { ...cluster, database: fromNode };
  return { ...cluster, database: await pickDatabase(tree, cluster, options) };
}

export async function pickDatabase(
  tree: TreeApi,
  cluster: ClusterTarget,
  options: { writable?: boolean } = {},
): Promise<string> {
  const dbs = await tree.catalog.databases(cluster.ref);
  const items = dbs.map((d) => ({
    label: d.name,
    description: d.readOnly ? 'read-only (follower)' : undefined,
    db: d,
  }));
  const pick = required(
    await vscode.window.showQuickPick(options.writable ? items.filter((i) => !i.db.readOnly) : items, {
      title: `Database on ${cluster.ref.cluster.name}`,
      ignoreFocusOut: true,
    }),
  );
  return pick.db.name;
}

/** Cluster or database policy: the node's policy, its database, or its cluster; else ask. */
export async function policyTargetOf(tree: TreeApi, node: unknown): Promise<ClusterTarget & { target: Target }> {
  const model = modelOf(node);
  const kind = nodeOf(node)?.kind;
  if (model) {
    const target: Target | undefined =
      model.policy ??
      (model.database ? { scope: 'database', database: model.database.name } : undefined) ??
      (kind === 'cluster' ? { scope: 'cluster' } : undefined);
    if (target) return { ref: model.ref, clusterId: model.clusterId, target };
  }
  const cluster = await clusterOf(tree, node);
  const scope = required(
    await vscode.window.showQuickPick(
      [
        { label: 'Cluster policy', scope: 'cluster' as const },
        { label: 'A database policy', scope: 'database' as const },
      ],
      { title: 'Which managed identity policy?' },
    ),
  );
  if (scope.scope === 'cluster') return { ...cluster, target: { scope: 'cluster' } };
  const database = await pickDatabase(tree, cluster, { writable: true });
  return { ...cluster, target: { scope: 'database', database } };
}

/** Refreshes the policy branch a change touched (it reloads on next expand). */
export function refreshPolicy(tree: TreeApi, c: ClusterTarget, target: Target): void {
  tree.refresh(c.clusterId ? ids.policy(c.clusterId, target) : undefined);
}

export function refreshDatabase(tree: TreeApi, c: ClusterTarget, database: string, branch?: DatabaseBranch): void {
  if (!c.clusterId) return tree.refresh();
  tree.refresh(branch ? ids.databaseBranch(c.clusterId, database, branch) : ids.database(c.clusterId, database));
}

/** ARM changes alter the cluster node itself: refresh its parent so the node is rebuilt with the new identities. */
export function refreshClusterNode(tree: TreeApi, c: ClusterTarget): void {
  tree.refresh(c.clusterId ? ids.clusterParent(c.clusterId) : undefined);
}
