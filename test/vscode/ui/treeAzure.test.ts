// Stretch: VSCodeAzureSubscriptionProvider itself against the sandbox, through a custom cloud and a test-only auth provider.
import * as assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startSandbox, type RunningSandbox } from '../../../sandbox';
import { customEnvironment, SANDBOX_SETTING, writeSandboxAuthExtension } from './treeAzureAuth';
import { expandPath, removeUserSetting, setUserSetting, treeRow } from './treeView';

function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run through \`npm run test:vscode\``);
  return v;
}

describe('identity tree through the Azure sign-in (custom cloud = sandbox)', () => {
  let sandbox: RunningSandbox;
  let browser: Browser;
  let page: Page;
  const settings = [
    'microsoft-sovereign-cloud.environment',
    'microsoft-sovereign-cloud.customEnvironment',
    SANDBOX_SETTING,
  ];

  before(async function () {
    this.timeout(120_000);
    sandbox = await startSandbox();
    setUserSetting(SANDBOX_SETTING, JSON.stringify(sandbox.info()));
    setUserSetting('microsoft-sovereign-cloud.customEnvironment', customEnvironment(sandbox.arm));
    setUserSetting('microsoft-sovereign-cloud.environment', 'custom');
    const base = new URL(required('ADX_VSCODE_URL'));
    const dev = `vscode-remote://${base.host}${writeSandboxAuthExtension()}`;
    base.searchParams.set('payload', JSON.stringify([['extensionDevelopmentPath', dev]]));
    browser = await chromium.launch({ executablePath: required('CHROME_PATH') });
    page = await browser.newPage({ viewport: { width: 1200, height: 760 } });
    await page.goto(base.toString());
    await page.locator('.monaco-workbench .part.activitybar').waitFor();
    await page.locator('.part.statusbar').waitFor();
  });

  after(async () => {
    for (const key of settings) removeUserSetting(key);
    await browser?.close();
    await sandbox?.stop();
  });

  it('signs in with the (test) sovereign-cloud provider and lists the sandbox subscriptions', async function () {
    this.timeout(120_000);
    await page.locator('.part.activitybar .action-item a[aria-label="ADX Identity"]').click();
    const view = page.locator('#workbench\\.view\\.extension\\.adxIdentity');
    await view.getByRole('button', { name: 'Sign in to Azure' }).click();
    // VS Code asks the user once whether ADX Identity may sign in with this provider.
    await page.locator('.monaco-dialog-box').getByRole('button', { name: 'Allow' }).click();
    const prod = treeRow(page, 'Contoso Analytics Prod');
    await prod.waitFor({ timeout: 60_000 });
    // From the Azure account, not the sandbox setting: sandbox subscriptions carry the description "sandbox".
    assert.doesNotMatch(await prod.innerText(), /sandbox/);
  });

  it('reads Kusto with a Kusto-audience session from the same account', async function () {
    this.timeout(60_000);
    await expandPath(page, 'Contoso Analytics Prod', 'adxfull', 'Cluster principals', 'AllDatabasesAdmin → Ada Admin');
  });
});
