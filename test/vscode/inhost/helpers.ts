// Shared by in-host tests: the extension under test, its API, the sample workspace, and where to leave numbers.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { AdxIdentityApi } from '../../../src/extension';

export const EXTENSION_ID = 'adx-identity.adx-identity';

export function extension(): vscode.Extension<AdxIdentityApi> {
  const ext = vscode.extensions.getExtension<AdxIdentityApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  return ext;
}

/** Activates (or joins the running activation) and returns the API object activate() returned. */
export async function api(): Promise<AdxIdentityApi> {
  return extension().activate();
}

export function sampleUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests need the samples/ workspace open');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Waits for something the host does asynchronously; the deadline only turns a hang into a readable failure. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, deadlineMs = 30_000): Promise<void> {
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
