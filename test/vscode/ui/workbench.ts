// Drives the code-server workbench the runner started (ADX_VSCODE_URL) in Debian's chromium through playwright-core.
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

const SCREENSHOTS = resolve(__dirname, '..', '..', '..', 'media', 'screenshots');

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the UI tests through \`npm run test:vscode\``);
  return value;
}

/** The workspace folder the runner opened (the `folder` parameter of ADX_VSCODE_URL). */
export function workspaceFolder(): string {
  const folder = new URL(required('ADX_VSCODE_URL')).searchParams.get('folder');
  if (!folder) throw new Error('ADX_VSCODE_URL names no folder: run the UI tests through `npm run test:vscode`');
  return folder;
}

/** Escapes a string for use inside a CSS attribute selector in double quotes. */
function attr(value: string): string {
  return value.replace(/["\\]/g, '\\$&');
}

export class Workbench {
  private constructor(
    private readonly browser: Browser,
    readonly page: Page,
  ) {}

  /** A fresh browser and window on the test workspace; each window gets its own extension host. */
  static async open(): Promise<Workbench> {
    const browser = await chromium.launch({ executablePath: required('CHROME_PATH') });
    const page = await browser.newPage({ viewport: { width: 1200, height: 760 } });
    const results = process.env.ADX_IDENTITY_TEST_RESULTS;
    // The browser's console goes with the run's logs (kept when the run fails).
    if (results) {
      const log = join(results, 'browser-ui.log');
      page.on('console', (m) => appendFileSync(log, `[${m.type()}] ${m.text()}\n`));
      page.on('pageerror', (e) => appendFileSync(log, `[pageerror] ${e.message}\n`));
    }
    await page.goto(required('ADX_VSCODE_URL'));
    await page.locator('.monaco-workbench .part.activitybar').waitFor();
    // The status bar fills in once the window is restored; before that, keys may reach nothing.
    await page.locator('.part.statusbar').waitFor();
    // The palette lists the commands known when it opens: wait until this window has read the extension's
    // contributions (its activity bar item shows), or the first palette of the window lacks its commands.
    const workbench = new Workbench(browser, page);
    await workbench.activityBarItem('ADX Identity').waitFor();
    return workbench;
  }

  activityBarItem(title: string): Locator {
    return this.page.locator(`.part.activitybar .action-item a[aria-label="${attr(title)}"]`);
  }

  viewContainer(containerId: string): Locator {
    return this.page.locator(`#workbench\\.view\\.extension\\.${containerId}`);
  }

  /** The side bar's title, e.g. "ADX IDENTITY: CLUSTERS" when the container holds one view. */
  sideBarTitle(): Locator {
    return this.page.locator('.part.sidebar .composite.title');
  }

  /** Opens the command palette, waits until the wanted row is focused (what makes it reliable), then runs it. */
  async runCommand(title: string): Promise<void> {
    await this.quickInput(`>${title}`, title);
  }

  /**
   * The palette lists the commands known when it opens; a window whose extension host is still registering
   * extensions lacks them, so a missing row means close and reopen, a few times, before failing.
   */
  private async quickInput(text: string, rowLabel: string): Promise<void> {
    await openPaletteOn(this.page, text, rowLabel);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  /** Quick Open on a workspace file, by name. */
  async openFile(name: string): Promise<void> {
    await this.quickInput(name, name);
    await this.page.locator(`.part.editor .tab.active[aria-label*="${attr(name)}"]`).waitFor();
  }

  /** Waits until no "Activating Extensions..." or progress bar is showing, so a screenshot shows the end state. */
  async settled(): Promise<void> {
    // Park the mouse on the editor area so no hover tooltip lands in a screenshot.
    await this.page.mouse.move(900, 600);
    await this.page.locator('.part.statusbar').getByText('Activating Extensions').waitFor({ state: 'hidden' });
    await this.page.locator('.part.sidebar .monaco-progress-container.active').waitFor({ state: 'hidden' });
  }

  /** A screenshot for the README, in media/screenshots/. */
  async screenshot(name: string): Promise<void> {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await this.page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
  }

  /** Kept with the run's logs when a test fails. */
  async failureShot(testTitle: string): Promise<string | undefined> {
    const dir = process.env.ADX_IDENTITY_TEST_RESULTS;
    if (!dir) return undefined;
    const path = join(dir, `ui-failure-${testTitle.replace(/[^\w.-]+/g, '_').slice(0, 80)}.png`);
    await this.page.screenshot({ path }).catch(() => undefined);
    return path;
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

/**
 * The event that activated the extension in the newest extension host, read from that host's log in the
 * server's log folder (ADX_VSCODE_LOGS); each window gets its own host, so the newest is the last window opened.
 */
export async function activationEventOfNewestHost(deadlineMs = 30_000): Promise<string> {
  const logs = required('ADX_VSCODE_LOGS');
  const line = /_doActivateExtension adx-identity\.adx-identity, startup: \w+, activationEvent: '([^']+)'/;
  const end = Date.now() + deadlineMs;
  for (;;) {
    const hosts = readdirSync(logs)
      .flatMap((session) => {
        const dir = join(logs, session);
        return readdirSync(dir)
          .filter((d) => /^exthost\d+$/.test(d))
          .map((d) => join(dir, d));
      })
      .sort((a, b) => statSync(a).birthtimeMs - statSync(b).birthtimeMs);
    const newest = hosts.at(-1);
    const log = newest && readdirSync(newest).find((f) => /exthost\.log$/.test(f));
    const event =
      log && existsSync(join(newest, log)) ? line.exec(readFileSync(join(newest, log), 'utf8'))?.[1] : undefined;
    if (event) return event;
    if (Date.now() > end) throw new Error(`no activation of adx-identity in the newest host log (${newest ?? 'none'})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Registers the hooks of a UI suite: one workbench for the suite, a screenshot for every failing test. */
export function useWorkbench(): () => Workbench {
  let wb: Workbench | undefined;
  before(async function () {
    this.timeout(120_000);
    wb = await Workbench.open();
  });
  afterEach(async function () {
    if (wb && this.currentTest?.state === 'failed') {
      const path = await wb.failureShot(this.currentTest.fullTitle());
      if (path) console.log(`    screenshot: ${path}`);
    }
  });
  after(async () => wb?.close());
  return () => {
    if (!wb) throw new Error('the workbench did not open');
    return wb;
  };
}

/**
 * Runs a palette command whose first step is its own quick pick: waits for that pick's title instead of the palette closing
 * (it never closes when the command opens a quick pick at once).
 */
export async function runCommandToPick(page: Page, title: string, pickTitle: string): Promise<void> {
  await openPaletteOn(page, `>${title}`, title);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget .quick-input-title', { hasText: pickTitle }).waitFor({ timeout: 30_000 });
}

const QUICK_INPUT = '.quick-input-widget .quick-input-box input';

/** The focused row of the open quick pick whose label contains `label`. */
export function focusedRow(page: Page, label: string): Locator {
  return page.locator(`.quick-input-list .monaco-list-row.focused[aria-label*="${attr(label)}"]`);
}

/** Opens the palette (F1) and types `text` until `rowLabel` is focused; reopens it when the row never comes. */
async function openPaletteOn(page: Page, text: string, rowLabel: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    try {
      await fillQuickInput(page, text, rowLabel);
      return;
    } catch (e) {
      await page.keyboard.press('Escape');
      if (attempt === 6) throw e;
    }
  }
}

/**
 * Types `value` into the open quick input once it takes typing (shown, enabled, not busy), checks the text landed, and
 * waits for `rowLabel` to be focused when given. A pick that went inert under load (keys dropped, input replaced) is
 * focused and typed into again rather than waited on forever.
 */
export async function fillQuickInput(page: Page, value: string, rowLabel?: string): Promise<void> {
  const input = page.locator(`${QUICK_INPUT}:not([disabled])`);
  const busy = page.locator('.quick-input-widget .monaco-progress-container.active');
  const row = rowLabel === undefined ? undefined : focusedRow(page, rowLabel);
  for (let attempt = 1; ; attempt++) {
    try {
      await input.waitFor({ timeout: 30_000 });
      await busy.waitFor({ state: 'hidden', timeout: 30_000 });
      await input.fill(value, { timeout: 10_000 });
      // Evaluated in the page (a string: this project compiles without the DOM types).
      await page.waitForFunction(
        `document.querySelector(${JSON.stringify(QUICK_INPUT)})?.value === ${JSON.stringify(value)}`,
        undefined,
        {
          timeout: 10_000,
        },
      );
      if (row) await row.waitFor({ timeout: 10_000 });
      return;
    } catch (e) {
      if (attempt === 4) throw e;
      await page
        .locator(QUICK_INPUT)
        .focus({ timeout: 5_000 })
        .catch(() => undefined);
    }
  }
}

/** Presses Enter on the quick input holding `value`, then waits until it moved on (another step, or closed). */
export async function acceptQuickInput(page: Page, value: string): Promise<void> {
  await page.keyboard.press('Enter');
  const moved = `(() => {
    const widget = document.querySelector('.quick-input-widget');
    const box = document.querySelector(${JSON.stringify(QUICK_INPUT)});
    return !widget || widget.style.display === 'none' || !box || box.value !== ${JSON.stringify(value)};
  })()`;
  await page.waitForFunction(moved, undefined, { timeout: 30_000 });
}
