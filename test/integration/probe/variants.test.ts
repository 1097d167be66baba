// The product against the sandbox in both variants: the default reading and `--variant docs` (the answers the docs pages
// print). The tree, the readiness checks and the report give the same picture, `unknown` only where the docs hide a fact.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SandboxVariant } from '../../../sandbox/types';
import { runCli, type CliIo } from '../../../src/cli/main';
import { SavedStates } from '../../../src/core/operations';
import type { FlowRequest } from '../../../src/core/workflows/flows';
import type { ProbeReport } from '../../../src/core/workflows/probe';
import type { FlowReport } from '../../../src/core/workflows/types';
import { Operations } from '../../../src/services/operations/operations';
import { clusterReport } from '../../../src/services/workflows/cluster';
import { armClusterRef, runFlowCheck } from '../../../src/services/workflows/run';
import { memoryStore } from '../operations/helpers';
import { FAST, outline, setup, type Setup } from '../services/sandbox';

const VARIANTS: readonly SandboxVariant[] = ['default', 'docs'];
const NOW = new Date('2026-11-28T00:00:00Z');
const TENANT = '11111111-1111-4111-8111-111111111111';
const REQUESTS: readonly [string, FlowRequest][] = [
  ['adxfull', { flow: 'continuous-export', database: 'Analytics', exportName: 'EventsToLake' }],
  ['adxfull', { flow: 'continuous-export', database: 'Analytics', exportName: 'ArchiveJoin' }],
  ['adxfull', { flow: 'external-table', database: 'Analytics' }],
  ['adxfull', { flow: 'update-policy', database: 'Analytics', table: 'Devices' }],
  ['adxfull', { flow: 'native-ingestion', database: 'Analytics' }],
  ['adxsystem', { flow: 'native-ingestion', database: 'Telemetry' }],
  [
    'adxsystem',
    {
      flow: 'stream-analytics',
      database: 'Telemetry',
      identity: { objectId: 'a5a00000-0000-4000-8000-0000000000c1' },
      table: 'Readings',
    },
  ],
];

describe('the product against the sandbox in both variants (default and --variant docs)', function () {
  this.timeout(180_000);
  const benches = {} as Record<SandboxVariant, Setup>;
  before(async () => {
    for (const v of VARIANTS) benches[v] = await setup({ variant: v }, { ...FAST, timeoutMs: 30_000 });
  });
  after(async () => {
    for (const v of VARIANTS) await benches[v]?.stop();
  });
  const ref = async (v: SandboxVariant, cluster: string) =>
    (await armClusterRef(benches[v].catalog, benches[v].account, cluster))!;

  it('the tree shows the same nodes in both, no error node; only auth modes the docs mask read "hidden"', async () => {
    const [plain, docs] = await Promise.all(
      VARIANTS.map(async (v) => (await outline(benches[v].model)).map((l) => l.replace(/127\.0\.0\.1:\d+/, 'host'))),
    );
    assert.ok(!docs.some((l) => /Error/.test(l)), docs.join('\n'));
    assert.equal(docs.length, plain.length);
    const differ = docs.filter((l, i) => l !== plain[i]);
    assert.deepEqual(
      differ.map((l) => l.trim()),
      ['ExportedEvents — Blob · auth hidden (masked by the service)'],
    );
    // The policy in the (EntityName, Policies) layout is read, entries and all.
    assert.ok(
      docs.some((l) => /System-assigned — AutomatedFlows, ExternalTable/.test(l)),
      docs.join('\n'),
    );
  });

  it('the readiness checks: the same checks, the same verdicts, unknown (with where to look) only where a mode is masked', async () => {
    for (const [cluster, request] of REQUESTS) {
      const [plain, docs] = await Promise.all(
        VARIANTS.map(async (v) => runFlowCheck(benches[v].catalog, await ref(v, cluster), request, NOW)),
      );
      const key = (c: FlowReport['checks'][number]) => `${c.id}(${c.subject ?? ''})`;
      const plainBy = new Map(plain.checks.map((c) => [key(c), c]));
      assert.ok(docs.checks.length > 0, `${request.flow}: checks in the docs variant`);
      const masked = docs.checks.filter((c) => c.verdict === 'unknown' && /masks the connection string/.test(c.reason));
      for (const c of docs.checks) {
        const p = plainBy.get(key(c));
        if (!p && masked.includes(c)) {
          // A masked connection cannot say how it authenticates; the plain variant judges that store's role and path.
          assert.ok(
            plain.checks.some((x) => x.subject === c.subject && x.id !== c.id),
            `${request.flow}: ${key(c)} masked, and the plain variant judges nothing of ${c.subject}`,
          );
          continue;
        }
        assert.ok(p, `${request.flow}: ${key(c)} only in the docs variant`);
        if (p.verdict !== c.verdict)
          assert.ok(masked.includes(c), `${request.flow}: ${key(c)} ${c.verdict} vs ${p.verdict}`);
      }
      // Checks the docs variant cannot make are those behind a masked connection (its storage access), none else.
      const docsKeys = new Set(docs.checks.map(key));
      for (const p of plain.checks.filter((c) => !docsKeys.has(key(c))))
        assert.ok(
          masked.some((m) => (p.subject ?? '') !== '' && (m.subject ?? '').includes(p.subject!)),
          `${request.flow}: ${key(p)} missing from the docs variant`,
        );
    }
  });

  it('the cluster report: the same identities and cells, and the masked tables named in "Not read"', async () => {
    const [plain, docs] = await Promise.all(
      VARIANTS.map(async (v) => (await clusterReport(benches[v].catalog, await ref(v, 'adxfull'))).report),
    );
    assert.deepEqual(
      docs.identities.map((i) => i.identity.label),
      plain.identities.map((i) => i.identity.label),
    );
    const cells = (r: typeof plain) =>
      r.identities.flatMap((i) => i.cells.map((c) => JSON.stringify({ ...c, externalTables: [] })));
    assert.deepEqual(cells(docs), cells(plain));
    assert.ok(
      docs.gaps.some((g) => /Analytics external tables ExportedEvents, KeyedArchive: the service masks/.test(g)),
      docs.gaps.join('\n'),
    );
  });

  it('probe passes on the sandbox in both variants (every answer ok or a documented variant)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'adx-probe-variants-'));
    for (const v of VARIANTS) {
      const io: CliIo & { out: string } = {
        out: '',
        stdout: (t) => void (io.out += t),
        stderr: (t) => void (io.out += t),
        readStdin: async () => '',
        readFile: async () => '',
      };
      const out = path.join(dir, `${v}.json`);
      const cluster = benches[v].sandbox.clusters.adxfull;
      assert.equal(
        await runCli(['probe', '--cluster', cluster, '--database', 'Analytics', '--out', out], io),
        0,
        io.out,
      );
      const report = JSON.parse(readFileSync(out, 'utf8')) as ProbeReport;
      assert.deepEqual([report.summary.unknown, report.summary.error], [0, 0], io.out);
      if (v === 'docs') {
        const policy = report.reads.find((e) => e.command === '.show cluster policy managed_identity')!;
        assert.equal(policy.status, 'variant');
        assert.equal(policy.layout, 'entity policies (EntityName, Policies)');
      }
    }
  });

  it('a follower database takes a grant and a revoke through .add|.drop follower database', async () => {
    const b = benches.docs;
    const r = await ref('docs', 'adxfull');
    const ops = new Operations(b.catalog, new SavedStates(memoryStore()));
    const system = { kind: 'system', objectId: r.cluster.identities!.system!.principalId, tenant: TENANT } as const;
    await ops.grant(r, 'TelemetryFollower', 'viewers', system);
    const has = async () =>
      (await b.catalog.databasePrincipals(r, 'TelemetryFollower')).some(
        (p) => p.objectId === system.objectId && /viewer/i.test(p.role),
      );
    assert.ok(await has(), 'the follower lists the new viewer');
    await ops.revoke(r, 'TelemetryFollower', 'viewers', system, 'system-assigned');
    assert.ok(!(await has()), 'and no longer after the revoke');
  });
});
