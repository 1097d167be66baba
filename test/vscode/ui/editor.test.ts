// The .kql editor as a user sees it: the validation lens text, a squiggle's hover, and a screenshot for the README.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useWorkbench, workspaceFolder } from './workbench';

const FILE = 'editor-demo.kql';
const TEXT = [
  "// Let the cluster's system identity run continuous exports; a user-assigned identity ingests.",
  '.alter-merge cluster policy managed_identity ```[',
  '  { "ObjectId": "system", "AllowedUsages": "AutomatedFlows, ExternalTable" },',
  '  { "ObjectId": "1f3a3c2e-8d2b-4b57-9f6e-0c1d2e3f4a5b", "AllowedUsages": "NativeIngestion" }',
  ']```',
  '',
  '// A typo in a usage: the lens says so and the squiggle explains it.',
  '.alter-merge database Sales policy managed_identity ```[',
  '  { "ObjectId": "system", "AllowedUsages": "AutomatedFlows, NativeIngestoin" }',
  ']```',
  '',
  '.create-or-alter continuous-export SalesExport to table SalesArchive',
  'with (managedIdentity="system", intervalBetweenRuns=1h)',
  '<| Sales | where Timestamp > ago(1d)',
  '',
].join('\n');

describe('.kql editor (UI)', () => {
  // Written before the window opens, so Quick Open finds it at once.
  before(() => writeFileSync(join(workspaceFolder(), FILE), TEXT));
  const wb = useWorkbench();

  it('shows the validation lenses above the policy commands', async () => {
    await wb().openFile(FILE);
    // A lens with nothing to click renders as a span, a clickable one as a link: read the decoration's text.
    const lenses = wb().page.locator('.part.editor .monaco-editor .codelens-decoration');
    await lenses.filter({ hasText: 'policy valid' }).first().waitFor();
    await lenses.filter({ hasText: 'problem' }).first().waitFor();
    // Lenses on one line share a decoration, separated by '|' (the Run lens sits beside the validation lens).
    const texts = (await lenses.allTextContents()).flatMap((t) => t.split('|').map((part) => part.trim()));
    assert.ok(
      texts.includes('✓ policy valid — 2 identities: system (AutomatedFlows, ExternalTable), 1f3… (NativeIngestion)'),
      texts.join(' | '),
    );
    assert.ok(texts.includes('✗ 1 problem'), texts.join(' | '));
    const link = lenses.locator('a').filter({ hasText: '✗ 1 problem' });
    // A lens is drawn before its command is resolved, and redrawn when it is: wait until the editor shows exactly one
    // link (a state, polled by the page), then check that no other lens is clickable.
    await wb().page.waitForFunction(
      `[...document.querySelectorAll('.part.editor .monaco-editor .codelens-decoration a')]` +
        `.filter((a) => (a.textContent || '').includes('✗ 1 problem')).length === 1`,
      undefined,
      { timeout: 30_000 },
    );
    assert.equal(await link.count(), 1, 'the problem lens is the one lens that can be clicked');
  });

  it('explains a squiggle in its hover', async () => {
    const page = wb().page;
    const squiggle = page.locator('.part.editor .monaco-editor .squiggly-error').first();
    await squiggle.waitFor();
    const box = await squiggle.boundingBox();
    assert.ok(box, 'the squiggle has no box on screen');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const hover = page.locator('.monaco-hover').filter({ hasText: 'NativeIngestoin' });
    await hover.first().waitFor();
    const text = (await hover.first().textContent()) ?? '';
    assert.match(text, /Unknown usage 'NativeIngestoin'/);
    assert.match(text, /MIP013/);
    // The hover offers the validator's fix once the code actions arrive.
    await page.locator('.monaco-hover').filter({ hasText: 'Quick Fix' }).first().waitFor();
    await wb().screenshot('editor');
  });
});
