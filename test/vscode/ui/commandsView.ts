// Selectors and steps for the change commands in the workbench (used by commands.test.ts): quick picks, context menus, tabs.
import type { Locator, Page } from 'playwright-core';
import { treeRow } from './treeView';
import { acceptQuickInput, fillQuickInput } from './workbench';

export { runCommandToPick } from './workbench';

/** Types into the open quick pick until the wanted row is focused, then picks it and waits for the pick to move on. */
export async function pickQuickItem(page: Page, label: string): Promise<void> {
  await fillQuickInput(page, label, label);
  await acceptQuickInput(page, label);
}

/**
 * Right-clicks a tree row and runs the context menu item with this title. A click that lands while the menu is still
 * opening can be dropped (the item is only focused), so the item is focused by hovering and run with Enter, and the
 * menu closing is what says it ran.
 */
export async function runFromContextMenu(page: Page, rowLabel: string, item: string): Promise<void> {
  const menu = page.locator('.context-view .monaco-menu');
  const entry = menu.locator('.action-item', { hasText: item }).first();
  for (let attempt = 1; ; attempt++) {
    await treeRow(page, rowLabel).click({ button: 'right' });
    await entry.waitFor();
    await entry.hover();
    await menu
      .locator('.action-item.focused', { hasText: item })
      .waitFor({ timeout: 5_000 })
      .catch(() => undefined);
    await page.keyboard.press('Enter');
    try {
      await menu.waitFor({ state: 'hidden', timeout: 5_000 });
      return;
    } catch (e) {
      await page.keyboard.press('Escape');
      if (attempt === 3) throw e;
    }
  }
}

/** The editor tab whose title contains `title` (webview panels included). */
export function editorTab(page: Page, title: string): Locator {
  return page.locator(`.part.editor .tab[aria-label*="${title.replace(/["\\]/g, '\\$&')}"]`);
}

/** The modal dialog the workbench shows for `{ modal: true }` messages. */
export function dialog(page: Page): Locator {
  return page.locator('.monaco-dialog-box');
}

/** Clicks a button of the modal dialog by its text. */
export async function clickDialogButton(page: Page, text: string): Promise<void> {
  await dialog(page).locator('.dialog-buttons .monaco-button', { hasText: text }).first().click();
  await dialog(page).waitFor({ state: 'hidden' });
}

/** A notification containing `text`, read in the notifications center (toasts may be folded away before they are seen). */
export async function notification(page: Page, text: RegExp): Promise<Locator> {
  if (!(await page.locator('.notifications-center.visible').count())) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.fill('>Notifications: Show Notifications');
    await page.locator('.quick-input-list .monaco-list-row.focused[aria-label*="Show Notifications"]').waitFor();
    await page.keyboard.press('Enter');
  }
  const item = page.locator('.notifications-center .notification-list-item', { hasText: text }).first();
  await item.waitFor({ timeout: 30_000 });
  return item;
}

/** Answers the input box or quick pick titled `title`: types `value`, waits for a focused row when it is a pick, presses Enter. */
export async function answer(
  page: Page,
  title: string,
  value: string,
  options: { pick?: boolean } = {},
): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await widget.locator('.quick-input-title', { hasText: title }).waitFor({ timeout: 30_000 });
  await fillQuickInput(page, value, options.pick ? value : undefined);
  await page.keyboard.press('Enter');
  // The step is answered once its title is gone (the next step, or the widget closed).
  await widget.locator('.quick-input-title', { hasText: title }).waitFor({ state: 'hidden', timeout: 30_000 });
}
