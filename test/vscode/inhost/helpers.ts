// Shared by in-host tests: the extension under test, its API, the sample workspace, and where to leave numbers.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { startSandbox, type RunningSandbox, type Scenario } from '../../../sandbox';
import defaultScenario from '../../../sandbox/scenarios/default.json';
import type { AdxIdentityApi, AdxIdentityTestApi } from '../../../src/extension';
import type { ModelNode } from '../../../src/services/tree/node';

export const EXTENSION_ID = 'adx-identity.adx-identity';

export function extension(): vscode.Extension<AdxIdentityApi> {
  const ext = vscode.extensions.getExtension<AdxIdentityApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  return ext;
}

/** Activates (or joins the running activation) and returns the test API (the host runs in ExtensionMode.Test). */
export async function api(): Promise<AdxIdentityTestApi> {
  const value = await extension().activate();
  if (!('tree' in value)) throw new Error('activate() returned no test API: is the host in ExtensionMode.Test?');
  return value as AdxIdentityTestApi;
}

export function sampleUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests need the samples/ workspace open');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Waits for something the host does asynchronously; the deadline only turns a hang into a readable failure. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  deadlineMs = 30_000,
): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Records a measurement for the runner to print (ignored outside the real-VS-Code runner). */
export function record(name: string, value: number | string | boolean): void {
  const dir = process.env.ADX_IDENTITY_TEST_RESULTS;
  if (dir) appendFileSync(join(dir, 'measurements.jsonl'), `${JSON.stringify({ name, value })}\n`);
}

/** The tree node reached by following these labels from the root, through the extension's API. */
export async function treePath(...labels: string[]): Promise<ModelNode> {
  const tree = (await api()).tree;
  let node: ModelNode | undefined;
  for (const label of labels) {
    const children = await tree.getChildren(node);
    node = children.find((c) => c.label === label);
    if (!node)
      throw new Error(
        `no "${label}" under ${labels.slice(0, labels.indexOf(label)).join(' / ') || 'root'}: ${children.map((c) => c.label).join(' | ')}`,
      );
  }
  if (!node) throw new Error('empty path');
  return node;
}

/**
 * Starts a sandbox with the default scenario for the enclosing suite, points the extension at it, and waits until
 * the tree shows `rootLabel` when given; afterwards stops it and leaves the (shared) settings as found.
 */
export function useSandbox(rootLabel?: string): () => RunningSandbox {
  let sandbox: RunningSandbox | undefined;
  const settings = () => vscode.workspace.getConfiguration('adxIdentity');
  before(async function () {
    this.timeout(120_000);
    // The bundled test carries the scenario: the sandbox's own default path points into the source tree.
    sandbox = await startSandbox({ scenario: defaultScenario as unknown as Scenario });
    await settings().update('sandbox', JSON.stringify(sandbox.info()), vscode.ConfigurationTarget.Global);
    if (rootLabel === undefined) return;
    const tree = (await api()).tree;
    await waitFor(`"${rootLabel}" at the root of the tree`, async () => {
      tree.refresh();
      return (await tree.getChildren()).some((r) => r.label === rootLabel);
    });
  });
  after(async () => {
    await settings().update('sandbox', undefined, vscode.ConfigurationTarget.Global);
    await sandbox?.stop();
  });
  return () => {
    if (!sandbox) throw new Error('the sandbox is not started yet (use it inside a test or hook)');
    return sandbox;
  };
}

/** A diagnostic's code, whether bare or `{value, target}` (our codes link to their rule's documentation). */
export function codeValue(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === 'object' ? d.code.value : d.code;
}
