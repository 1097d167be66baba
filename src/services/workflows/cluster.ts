// Whole-cluster reads: the identity report, a snapshot script, and drift against a saved snapshot.
import { diffSnapshots, type DriftItem } from '../../core/workflows/drift';
import { buildClusterReport, formatClusterReportMarkdown, type ClusterReport } from '../../core/workflows/report';
import {
  formatSnapshotScript,
  readSnapshotScript,
  takeSnapshot,
  type ClusterSnapshot,
} from '../../core/workflows/snapshot';
import type { ClusterFacts } from '../../core/workflows/types';
import type { FactNeeds } from '../../core/workflows/flows';
import type { Catalog, ClusterRef } from '../catalog';
import { gatherAllDatabases } from './gather';

/**
 * Every database with its policy, principals, external tables, exports and (with ARM) data connections; with
 * `columns`, also the columns of the external tables a snapshot can recreate.
 */
export function gatherCluster(catalog: Catalog, ref: ClusterRef, columns = false): Promise<ClusterFacts> {
  return gatherAllDatabases(catalog, ref, { ...IDENTITY_USE_NEEDS, externalTableColumns: columns });
}

/** What a database needs read to know everything that uses an identity (the report, snapshots, a policy's users). */
export const IDENTITY_USE_NEEDS = {
  externalTables: true,
  exports: true,
  updatePolicies: true,
  exportFailures: [],
  tables: false,
  streamingIngestion: false,
  dataConnections: true,
} as const satisfies Omit<FactNeeds, 'databases'>;

export async function clusterReport(
  catalog: Catalog,
  ref: ClusterRef,
): Promise<{ report: ClusterReport; markdown: string; facts: ClusterFacts }> {
  const facts = await gatherCluster(catalog, ref);
  const report = buildClusterReport(facts);
  return { report, markdown: formatClusterReportMarkdown(report), facts };
}

export async function snapshotCluster(
  catalog: Catalog,
  ref: ClusterRef,
  now: Date = new Date(),
): Promise<{ snapshot: ClusterSnapshot; script: string; facts: ClusterFacts }> {
  const facts = await gatherCluster(catalog, ref, true);
  const snapshot = takeSnapshot(facts, now);
  return { snapshot, script: formatSnapshotScript(snapshot), facts };
}

/** What differs between a saved snapshot (from a script or from code) and the live cluster. */
export async function driftFrom(
  catalog: Catalog,
  ref: ClusterRef,
  saved: ClusterSnapshot,
  now: Date = new Date(),
): Promise<DriftItem[]> {
  const { snapshot } = await snapshotCluster(catalog, ref, now);
  return diffSnapshots(saved, snapshot);
}

/** What differs between the saved script's snapshot and the live cluster, with the commands that reconcile. */
export async function driftOf(
  catalog: Catalog,
  ref: ClusterRef,
  savedScript: string,
  now: Date = new Date(),
): Promise<DriftItem[]> {
  const saved = readSnapshotScript(savedScript);
  const { snapshot } = await snapshotCluster(catalog, ref, now);
  return diffSnapshots(saved, snapshot);
}
