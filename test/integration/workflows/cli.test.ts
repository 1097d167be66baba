// `adx-identity check` through runCli with a fake CliIo against a running sandbox (no auth, or a token from the environment).
import assert from 'node:assert/strict';
import { startSandbox, type RunningSandbox } from '../../../sandbox';
import { runCheck } from '../../../src/cli/check';
import { runCli } from '../../../src/cli/main';
import type { FlowReport } from '../../../src/core/workflows/types';
import { ASA_ID } from './helpers';
import { captureIo, type CapturedIo } from '../../support/cliIo';

const FAST = { retry: { maxRetries: 0, retryDelayInMs: 10, maxRetryDelayInMs: 10 }, timeoutMs: 3000 };

function fakeIo(files: Record<string, string> = {}): CapturedIo {
  return captureIo({ files });
}

describe('adx-identity check (CLI) against the sandbox', () => {
  let sandbox: RunningSandbox;
  before(async () => {
    sandbox = await startSandbox();
  });
  after(async () => {
    await sandbox.stop();
  });
  const exportArgs = (name: string) => [
    'check',
    '--cluster',
    sandbox.clusters.adxfull,
    '--database',
    'Analytics',
    '--flow',
    'continuous-export',
    '--export',
    name,
    '--now',
    '2026-11-28T00:00:00Z',
  ];

  it('exits 1 on a failing prerequisite and prints the fix command', async () => {
    const io = fakeIo();
    assert.equal(await runCli(exportArgs('ArchiveJoin'), io), 1);
    assert.match(io.out, /^continuous-export on 127\.0\.0\.1:\d+\/Analytics: FAILED\n/);
    assert.match(
      io.out,
      /\[FAIL\] id-adx-export holds Database Viewer on Archive\n.*\n\s+fix \(in Archive\): \.add database Archive viewers \('aadapp=0e000001-0000-4000-8000-000000000001;11111111-1111-4111-8111-111111111111'\)/,
    );
    assert.match(
      io.out,
      /\[PASS\] Identity id-adx-export is assigned to the cluster\n\s+the managed identity policy lists it/,
    );
    assert.equal(io.err, '');
  });

  it('--flow update-policy follows the function the policy calls and prints the missing Viewer with its fix; --table is required', async () => {
    const args = ['check', '--cluster', sandbox.clusters.adxfull, '--database', 'Analytics', '--flow', 'update-policy'];
    const io = fakeIo();
    assert.equal(
      await runCli([...args, '--table', 'Devices', '--tenant', '11111111-1111-4111-8111-111111111111'], io),
      1,
    );
    assert.match(io.out, /^update-policy on 127\.0\.0\.1:\d+\/Analytics: FAILED\n/);
    assert.match(
      io.out,
      /\[FAIL\] [^\n]*holds Database Viewer on Archive\n[^\n]*through EnrichDevices[^\n]*\n\s+fix \(in Archive\): \.add database Archive viewers/,
    );
    const usage = fakeIo();
    assert.equal(await runCli(args, usage), 2);
    assert.match(usage.err, /--table is required for --flow update-policy/);
  });

  it('exits 0 when nothing failed (unknowns allowed), and --format json gives the report', async () => {
    const io = fakeIo();
    assert.equal(await runCli([...exportArgs('EventsToLake'), '--format', 'json'], io), 0);
    const report = JSON.parse(io.out) as FlowReport;
    assert.equal(report.verdict, 'unknown');
    assert.deepEqual(
      report.checks.filter((c) => c.verdict !== 'passed').map((c) => c.id),
      ['external-table-auth'],
    );
  });

  it('--script flags managedIdentity=system unquoted (exit 1)', async () => {
    const io = fakeIo({
      'export.kql':
        '.create-or-alter continuous-export EventsToLake over (Events) to table ExportedEvents with (managedIdentity=system, intervalBetweenRuns=1h) <| Events\n',
    });
    assert.equal(await runCli([...exportArgs('EventsToLake'), '--script', 'export.kql'], io), 1);
    assert.match(
      io.out,
      /\[FAIL\] managedIdentity is written as a quoted string\n.*unquoted.*\n\s+fix \(in Analytics\): .*managedIdentity="system"/,
    );
  });

  it('prints the generated DataflowEndpoint YAML for iot-operations', async () => {
    const io = fakeIo();
    const code = await runCli(
      [
        'check',
        '--cluster',
        sandbox.clusters.adxsystem,
        '--flow',
        'iot-operations',
        '--database',
        'Telemetry',
        '--table',
        'Readings',
        '--identity',
        ASA_ID,
        '--latency-seconds',
        '30',
      ],
      io,
    );
    assert.equal(code, 0, io.out + io.err);
    assert.match(
      io.out,
      /--- DataflowEndpoint resource ---\napiVersion: connectivity\.iotoperations\.azure\.com\/v1beta1\n/,
    );
    assert.match(io.out, /batching:\n {6}latencySeconds: 30\n/);
  });

  it('stream-analytics without roles exits 1 and offers .add ingestors / monitors', async () => {
    const io = fakeIo();
    assert.equal(
      await runCli(
        [
          'check',
          '--cluster',
          sandbox.clusters.adxfull,
          '--flow',
          'stream-analytics',
          '--database',
          'Analytics',
          '--table',
          'Events',
          '--identity',
          ASA_ID,
        ],
        io,
      ),
      1,
    );
    assert.match(io.out, /fix \(in Analytics\): \.add database Analytics ingestors/);
    assert.match(io.out, /fix \(in Analytics\): \.add database Analytics monitors/);
  });

  it('native-ingestion with only a Kusto URL reports the connections unknown (exit 0)', async () => {
    const io = fakeIo();
    assert.equal(
      await runCli(
        [
          'check',
          '--cluster',
          sandbox.clusters.adxfull,
          '--flow',
          'native-ingestion',
          '--database',
          'Analytics',
          '--identity',
          '0e000002-0000-4000-8000-000000000002',
        ],
        io,
      ),
      0,
    );
    assert.match(
      io.out,
      /\[\?\?\?\?\] Data connections can be read\n\s+data connections are ARM resources and only a Kusto URL is known/,
    );
    assert.match(io.out, /\[PASS\] Managed identity policy allows NativeIngestion/);
  });

  it('report, snapshot and drift of the whole cluster (drift exits 1 when the cluster differs)', async () => {
    const base = ['check', '--cluster', sandbox.clusters.adxfull, '--now', '2026-11-28T00:00:00Z'];
    const report = fakeIo();
    assert.equal(await runCli([...base, '--flow', 'report'], report), 0);
    assert.match(report.out, /^# Managed identities of 127\.0\.0\.1:\d+\n/);
    assert.match(
      report.out,
      /\| id-adx-export \| 0e000001-0000-4000-8000-000000000001 \| 0c000001-0000-4000-8000-000000000001 \| yes \|/,
    );
    const snap = fakeIo();
    assert.equal(await runCli([...base, '--flow', 'snapshot'], snap), 0);
    assert.match(snap.out, /^\/\/ Identity configuration of 127\.0\.0\.1:\d+, taken 2026-11-28T00:00:00\.000Z/);
    const files = { 'snap.kql': snap.out };
    const clean = fakeIo(files);
    assert.equal(await runCli([...base, '--flow', 'drift', '--snapshot', 'snap.kql'], clean), 0, clean.out + clean.err);
    assert.equal(clean.out, 'No drift: the cluster matches the snapshot.\n');
    const analytics = sandbox.state.clusters.find((c) => c.name === 'adxfull')!.databases[0];
    const saved = analytics.principals;
    analytics.principals = saved.filter((p) => p.principalId !== '0e000002-0000-4000-8000-000000000002');
    try {
      const drifted = fakeIo(files);
      assert.equal(
        await runCli([...base, '--flow', 'drift', '--snapshot', 'snap.kql', '--format', 'json'], drifted),
        1,
      );
      const items = JSON.parse(drifted.out) as { what: string; detail: string; commands: { text: string }[] }[];
      assert.deepEqual(
        items.map((i) => [i.what, i.detail, i.commands.map((c) => c.text)]),
        [
          [
            'Analytics principals',
            'id-adx-ingest is no longer in ingestors',
            [
              ".add database Analytics ingestors ('aadapp=0e000002-0000-4000-8000-000000000002;11111111-1111-4111-8111-111111111111')",
            ],
          ],
        ],
      );
    } finally {
      analytics.principals = saved;
    }
    const bad = fakeIo({ 'x.kql': '.show databases' });
    assert.equal(await runCli([...base, '--flow', 'drift', '--snapshot', 'x.kql'], bad), 2);
    assert.match(bad.err, /not an adx-identity snapshot/);
    const none = fakeIo();
    assert.equal(await runCli([...base, '--flow', 'drift'], none), 2);
    assert.match(none.err, /--snapshot is required/);
  });

  it('usage errors exit 2 with the usage text', async () => {
    const cases: [string[], RegExp][] = [
      [['check', '--flow', 'functions'], /--cluster must be the cluster URL/],
      [['check', '--cluster', sandbox.clusters.adxfull], /--flow is required/],
      [['check', '--cluster', '--flow', 'functions'], /--cluster needs a value/],
      [
        ['check', '--cluster', sandbox.clusters.adxfull, '--flow', 'nope', '--database', 'A'],
        /--flow must be one of continuous-export, /,
      ],
      [
        ['check', '--cluster', sandbox.clusters.adxfull, '--flow', 'continuous-export', '--database', 'Analytics'],
        /--export is required/,
      ],
      [
        [
          'check',
          '--cluster',
          sandbox.clusters.adxfull,
          '--flow',
          'functions',
          '--database',
          'Analytics',
          '--identity',
          'id-adx-ingest',
        ],
        /--identity must be a GUID/,
      ],
      [
        [
          'check',
          '--cluster',
          sandbox.clusters.adxfull,
          '--flow',
          'functions',
          '--database',
          'Analytics',
          '--bogus',
          'x',
        ],
        /unknown argument '--bogus'/,
      ],
      [
        [
          'check',
          '--cluster',
          sandbox.clusters.adxfull,
          '--flow',
          'functions',
          '--database',
          'Analytics',
          '--format',
          'xml',
        ],
        /--format must be text or json/,
      ],
      [[...exportArgs('EventsToLake'), '--script', 'missing.kql'], /cannot read --script missing\.kql/],
    ];
    for (const [args, message] of cases) {
      const io = fakeIo();
      assert.equal(await runCli(args, io), 2, args.join(' '));
      assert.match(io.err, message);
      assert.match(io.err, /Usage: adx-identity check/);
    }
    const help = fakeIo();
    assert.equal(await runCli(['check', '--help'], help), 0);
    assert.match(help.out, /Exit: 0 nothing failed/);
  });

  it('sends the token from ADX_IDENTITY_TOKEN; a refused token or an unreachable cluster exits 2', async () => {
    const ok = fakeIo();
    assert.equal(
      await runCheck(exportArgs('EventsToLake').slice(1), ok, { token: sandbox.token('kusto'), factory: FAST }),
      0,
      ok.err,
    );
    const refused = fakeIo();
    assert.equal(
      await runCheck(exportArgs('EventsToLake').slice(1), refused, {
        token: sandbox.token('https://storage.azure.com'),
        factory: FAST,
      }),
      2,
    );
    assert.match(refused.err, /cannot read .*401/);
    const down = fakeIo();
    const args = exportArgs('EventsToLake').slice(1);
    args[1] = 'http://127.0.0.1:9';
    assert.equal(await runCheck(args, down, { factory: FAST }), 2);
    assert.match(down.err, /cannot read http:\/\/127\.0\.0\.1:9/);
  });
});
