// The language model tools in the real extension host, called through vscode.lm.invokeTool (no chat extension
// installed) against a sandbox of their own; the change tool only behind its setting, with its confirmation.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CHANGE_TOOL, TOOLS } from '../../../src/core/tools/definitions';
import { api, record, useSandbox, waitFor } from './helpers';

const textOf = (r: vscode.LanguageModelToolResult): string =>
  r.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');

const invoke = async (name: string, input: object): Promise<string> =>
  textOf(await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined }));

const ours = (): string[] => vscode.lm.tools.filter((t) => t.name.startsWith('adx_identity_')).map((t) => t.name);

describe('language model tools (extension host, sandbox)', () => {
  const sandbox = useSandbox('Contoso Analytics Prod');
  const setting = () => vscode.workspace.getConfiguration('adxIdentity.agents');
  const archiveJoin = () => ({
    cluster: 'adxfull',
    flow: 'continuous-export',
    database: 'Analytics',
    exportName: 'ArchiveJoin',
  });

  before(async () => {
    await api();
    record('lm tools visible with chat.disableAIFeatures', ours().length > 0);
  });
  after(async () => {
    await setting().update('allowChanges', undefined, vscode.ConfigurationTarget.Global);
  });

  it('lists the contributed tools with the table’s schemas; only the read-only ones run while changes are off', async () => {
    // vscode.lm.tools lists every contributed tool (its `when` clause is for the chat's tool picker), so the change
    // tool is listed; with the setting off it has no implementation, and calling it fails.
    assert.deepEqual(
      ours(),
      TOOLS.map((t) => t.name),
    );
    for (const t of vscode.lm.tools.filter((x) => x.name.startsWith('adx_identity_'))) {
      const def = TOOLS.find((d) => d.name === t.name)!;
      assert.deepEqual(t.inputSchema, def.inputSchema, t.name);
      assert.equal(t.description, def.modelDescription);
    }
    assert.equal((await api()).agents.implementation(CHANGE_TOOL), undefined);
  });

  it('validate: the findings and certain fixes of a KQL text', async () => {
    const text = await invoke('adx_identity_validate_kql', {
      text: '.alter database Sales policy managed_identity ```[{"ObjectId":"system","AllowedUsages":"automatedflows"}]```',
    });
    assert.match(text, /warning \[MIP108\]/);
    assert.match(text, /replace "automatedflows" with "AutomatedFlows"/);
  });

  it('explain: an identity on a cluster the tree shows, named as the tree names it', async function () {
    this.timeout(60_000);
    const text = await invoke('adx_identity_explain_identity', { cluster: 'adxfull', identity: 'id-adx-export' });
    assert.match(text, /^# id-adx-export on adxfull/);
    assert.match(text, /- database Analytics: Viewer/);
    assert.match(text, /Continuous export ArchiveJoin \(Analytics\).*stops exporting/);
  });

  it('readiness and report: by URL too; nothing changes', async function () {
    this.timeout(60_000);
    const check = await invoke('adx_identity_check_readiness', {
      ...archiveJoin(),
      cluster: sandbox().clusters.adxfull,
    });
    assert.match(check, /^continuous-export on adxfull\/Analytics: FAILED/);
    assert.match(check, /fix \(in Archive\): \.add database Archive viewers/);
    const report = await invoke('adx_identity_cluster_report', { cluster: 'adxfull' });
    assert.match(report, /^# Managed identities of adxfull/);
  });

  it('generate: the commands a spec describes; a bad one is an error naming the field', async () => {
    const text = await invoke('adx_identity_generate_commands', {
      specs: [{ kind: 'show-principals', database: 'Sales' }],
    });
    assert.equal(text.trim(), '.show database Sales principals');
    await assert.rejects(
      invoke('adx_identity_generate_commands', { specs: [{ kind: 'show-principals' }] }),
      /database: is required/,
    );
  });

  it('an unknown cluster names the clusters the tree shows', async () => {
    await assert.rejects(
      invoke('adx_identity_cluster_report', { cluster: 'nowhere' }),
      /No cluster 'nowhere'.*adxfull \(http/,
    );
  });

  it('the change tool exists only with adxIdentity.agents.allowChanges; its confirmation shows the exact commands and what they lose', async function () {
    this.timeout(90_000);
    const { agents } = await api();
    // Off: no implementation is registered, so VS Code refuses the call before anything reads the cluster.
    await assert.rejects(
      Promise.resolve(vscode.lm.invokeTool(CHANGE_TOOL, { input: archiveJoin(), toolInvocationToken: undefined })),
      (e: Error) => !/Changes are not allowed/.test(e.message),
    );
    assert.equal(agents.implementation(CHANGE_TOOL), undefined);

    await setting().update('allowChanges', true, vscode.ConfigurationTarget.Global);
    await waitFor('the change tool registered', () => agents.implementation(CHANGE_TOOL) !== undefined);
    const tool = agents.implementation(CHANGE_TOOL);
    assert.ok(tool?.prepareInvocation, 'the change tool prepares a confirmation');
    const token = new vscode.CancellationTokenSource().token;
    const prepared = await tool.prepareInvocation({ input: archiveJoin() }, token);
    const confirmation = prepared?.confirmationMessages;
    assert.match(confirmation?.title ?? '', /^Run \d+ commands? on adxfull\?/);
    const message = typeof confirmation?.message === 'string' ? confirmation.message : confirmation?.message.value;
    assert.match(message ?? '', /```kusto\n[\s\S]*\.add database Archive viewers \('aadapp=0e000001-/);
    assert.match(message ?? '', /What they lose:\*\* nothing \(they only add\)/);

    // What the modal would run once confirmed (the modal itself belongs to the UI suite).
    const invoked = await tool.invoke({ input: archiveJoin(), toolInvocationToken: undefined }, token);
    assert.ok(invoked);
    const result = textOf(invoked);
    assert.match(result, /✓ \.add database Archive viewers/);
    assert.match(result, /\[PASS\] id-adx-export holds Database Viewer on Archive/);

    await setting().update('allowChanges', false, vscode.ConfigurationTarget.Global);
    await waitFor('the change tool gone', () => agents.implementation(CHANGE_TOOL) === undefined);
    await assert.rejects(
      Promise.resolve(vscode.lm.invokeTool(CHANGE_TOOL, { input: archiveJoin(), toolInvocationToken: undefined })),
      (e: Error) => !/Changes are not allowed/.test(e.message),
    );
  });
});
