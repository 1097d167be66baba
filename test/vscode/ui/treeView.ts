// Selectors and steps for the identity tree in the workbench (used by tree.test.ts).
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { applyEdits, modify } from 'jsonc-parser';
import type { Locator, Page } from 'playwright-core';
import { startSandbox, type RunningSandbox } from '../../../sandbox';
import { runCommandToPick } from './workbench';

const VIEW = '#workbench\\.view\\.extension\\.adxIdentity';

/** The tree row whose label is exactly `label`. */
export function treeRow(page: Page, label: string): Locator {
  const exact = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  return page.locator(`${VIEW} .monaco-list-row`, { has: page.locator('.label-name', { hasText: exact }) });
}

/**
 * A hover left by the last click (slow to show on a busy machine) can cover a row: move off and wait it away.
 * One that was shown only after the mouse had left its target never sees the mouse leave and stays; the
 * workbench's hovers close on a key press, so Escape closes it (a few times over, then fail with what stayed).
 */
export async function clearHover(page: Page): Promise<void> {
  const hover = page.locator('.context-view .hover-contents');
  await page.mouse.move(900, 600);
  for (let presses = 0; await hover.isVisible(); presses++) {
    if (presses === 5) throw new Error(`a hover stays over the workbench: ${await hover.innerText().catch(() => '?')}`);
    await page.keyboard.press('Escape');
    await hover.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
  }
}

/** Clicks a collapsed row open and waits for one of its children to show. */
export async function expand(page: Page, label: string, childLabel: string): Promise<void> {
  const row = treeRow(page, label);
  await row.waitFor();
  if ((await row.getAttribute('aria-expanded')) !== 'true') {
    await clearHover(page);
    await row.click();
  }
  await treeRow(page, childLabel).waitFor({ timeout: 30_000 });
}

/** Expands down a path of labels: each row in turn, until the last one is shown under the one before it. */
export async function expandPath(page: Page, ...labels: string[]): Promise<void> {
  for (let i = 1; i < labels.length; i++) await expand(page, labels[i - 1], labels[i]);
}

/** Runs "Open Local Sandbox…" from the palette and types the sandbox's JSON line into its input box. */
export async function openSandboxFromPalette(page: Page, line: string): Promise<void> {
  await runCommandToPick(page, 'Open Local Sandbox', 'Open the local sandbox');
  await page.locator('.quick-input-widget .quick-input-box input').fill(line);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

function userSettingsFile(): string | undefined {
  const logs = process.env.ADX_VSCODE_LOGS;
  return logs ? join(dirname(logs), 'User', 'settings.json') : undefined;
}

/** Writes a user setting straight into settings.json (windows opened afterwards read it). */
export function setUserSetting(key: string, value: unknown): void {
  const file = userSettingsFile();
  if (!file) throw new Error('ADX_VSCODE_LOGS is not set: run through `npm run test:vscode`');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '{}';
  writeFileSync(
    file,
    applyEdits(text, modify(text, [key], value, { formattingOptions: { insertSpaces: true, tabSize: 4 } })),
  );
}

/** Removes a user setting straight from settings.json, so later windows start as they would without it. */
export function removeUserSetting(key: string): void {
  const file = userSettingsFile();
  if (!file || !existsSync(file)) return;
  const text = readFileSync(file, 'utf8');
  writeFileSync(
    file,
    applyEdits(text, modify(text, [key], undefined, { formattingOptions: { insertSpaces: true, tabSize: 4 } })),
  );
}

/** Drags the side bar wider so descriptions are readable in the screenshot. */
export async function widenSideBar(page: Page, width: number): Promise<void> {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box) return;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width + 1, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 5 });
  await page.mouse.up();
  // Off the sash, so its highlight is not in the picture.
  await page.mouse.move(box.x + 20, box.y + box.height - 20);
}

/** Starts a sandbox for the enclosing suite and, afterwards, stops it and removes the setting that points at it. */
export function useUiSandbox(): () => RunningSandbox {
  let sandbox: RunningSandbox | undefined;
  before(async function () {
    this.timeout(60_000);
    sandbox = await startSandbox();
  });
  after(async () => {
    removeUserSetting('adxIdentity.sandbox');
    await sandbox?.stop();
  });
  return () => {
    if (!sandbox) throw new Error('the sandbox is not started yet (use it inside a test or hook)');
    return sandbox;
  };
}
