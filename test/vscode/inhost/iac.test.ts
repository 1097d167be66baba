// Identity configuration as code in the real extension host, against a sandbox of its own: "Export Identity
// Configuration as Bicep / Terraform / ARM…" on a cluster node opens the code in an untitled editor, and drift from
// that code file is empty for the cluster it came from and names a change made in the code.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { treePath as path, api, useSandbox, waitFor } from './helpers';

const FORMATS = [
  { format: 'bicep', language: 'bicep', file: 'identity.bicep' },
  { format: 'terraform', language: 'terraform', file: 'identity.tf' },
  { format: 'arm', language: 'json', file: 'identity.json' },
] as const;

/** The first principal assignment's role, changed to another role of the same scope. */
function changeARole(code: string): { code: string; role: string } {
  const m = /(\brole["']?\s*[:=]\s*["'])(\w+)(["'])/.exec(code);
  assert.ok(m, 'the export holds a principal assignment');
  const role =
    m[2] === 'Viewer'
      ? 'Monitor'
      : m[2] === 'AllDatabasesViewer'
        ? 'AllDatabasesMonitor'
        : /^AllDatabases/.test(m[2])
          ? 'AllDatabasesViewer'
          : 'Viewer';
  return { code: code.slice(0, m.index) + m[1] + role + m[3] + code.slice(m.index + m[0].length), role };
}

describe('identity configuration as code (extension host, sandbox)', () => {
  useSandbox('Contoso Analytics Prod');

  for (const { format, language, file } of FORMATS)
    it(`${format}: the export command opens the code untitled; its drift is empty, and a changed role shows`, async function () {
      this.timeout(90_000);
      const cluster = await path('Contoso Analytics Prod', 'adxfull');
      // The command as a menu runs it, with the format a keybinding would pass instead of the pick.
      const code = (await vscode.commands.executeCommand('adxIdentity.exportIdentityCode', cluster, format)) as string;
      assert.equal(typeof code, 'string', 'the command finished with the code');
      // Without the Bicep / Terraform extensions the host has no such language and shows plain text.
      const expected = (await vscode.languages.getLanguages()).includes(language) ? language : 'plaintext';
      await waitFor(`the ${format} in an untitled ${expected} editor`, () => {
        const doc = vscode.window.activeTextEditor?.document;
        return doc?.isUntitled === true && doc.languageId === expected && doc.getText() === code;
      });
      assert.match(code, /Microsoft\.Kusto\/clusters|azurerm_kusto_cluster/);

      const { workflows } = await api();
      assert.deepEqual(await workflows.drift(cluster, code, file), [], 'the cluster matches its own export');

      const changed = changeARole(code);
      const drift = await workflows.drift(cluster, changed.code, file);
      assert.ok(drift.length > 0, 'a changed role is drift');
      assert.ok(
        drift.some((d) => d.detail.toLowerCase().includes(changed.role.toLowerCase())),
        drift.map((d) => d.detail).join('\n'),
      );
    });

  it('the export command is contributed on cluster nodes', () => {
    const manifest = vscode.extensions.getExtension('adx-identity.adx-identity')?.packageJSON as {
      contributes: { menus: { 'view/item/context': { command: string; when: string }[] } };
    };
    assert.ok(
      manifest.contributes.menus['view/item/context'].some((m) => m.command === 'adxIdentity.exportIdentityCode'),
    );
  });
});
