// `adx-identity mcp` through the SDK's real Client over stdio, against the sandbox: initialize, list the tools, call each,
// and the change tool refused without --allow-changes, run with it.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { startSandbox, type RunningSandbox } from '../../../sandbox';
import { TOOLS } from '../../../src/core/tools/definitions';
import { SECRETS } from './helpers';

const root = join(__dirname, '..', '..', '..');
type Result = {
  isError?: boolean;
  content: { type: string; text?: string }[];
  structuredContent?: Record<string, unknown>;
};

describe('adx-identity mcp (the SDK client over stdio, sandbox)', function () {
  this.timeout(120_000);
  let sandbox: RunningSandbox;
  const clients: Client[] = [];
  const stderr: string[] = [];

  before(async () => {
    sandbox = await startSandbox();
  });
  after(async () => {
    for (const c of clients) await c.close();
    await sandbox.stop();
  });

  /** A server process as an agent starts it: only the SDK's default variables, the sandbox through --sandbox. */
  async function connect(...extra: string[]): Promise<Client> {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [
        '--require',
        'tsx/cjs',
        join(root, 'src/cli/main.ts'),
        'mcp',
        '--sandbox',
        JSON.stringify(sandbox.info()),
        ...extra,
      ],
      cwd: root,
      env: getDefaultEnvironment(),
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
    const client = new Client({ name: 'adx-identity-test', version: '1.0.0' });
    await client.connect(transport);
    clients.push(client);
    return client;
  }

  const call = async (client: Client, name: string, args: Record<string, unknown>) => {
    const r = (await client.callTool({ name, arguments: args })) as Result;
    return { ...r, text: r.content.map((c) => c.text ?? '').join('') };
  };

  let readOnly: Client;
  const cluster = () => sandbox.clusters.adxfull;
  const archiveJoin = () => ({
    cluster: cluster(),
    flow: 'continuous-export',
    database: 'Analytics',
    exportName: 'ArchiveJoin',
  });

  it('initializes and lists the read-only tools with the same input schemas as VS Code', async () => {
    readOnly = await connect();
    assert.equal(readOnly.getServerVersion()?.name, 'adx-identity');
    assert.ok(readOnly.getServerCapabilities()?.tools);
    const { tools } = await readOnly.listTools();
    assert.deepEqual(
      tools.map((t) => t.name),
      TOOLS.filter((t) => t.readOnly).map((t) => t.name),
    );
    for (const t of tools) {
      const def = TOOLS.find((d) => d.name === t.name)!;
      assert.deepEqual(t.inputSchema, def.inputSchema, t.name);
      assert.equal(t.description, def.modelDescription);
      assert.equal(t.annotations?.readOnlyHint, true);
    }
  });

  it('validate: the findings with their lines and certain fixes', async () => {
    const r = await call(readOnly, 'adx_identity_validate_kql', {
      text: '.alter database Sales policy managed_identity ```[{"ObjectId":"system","AllowedUsages":"automatedflows"}]```',
    });
    assert.equal(r.isError, false);
    assert.match(r.text, /line 1, column \d+ warning \[MIP108\]/);
    assert.match(r.text, /replace "automatedflows" with "AutomatedFlows"/);
    const clean = await call(readOnly, 'adx_identity_validate_kql', { text: '.show cluster policy managed_identity' });
    assert.match(clean.text, /^No findings/);
  });

  it("explain: an identity's usages, roles, flows and what breaks without it, read from the cluster", async () => {
    const r = await call(readOnly, 'adx_identity_explain_identity', { cluster: cluster(), identity: 'id-adx-export' });
    assert.equal(r.isError, false, r.text);
    assert.match(r.text, /Assigned to the cluster: yes/);
    assert.match(r.text, /- cluster policy: AutomatedFlows/);
    assert.match(r.text, /- database Analytics: Viewer/);
    assert.match(r.text, /Continuous export ArchiveJoin \(Analytics\).*stops exporting/);
    assert.match(r.text, /Update policy of Devices \(Analytics\)/);
  });

  it('readiness: the verdict and the exact fix, nothing changed', async () => {
    const r = await call(readOnly, 'adx_identity_check_readiness', archiveJoin());
    assert.equal(r.isError, false, r.text);
    assert.match(r.text, /^continuous-export on adxfull\/Analytics: FAILED/);
    assert.match(r.text, /fix \(in Archive\): \.add database Archive viewers \('aadapp=0e000001-/);
    const report = r.structuredContent?.report as { verdict: string };
    assert.equal(report.verdict, 'failed');
  });

  it('generate: commands from specs; a bad spec names its field', async () => {
    const r = await call(readOnly, 'adx_identity_generate_commands', {
      specs: [
        {
          kind: 'alter-policy',
          scope: 'database',
          database: 'Sales',
          merge: true,
          entries: [{ objectId: 'system', usages: ['AutomatedFlows'] }],
        },
      ],
    });
    assert.equal(r.isError, false, r.text);
    assert.equal(
      r.text.trim(),
      '.alter-merge database Sales policy managed_identity ```[{"ObjectId":"system","AllowedUsages":"AutomatedFlows"}]```',
    );
    const bad = await call(readOnly, 'adx_identity_generate_commands', {
      specs: [{ kind: 'add-principal', database: 'Sales', role: 'viewers', principal: { app: 'nope', tenant: 't' } }],
    });
    assert.equal(bad.isError, true);
    assert.match(bad.text, /principal\.app: must be an object id/);
  });

  it("report: the cluster's identities × databases in Markdown", async () => {
    const r = await call(readOnly, 'adx_identity_cluster_report', { cluster: cluster() });
    assert.equal(r.isError, false, r.text);
    assert.match(r.text, /^# Managed identities of adxfull/);
    assert.match(r.text, /\| Analytics \| AutomatedFlows \(cluster\) \| Viewer \| ArchiveJoin \| Devices ← Events \|/);
  });

  it('a cluster that is not a URL, or unknown input, is an error the model can read', async () => {
    const r = await call(readOnly, 'adx_identity_cluster_report', { cluster: 'adxfull' });
    assert.equal(r.isError, true);
    assert.match(r.text, /'cluster' must be the cluster's URL/);
    const flow = await call(readOnly, 'adx_identity_check_readiness', { ...archiveJoin(), flow: 'nope' });
    assert.match(flow.text, /'flow' must be one of continuous-export/);
  });

  it('the change tool is refused without --allow-changes, and the cluster keeps its state', async () => {
    const r = await call(readOnly, 'adx_identity_apply_readiness_fixes', archiveJoin());
    assert.equal(r.isError, true);
    assert.match(r.text, /Changes are not allowed here.*--allow-changes/);
    const still = await call(readOnly, 'adx_identity_check_readiness', archiveJoin());
    assert.match(still.text, /\[FAIL\] id-adx-export holds Database Viewer on Archive/);
  });

  it('with --allow-changes the change tool is listed and runs the fixes; the re-check passes what they fixed', async () => {
    const writer = await connect('--allow-changes');
    const { tools } = await writer.listTools();
    const change = tools.find((t) => t.name === 'adx_identity_apply_readiness_fixes');
    assert.equal(change?.annotations?.readOnlyHint, false);
    assert.equal(change?.annotations?.destructiveHint, true);
    const r = await call(writer, 'adx_identity_apply_readiness_fixes', archiveJoin());
    assert.equal(r.isError, false, r.text);
    assert.match(r.text, /✓ \.add database Archive viewers/);
    assert.match(r.text, /\[PASS\] id-adx-export holds Database Viewer on Archive/);
    const ran = r.structuredContent?.ran as string[];
    assert.ok(ran.some((t) => t.startsWith('.add database Archive viewers')));
    // Another client sees the change on the cluster itself.
    const now = await call(readOnly, 'adx_identity_check_readiness', archiveJoin());
    assert.match(now.text, /\[PASS\] id-adx-export holds Database Viewer on Archive/);
  });

  it('never writes a secret of the sandbox to stderr', () => {
    const all = stderr.join('');
    assert.match(all, /serving 5 tools \(the sandbox's test tokens, read-only\)/);
    assert.match(all, /serving 6 tools \(the sandbox's test tokens, changes allowed\)/);
    for (const s of SECRETS) assert.ok(!all.includes(s));
  });
});
