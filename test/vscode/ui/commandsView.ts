// Selectors and steps for the change commands in the workbench (used by commands.test.ts): quick picks, context menus, tabs.
import type { Locator, Page } from 'playwright-core';
import { treeRow } from './treeView';

/** Types into the open quick pick until the wanted row is focused, then picks it. */
export async function pickQuickItem(page: Page, label: string): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor();
  await input.fill(label);
  await page.locator(`.quick-input-list .monaco-list-row.focused[aria-label*="${label.replace(/["\\]/g, '\\$&')}"]`).waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
}

/** Right-clicks a tree row and runs the context menu item with this title. */
export async function runFromContextMenu(page: Page, rowLabel: string, item: string): Promise<void> {
  await treeRow(page, rowLabel).click({ button: 'right' });
  const entry = page.locator('.context-view .monaco-menu .action-item .action-label', { hasText: item });
  await entry.first().waitFor();
  await entry.first().click();
}

/** The editor tab whose title contains `title` (webview panels included). */
export function editorTab(page: Page, title: string): Locator {
  return page.locator(`.part.editor .tab[aria-label*="${title.replace(/["\\]/g, '\\$&')}"]`);
}
