// The cluster report's reads against the sandbox with the real clients: `.show databases details` spares the reads its
// counts already answer, and the report is the same as when every database is read in full.
import assert from 'node:assert/strict';
import { Catalog, type ClusterRef } from '../../../src/services/catalog';
import type { DatabaseDetailsRow } from '../../../src/core/results';
import { clusterReport } from '../../../src/services/workflows/cluster';
import { applyFixes, armClusterRef } from '../../../src/services/workflows/run';
import { setup, type Setup } from '../services/sandbox';

const CLUSTER = 'scale-s000-c000';
const DATABASES = Array.from({ length: 12 }, (_, d) => `db${d}`);

/** The commands sent to the cluster since the last clear, as `db: command`. */
function sent(s: Setup): string[] {
  return s.sandbox.faults.requests
    .filter((r) => r.method === 'POST' && r.path.endsWith('/v1/rest/mgmt'))
    .map((r) => JSON.parse(r.body) as { db?: string; csl: string })
    .map((b) => `${b.db ?? ''}: ${b.csl}`);
}

/** The databases `csl` was sent to, in order of name. */
const readIn = (commands: readonly string[], csl: string): string[] =>
  commands
    .filter((c) => c.endsWith(`: ${csl}`))
    .map((c) => c.slice(0, c.indexOf(':')))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));

describe('the cluster report reads each database once, and no more than its details call for', function () {
  this.timeout(30_000);
  let s: Setup;
  let ref: ClusterRef;
  beforeEach(async () => {
    // 12 databases of the mixed kind: external tables in db0, db3, db6 and db9 (db9 has no table), exports in db0 and
    // db6, update policies in db1, db6 and db11, data connections in db2, db6 and db10, nothing but an admin elsewhere.
    s = await setup({
      scale: { subscriptions: 1, clustersPerSubscription: 1, databasesPerCluster: 12, contents: 'mixed' },
    });
    const found = await armClusterRef(s.catalog, s.account, CLUSTER);
    assert.ok(found);
    ref = found;
    s.sandbox.faults.clear();
  });
  afterEach(async () => {
    await s.stop();
  });

  it('reads external tables only where the details count some, and reports the same as reading every database in full', async () => {
    const batched = await clusterReport(s.catalog, ref);
    const commands = sent(s);
    assert.equal(commands.filter((c) => c.endsWith(': .show databases details')).length, 1);
    assert.deepEqual(readIn(commands, '.show external tables'), ['db0', 'db3', 'db6', 'db9']);
    assert.deepEqual(
      readIn(commands, '.show table * policy update'),
      DATABASES.filter((d) => d !== 'db9'),
    );
    // Exports are read everywhere: one can outlive its external table (see the next test).
    assert.deepEqual(readIn(commands, '.show continuous-exports'), DATABASES);
    // Each database's principals and policy once, nothing twice.
    assert.equal(new Set(commands).size, commands.length);

    const { report } = batched;
    assert.deepEqual(report.gaps, []);
    assert.deepEqual(
      report.identities.map((i) => i.identity.label),
      ['system-assigned', `id-${CLUSTER}-ingest`],
    );
    const system = (db: string) => report.identities[0].cells.find((c) => c.database === db);
    assert.deepEqual(system('db0'), {
      database: 'db0',
      usages: ['AutomatedFlows (cluster)', 'ExternalTable (cluster)'],
      roles: ['Viewer'],
      exports: ['EventsToLake'],
      updatePolicies: [],
      externalTables: ['Lake'],
      dataConnections: [],
    });
    assert.deepEqual(system('db9')?.externalTables, ['Lake']);
    assert.deepEqual(system('db9')?.exports, []);
    assert.deepEqual(system('db11')?.updatePolicies, ['Enriched ← Events']);
    assert.deepEqual(system('db4'), {
      database: 'db4',
      usages: ['AutomatedFlows (cluster)', 'ExternalTable (cluster)'],
      roles: [],
      exports: [],
      updatePolicies: [],
      externalTables: [],
      dataConnections: [],
    });
    const ingest = report.identities[1].cells.find((c) => c.database === 'db10');
    assert.deepEqual(ingest?.dataConnections, ['events-eh']);
    assert.deepEqual(ingest?.roles, ['Ingestor']);

    // Without the details (they need AllDatabasesMonitor), every database is read in full, with the same report.
    s.sandbox.faults.clear();
    s.sandbox.faults.add({ method: 'POST', path: '/v1/rest/mgmt', body: '.show databases details', status: 403 });
    const full = await clusterReport(s.catalog, ref);
    assert.deepEqual(readIn(sent(s), '.show external tables'), DATABASES);
    assert.deepEqual(readIn(sent(s), '.show table * policy update'), DATABASES);
    assert.deepEqual(full.report, batched.report);
    assert.equal(full.markdown, batched.markdown);
    // The refused details are not a gap: nothing the report shows went unread.
    assert.deepEqual(full.report.gaps, []);
  });

  it('a database the details call empty of external tables keeps its export, its gaps and anything the details did not name', async () => {
    // db0's export outlives its external table (the docs list "external table not found" among an export's failures).
    const dropped = await applyFixes(s.catalog, ref, [
      { text: '.drop external table Lake', scope: 'database', database: 'db0', destructive: true },
    ]);
    assert.ok(dropped[0].ok, dropped[0].error);
    // db4 (no external table either) cannot show its principals.
    s.sandbox.faults.add({
      method: 'POST',
      path: '/v1/rest/mgmt',
      body: '.show database db4 principals',
      status: 403,
    });
    // And the details answer leaves db3 out (as it may for a database the caller cannot see).
    class Partial extends Catalog {
      override async databaseDetails(r: ClusterRef): Promise<DatabaseDetailsRow[]> {
        return (await super.databaseDetails(r)).filter((d) => d.name !== 'db3');
      }
    }
    const catalog = new Partial(s.factory);
    s.sandbox.faults.requests.length = 0;
    const { report, markdown } = await clusterReport(catalog, ref);
    assert.deepEqual(readIn(sent(s), '.show external tables'), ['db3', 'db6', 'db9']);

    const system = (db: string) => report.identities[0].cells.find((c) => c.database === db);
    assert.deepEqual(system('db0')?.exports, ['EventsToLake']);
    assert.deepEqual(system('db0')?.externalTables, []);
    assert.deepEqual(system('db3')?.externalTables, ['Lake']);
    assert.equal(report.gaps.length, 1);
    assert.match(report.gaps[0], /^db4 principals: Could not show the principals of db4: permission denied \(403\)/);
    assert.match(markdown, /## Not read\n\n- db4 principals: /);
  });
});
