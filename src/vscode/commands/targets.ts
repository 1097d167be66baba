// From a tree node (or nothing: the palette) to what a command acts on; quick picks fill in what the node does not say.
import * as vscode from 'vscode';
import type { Target } from '../../core/commands';
import { CancelledError } from '../../core/operations';
import type { ClusterRef } from '../../services/catalog';
import type { ModelNode } from '../../services/tree/node';
import type { TreeApi } from '../tree/register';

/** A cluster with the id of its tree node (to refresh what a command changed). */
export interface ClusterTarget {
  readonly ref: ClusterRef;
  readonly nodeId?: string;
}

export function isNode(x: unknown): x is ModelNode {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as ModelNode).id === 'string' &&
    typeof (x as ModelNode).contextValue === 'string'
  );
}

/** The value of one `/<key>:<value>` segment of a node id (ids are paths from the root). */
export function segment(id: string, key: string): string | undefined {
  const part = id.split('/').find((p) => p.startsWith(`${key}:`));
  return part?.slice(key.length + 1);
}

/** Walks down from the roots to the cluster node above `id` (cached children, so no request). */
async function clusterAbove(tree: TreeApi, id: string): Promise<ModelNode | undefined> {
  let node: ModelNode | undefined;
  for (let depth = 0; depth < 8; depth++) {
    const children = await tree.getChildren(node);
    node = children.find((c) => id === c.id || id.startsWith(`${c.id}/`));
    if (!node || node.kind === 'cluster') return node;
  }
  return undefined;
}

export function required<T>(value: T | undefined): T {
  if (value === undefined) throw new CancelledError();
  return value;
}

/** Every cluster the tree shows (subscriptions and direct connections), for the palette. */
async function allClusters(tree: TreeApi): Promise<ModelNode[]> {
  const roots = await tree.getChildren();
  const lists = await Promise.all(
    roots.map((r) =>
      r.kind === 'cluster'
        ? Promise.resolve([r])
        : r.collapsible === 'none'
          ? Promise.resolve([])
          : tree.getChildren(r),
    ),
  );
  return lists.flat().filter((n) => n.kind === 'cluster' && n.ref);
}

export async function clusterOf(tree: TreeApi, node: unknown): Promise<ClusterTarget> {
  if (isNode(node)) {
    const c = node.kind === 'cluster' ? node : await clusterAbove(tree, node.id);
    if (c?.ref) return { ref: c.ref, nodeId: c.id };
  }
  const clusters = await allClusters(tree);
  if (!clusters.length)
    throw new Error('No cluster to act on: sign in to Azure, open the sandbox or add a cluster by URL.');
  const pick = required(
    await vscode.window.showQuickPick(
      clusters.map((c) => ({ label: c.label, description: c.description, node: c })),
      { title: 'Cluster', placeHolder: 'Pick a cluster' },
    ),
  );
  return { ref: pick.node.ref!, nodeId: pick.node.id };
}

export async function databaseOf(
  tree: TreeApi,
  node: unknown,
  options: { writable?: boolean } = {},
): Promise<ClusterTarget & { database: string }> {
  const cluster = await clusterOf(tree, node);
  const fromNode = isNode(node) ? segment(node.id, 'db') : undefined;
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
    }),
  );
  return pick.db.name;
}

/** Cluster or database policy: a database node (or anything under one) means that database; else ask. */
export async function policyTargetOf(tree: TreeApi, node: unknown): Promise<ClusterTarget & { target: Target }> {
  if (isNode(node)) {
    const db = segment(node.id, 'db');
    const cluster = await clusterOf(tree, node);
    if (db) return { ...cluster, target: { scope: 'database', database: db } };
    if (node.kind === 'clusterPolicy' || node.kind === 'policyEntry' || node.kind === 'cluster')
      return { ...cluster, target: { scope: 'cluster' } };
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

/** Tree node ids of what a change touched: refresh them (they reload on next expand). */
export function refreshPolicy(tree: TreeApi, c: ClusterTarget, target: Target): void {
  if (!c.nodeId) return tree.refresh();
  tree.refresh(
    target.scope === 'cluster' ? `${c.nodeId}/policy` : `${c.nodeId}/databases/db:${target.database}/policy`,
  );
}

export function refreshDatabase(tree: TreeApi, c: ClusterTarget, database: string, branch?: string): void {
  if (!c.nodeId) return tree.refresh();
  tree.refresh(`${c.nodeId}/databases/db:${database}${branch ? `/${branch}` : ''}`);
}

/** ARM changes alter the cluster node itself: refresh its parent so the node is rebuilt with the new identities. */
export function refreshClusterNode(tree: TreeApi, c: ClusterTarget): void {
  if (!c.nodeId) return tree.refresh();
  tree.refresh(c.nodeId.slice(0, c.nodeId.lastIndexOf('/cluster:')) || undefined);
}
