// `adx-identity audit` over the sandbox's ARM, Resource Graph and Kusto, with the real SDK clients.
import assert from 'node:assert/strict';
import { startSandbox, type RunningSandbox } from '../../../sandbox';
import { runAudit } from '../../../src/cli/audit';
import { sarifErrors } from '../../support/sarif';
import { FAST, fakeIo } from './helpers';

const TENANT = '11111111-1111-4111-8111-111111111111';
const GONE = '0e0000ff-0000-4000-8000-0000000000ff';
const SPARE = '0e000003-0000-4000-8000-000000000003';
const SUB2 = 'aaaaaaaa-0000-4000-8000-000000000002';
const NOW = ['--now', '2026-11-28T00:00:00Z'];

interface Sarif {
  runs: {
    tool: { driver: { rules: { id: string; help: { text: string } }[] } };
    results: {
      ruleId: string;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
      properties?: { commands: { text: string }[] };
    }[];
  }[];
}

describe('adx-identity audit (sandbox)', () => {
  let sandbox: RunningSandbox;
  let info: string;
  before(async () => {
    sandbox = await startSandbox();
    info = JSON.stringify(sandbox.info());
    // Changes made "outside": a broad grant, a deleted identity still named, a detached one, a disabled export.
    const cluster = (n: string) => sandbox.state.clusters.find((c) => c.name === n)!;
    cluster('adxsystem').managedIdentityPolicy = [{ ObjectId: 'system', AllowedUsages: 'All' }];
    const analytics = cluster('adxfull').databases.find((d) => d.name === 'Analytics')!;
    analytics.managedIdentityPolicy = [{ ObjectId: GONE, AllowedUsages: 'AutomatedFlows' }];
    analytics.principals.push({
      name: 'gone',
      role: 'Viewer',
      principalId: GONE,
      principalType: 'App',
      tenantId: TENANT,
      displayName: GONE,
      notes: '',
      fqn: `aadapp=${GONE};${TENANT}`,
    });
    cluster('adxuser').databases[0].managedIdentityPolicy = [{ ObjectId: SPARE, AllowedUsages: 'NativeIngestion' }];
    analytics.continuousExports[0].isDisabled = true;
  });
  after(async () => {
    await sandbox.stop();
  });

  it('finds every kind of problem across both subscriptions; SARIF validates; progress on stderr; exit 1', async () => {
    const io = fakeIo();
    const code = await runAudit(['--sandbox', info, '--format', 'sarif', ...NOW], io, { vars: {}, factory: FAST });
    assert.equal(code, 1, io.err);
    const log = JSON.parse(io.out) as Sarif;
    assert.deepEqual(sarifErrors(log), []);
    const results = log.runs[0].results;
    const rules = [...new Set(results.map((r) => r.ruleId))].sort();
    assert.deepEqual(rules, ['AUD001', 'AUD002', 'AUD003', 'AUD004', 'AUD006']);
    const gone = results.find((r) => r.ruleId === 'AUD004' && r.message.text.includes(GONE))!;
    assert.match(gone.message.text, /no identity the credential can see has object id 0e0000ff-.*Viewer of Analytics/);
    assert.deepEqual(
      gone.properties!.commands.map((c) => c.text.split(' (')[0].split(' ```')[0]),
      ['.drop database Analytics viewers', '.delete database Analytics policy managed_identity'],
    );
    assert.equal(gone.locations[0].physicalLocation.artifactLocation.uri, sandbox.clusters.adxfull);
    const spare = results.find((r) => r.ruleId === 'AUD004' && r.message.text.includes(SPARE))!;
    assert.match(
      spare.message.text,
      /^id-spare \(0e000003-.*\) is no longer assigned to the cluster, but the policy of database Ingest still names it/,
    );
    const all = results.find((r) => r.ruleId === 'AUD001')!;
    assert.match(all.message.text, /the cluster policy allows system-assigned All usages/);
    assert.match(log.runs[0].tool.driver.rules.find((r) => r.id === 'AUD001')!.help.text, /Allow only the usages/);
    assert.match(io.err, /^audit: 4 cluster\(s\) in 2 subscription\(s\)\n(audit: \d\/4 clusters read\n)+$/);
    assert.match(io.err, /audit: 4\/4 clusters read\n$/);
  });

  it('--format json lists every cluster audited; --subscription narrows the inventory', async () => {
    const io = fakeIo();
    await runAudit(['--sandbox', info, '--format', 'json', '--subscription', SUB2, ...NOW], io, {
      vars: {},
      factory: FAST,
    });
    const report = JSON.parse(io.out) as { subscriptions: number; clusters: { name: string; error?: string }[] };
    assert.equal(report.subscriptions, 1);
    assert.deepEqual(report.clusters.map((c) => c.name).sort(), ['adxfull', 'adxuser']);
    assert.ok(report.clusters.every((c) => !c.error));
  });

  it('Markdown by default; what a cluster refuses is an AUD900 finding for it, the others are audited as before', async () => {
    sandbox.faults.add({ path: '/adxuser/v1/rest/mgmt', status: 403 });
    const io = fakeIo();
    try {
      await runAudit(['--sandbox', info, '--concurrency', '4', ...NOW], io, { vars: {}, factory: FAST });
    } finally {
      sandbox.faults.clear();
    }
    assert.match(io.out, /^# Managed identity audit\n\n4 cluster\(s\) in 2 subscription\(s\);/);
    assert.match(io.out, /## AUD900 NotReadable \(\d+\)/);
    assert.match(io.out, /\| adxuser \| — \| clusterPolicy \| could not read clusterPolicy: /);
    assert.doesNotMatch(io.out, /\| adx(full|system|noid) \| [^|]* \| [^|]* \| could not read/);
  });

  it('without ARM it is a usage error (exit 2) that says what to give', async () => {
    const io = fakeIo();
    assert.equal(await runAudit([...NOW], io, { vars: {} }), 2);
    assert.match(io.err, /audit needs ARM to find the clusters: give --auth or --sandbox/);
    const bad = fakeIo();
    assert.equal(await runAudit(['--sandbox', info, '--format', 'html'], bad, { vars: {} }), 2);
    assert.match(bad.err, /--format must be markdown, json, sarif/);
  });
});
