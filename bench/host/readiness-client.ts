// In a fresh process, as the extension does it: find the cluster through ARM, then either check one workflow or build
// the cluster report; every request on the wire counted. Prints one JSON line. Started by bench/readiness.bench.ts.
import { duplicates, sent, waves } from './requests';
import { Catalog } from '../../src/services/catalog';
import { ClientFactory } from '../../src/services/factory';
import { createSandboxAccount, readSandboxInfo } from '../../src/services/sandboxAccount';
import { clusterReport } from '../../src/services/workflows/cluster';
import { armClusterRef, runFlowCheck } from '../../src/services/workflows/run';

async function main(): Promise<void> {
  const [info, mode, cluster] = process.argv.slice(2);
  const account = createSandboxAccount(readSandboxInfo(info));
  const factory = new ClientFactory({});
  const catalog = new Catalog(factory);
  const ref = await armClusterRef(catalog, account, cluster);
  if (!ref) throw new Error(`no cluster ${cluster}`);
  // Only what the check itself sends counts: finding the cluster in the tree happened before the user asked.
  sent.length = 0;
  const t0 = performance.now();
  let databases = 0;
  let outcome = '';
  if (mode === 'report') {
    const { report } = await clusterReport(catalog, ref);
    databases = new Set(report.identities.flatMap((i) => i.cells.map((c) => c.database))).size;
    const cells = report.identities.flatMap((i) => i.cells);
    const uses = (k: 'exports' | 'externalTables' | 'updatePolicies' | 'dataConnections' | 'roles' | 'usages') =>
      cells.reduce((n, c) => n + c[k].length, 0);
    outcome =
      `${report.identities.length} identities × ${databases} databases, ${report.gaps.length} gaps; ` +
      `${uses('exports')} exports, ${uses('externalTables')} external tables, ${uses('updatePolicies')} update policies, ` +
      `${uses('dataConnections')} data connections, ${uses('roles')} roles, ${uses('usages')} usages on an identity`;
  } else {
    const r = await runFlowCheck(catalog, ref, {
      flow: 'continuous-export',
      database: 'Analytics',
      exportName: 'ArchiveJoin',
    });
    databases = 2;
    outcome = `verdict ${r.verdict}`;
  }
  const ms = performance.now() - t0;
  process.stdout.write(
    `${JSON.stringify({ ms, requests: sent.length, waves: waves(sent), duplicates: duplicates(sent), databases, outcome, paths: sent.map((s) => `${s.method} ${s.path} ${s.body.slice(0, 200)}`) })}\n`,
  );
  await factory.dispose();
  process.exit(0);
}

void main();
