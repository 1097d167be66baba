// `adx-identity probe` against the sandbox through a recording proxy: what it reports, what it writes, what it sends.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSandbox, type RunningSandbox } from '../../../sandbox';
import { runCli, type CliIo } from '../../../src/cli/main';
import { runProbe } from '../../../src/cli/probe';
import { FAST, withEnv } from '../cli/helpers';
import { judgeArmIdentity, type ProbeReport } from '../../../src/core/workflows/probe';
import { probeCluster } from '../../../src/services/probe';
import { armClusterRef } from '../../../src/services/workflows/run';
import { setup, type Setup } from '../services/sandbox';
import { startRecordingProxy, type RecordingProxy } from '../../support/recordingProxy';

const ADXFULL_ID =
  '/subscriptions/aaaaaaaa-0000-4000-8000-000000000002/resourceGroups/rg-adx-prod/providers/Microsoft.Kusto/clusters/adxfull';

function io(): CliIo & { out: string; err: string } {
  const x = {
    out: '',
    err: '',
    stdout: (t: string) => void (x.out += t),
    stderr: (t: string) => void (x.err += t),
    readStdin: async () => '',
    readFile: async () => '',
  };
  return x;
}

describe('adx-identity probe against the sandbox', function () {
  this.timeout(60_000);
  let sandbox: RunningSandbox;
  let proxy: RecordingProxy;
  const dir = mkdtempSync(path.join(tmpdir(), 'adx-probe-'));
  before(async () => {
    sandbox = await startSandbox();
    proxy = await startRecordingProxy(sandbox.clusters.adxfull);
  });
  after(async () => {
    await proxy.stop();
    await sandbox.stop();
  });
  beforeEach(() => {
    proxy.log.length = 0;
    proxy.rewrite = undefined;
  });
  const probe = async (out: string, ...more: string[]) => {
    const x = io();
    const code = await runCli(['probe', '--cluster', proxy.origin, '--out', out, ...more], x);
    return { code, ...x, report: JSON.parse(readFileSync(out, 'utf8')) as ProbeReport };
  };

  it('reads every answer the product relies on (ok or a documented variant), and sends only .show commands and GETs', async () => {
    const r = await probe(path.join(dir, 'full.json'), '--database', 'Analytics');
    assert.equal(r.code, 0, r.out + r.err);
    assert.equal(r.report.summary.unknown, 0);
    assert.equal(r.report.summary.error, 0, r.out);
    const shapes = new Set(r.report.reads.map((e) => e.shape));
    for (const s of [
      'managedIdentityPolicy',
      'principals',
      'databases',
      'databaseDetails',
      'externalTables',
      'externalTableSchema',
      'continuousExports',
      'exportFailures',
      'exportedArtifacts',
      'updatePolicies',
      'functions',
      'tables',
      'streamingIngestionPolicy',
    ])
      assert.ok(shapes.has(s as never), `probed ${s}`);
    assert.match(r.out, /^ok {14}\.show cluster policy managed_identity$/m);
    assert.match(r.out, /Not probed: ARM GETs/);
    // The request log: GETs (auth metadata) and POSTs whose command is a .show, nothing else.
    assert.ok(proxy.log.length > 10);
    for (const q of proxy.log) {
      if (q.method === 'GET') continue;
      assert.equal(q.method, 'POST', JSON.stringify(q));
      assert.match(q.csl ?? '', /^\.show\s/, JSON.stringify(q));
    }
  });

  it('writes a report a user can attach: no cluster host, database, table or export names, ids or values', async () => {
    const r = await probe(path.join(dir, 'redacted.json'), '--database', 'Analytics');
    const text = readFileSync(path.join(dir, 'redacted.json'), 'utf8');
    const port = new URL(proxy.origin).port;
    for (const secret of [
      port,
      'Analytics',
      'ExportedEvents',
      'EventsToLake',
      '0e000001-0000-4000-8000-000000000001',
      'blob.core.windows.net',
    ])
      assert.ok(!text.includes(secret), `the report holds ${secret}`);
    assert.ok(
      r.report.reads.some(
        (e) => e.command === '.show database <database0> policy managed_identity' || /<database\d+>/.test(e.command),
      ),
    );
    const principals = r.report.reads.find((e) => e.shape === 'principals' && e.rows);
    assert.equal(principals?.sample?.PrincipalObjectId, 'guid');
  });

  it('an answer with an unknown shape is reported as such and exits 1', async () => {
    proxy.rewrite = (csl, body) =>
      /^\.show cluster policy managed_identity/.test(csl)
        ? body.replace('"ColumnName":"Policy"', '"ColumnName":"Rules"')
        : body;
    const r = await probe(path.join(dir, 'unknown.json'), '--database', 'Analytics');
    assert.equal(r.code, 1);
    assert.equal(r.report.summary.unknown, 1);
    const bad = r.report.reads.find((e) => e.status === 'unknown')!;
    assert.equal(bad.command, '.show cluster policy managed_identity');
    assert.match(
      bad.notes[0],
      /unknown shape \(not the policy table \(5 columns\): missing column Policy; not the entity policies/,
    );
    assert.match(r.out, /^UNKNOWN SHAPE {3}\.show cluster policy managed_identity$/m);
  });

  it('a documented variant is read and reported as a variant', async () => {
    // The show-managed-identity-policy page's (EntityName, Policies) layout.
    proxy.rewrite = (csl, body) => {
      if (!/^\.show cluster policy managed_identity/.test(csl)) return body;
      const v1 = JSON.parse(body) as { Tables: { Columns: { ColumnName: string }[]; Rows: unknown[][] }[] };
      const t = v1.Tables[0];
      const at = (n: string) => t.Columns.findIndex((c) => c.ColumnName === n);
      const [entity, policy] = [at('EntityName'), at('Policy')];
      t.Rows = t.Rows.map((row) => [row[entity], row[policy]]);
      t.Columns = [t.Columns[entity], { ...t.Columns[policy], ColumnName: 'Policies' }];
      return JSON.stringify(v1);
    };
    const r = await probe(path.join(dir, 'variant.json'));
    assert.equal(r.code, 0, r.out);
    const e = r.report.reads.find((x) => x.command === '.show cluster policy managed_identity')!;
    assert.equal(e.status, 'variant');
    assert.match(e.notes[0], /documented variant: entity policies \(EntityName, Policies\)/);
  });

  it('with --sandbox (ARM): the ARM GETs are probed too, and neither the Kusto nor the ARM state changes', async () => {
    const before = JSON.stringify(sandbox.state);
    const sentBefore = sandbox.faults.requests.length;
    const out = path.join(dir, 'arm.json');
    const x = io();
    const args = ['probe', '--sandbox', JSON.stringify(sandbox.info()), '--resource-id', ADXFULL_ID];
    // --cluster beside --resource-id: Kusto through the recording proxy, ARM facts from the resource id.
    const code = await withEnv(sandbox, {}, () =>
      runProbe([...args.slice(1), '--cluster', proxy.origin, '--database', 'Analytics', '--out', out], x, {
        factory: FAST,
      }),
    );
    assert.equal(code, 0, x.out + x.err);
    const report = JSON.parse(readFileSync(out, 'utf8')) as ProbeReport;
    assert.deepEqual(report.notProbed, []);
    assert.deepEqual(
      report.reads.filter((e) => e.shape === 'arm').map((e) => e.status),
      ['ok', 'ok', 'ok'],
    );
    for (const q of proxy.log) if (q.method !== 'GET') assert.match(q.csl ?? '', /^\.show\s/);
    // Everything the sandbox received (ARM directly, Kusto behind the proxy): reads only.
    const sent = sandbox.faults.requests.slice(sentBefore);
    assert.ok(
      sent.some((q) => q.path.includes('/providers/Microsoft.Kusto/clusters/')),
      'the ARM reads reached the sandbox',
    );
    for (const q of sent) {
      if (q.method === 'GET') continue;
      assert.equal(q.method, 'POST', `${q.method} ${q.path}`);
      if (/\/v1\/rest\/mgmt$/.test(q.path)) assert.match(JSON.parse(q.body).csl, /^\.show\s/, q.body);
      else assert.match(q.path, /\/v[12]\/rest\/query$|\/providers\/Microsoft\.ResourceGraph\/resources$/, q.path);
    }
    assert.equal(JSON.stringify(sandbox.state), before, 'nothing changed in the sandbox');
  });

  it('usage errors exit 2', async () => {
    const x = io();
    assert.equal(await runCli(['probe', '--database', 'X'], x), 2);
    assert.match(x.err, /--cluster must be the cluster URL/);
  });
});

describe('probe of a tree cluster known through ARM (what "Probe Cluster…" runs)', function () {
  this.timeout(60_000);
  let s: Setup;
  before(async () => {
    s = await setup();
  });
  after(async () => {
    await s.stop();
  });

  it('adds the ARM GETs the product makes, judged, with the cluster, group and subscription redacted', async () => {
    const ref = await armClusterRef(s.catalog, s.account, 'adxfull');
    const report = await probeCluster(s.catalog, ref!, { database: 'Analytics', arm: true });
    const arm = report.reads.filter((e) => e.shape === 'arm');
    const base = String.raw`GET /subscriptions/<guid>/resourceGroups/<group\d+>/providers/Microsoft\.Kusto/clusters/<cluster\d+>`;
    assert.equal(arm.length, 3);
    [``, `/databases`, `/databases/<database\\d+>/dataConnections`].forEach((tail, i) =>
      assert.match(`${arm[i].status} ${arm[i].command}`, new RegExp(`^ok ${base}${tail}$`)),
    );
    assert.equal(report.summary.unknown, 0, JSON.stringify(report.reads.filter((e) => e.status !== 'ok')));
    assert.ok(!JSON.stringify(report).includes('adxfull') && !JSON.stringify(report).includes('rg-adx-prod'));
  });

  it('an ARM identity type the product does not know is an unknown shape', () => {
    assert.equal(judgeArmIdentity({ type: 'System' }).status, 'unknown');
    assert.equal(judgeArmIdentity({ type: 'SystemAssigned', principalId: 'nope' }).status, 'unknown');
    assert.equal(judgeArmIdentity(undefined).status, 'variant');
    assert.equal(
      judgeArmIdentity({
        type: 'SystemAssigned',
        principalId: '0e000001-0000-4000-8000-000000000001',
        userAssignedIdentities: {},
      }).status,
      'ok',
    );
  });
});
