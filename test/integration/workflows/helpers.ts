// Readiness checks against a running sandbox with the real SDK clients: check, apply the offered fixes, check again.
import type { ClusterState } from '../../../sandbox';
import type { ClusterRef } from '../../../src/services/catalog';
import type { FlowRequest } from '../../../src/core/workflows/flows';
import { fixesOf } from '../../../src/core/workflows/format';
import type { CheckResult, FlowReport } from '../../../src/core/workflows/types';
import { applyFixes, armClusterRef, directClusterRef, runFlowCheck } from '../../../src/services/workflows/run';
import { setup, type Setup } from '../services/sandbox';

export const NOW = new Date('2026-11-28T00:00:00Z');
export const EXPORT_ID = '0e000001-0000-4000-8000-000000000001';
export const INGEST_ID = '0e000002-0000-4000-8000-000000000002';
export const SPARE_ID = '0e000003-0000-4000-8000-000000000003';
export const ASA_ID = 'a5a00000-0000-4000-8000-0000000000c1';
export const TENANT = '11111111-1111-4111-8111-111111111111';

export interface Bench extends Setup {
  arm(cluster: string): Promise<ClusterRef>;
  directRef(cluster: string): ClusterRef;
  state(cluster: string): ClusterState;
  check(ref: ClusterRef, request: FlowRequest): Promise<FlowReport>;
  /** Runs every fix the report offers through the Kusto client; throws if one is refused. */
  fix(ref: ClusterRef, report: FlowReport): Promise<string[]>;
}

export async function bench(): Promise<Bench> {
  const s = await setup();
  return {
    ...s,
    async arm(cluster) {
      const ref = await armClusterRef(s.catalog, s.account, cluster);
      if (!ref) throw new Error(`no cluster ${cluster}`);
      return ref;
    },
    directRef: (cluster) => directClusterRef(s.sandbox.clusters[cluster], 'none'),
    state(cluster) {
      const c = s.sandbox.state.clusters.find((x) => x.name === cluster);
      if (!c) throw new Error(`no cluster ${cluster}`);
      return c;
    },
    check: (ref, request) => runFlowCheck(s.catalog, ref, request, NOW),
    async fix(ref, report) {
      const fixes = fixesOf(report);
      const outcomes = await applyFixes(s.catalog, ref, fixes);
      const refused = outcomes.find((o) => !o.ok);
      if (refused) throw new Error(`fix refused: ${refused.command.text}: ${refused.error}`);
      return fixes.map((f) => f.text);
    },
  };
}

/** `id(subject)=verdict` for every check, to compare whole reports at a glance. */
export function verdicts(report: FlowReport): string[] {
  return report.checks.map((c: CheckResult) => `${c.id}${c.subject ? `(${c.subject})` : ''}=${c.verdict}`);
}

export function find(report: FlowReport, id: string, subject?: string): CheckResult {
  const c = report.checks.find((x) => x.id === id && (subject === undefined || x.subject === subject));
  if (!c) throw new Error(`no check ${id} in ${verdicts(report).join(', ')}`);
  return c;
}
