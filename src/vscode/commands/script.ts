// Copy as script: a cluster or database node → an idempotent .kql script recreating its identity configuration, copied to
// the clipboard (with "Open in Editor" offered).
// An update policy node → its live policy as the `.alter table … policy update` that sets it, to edit and run.
import * as vscode from 'vscode';
import { buildAlterUpdatePolicyCommand } from '../../core/commands';
import { updatePolicyInput } from '../../core/results';
import { openInEditor } from './confirm';
import type { Handler } from './context';
import { withProgress } from './registry';
import { clusterOf, modelOf } from './targets';

const OPEN = 'Open in Editor';

export const scriptCommands: Record<string, Handler> = {
  'adxIdentity.copyAsScript': async (ctx, node) => {
    const c = await clusterOf(ctx.tree, node);
    const database = modelOf(node)?.database?.name;
    const what = database ? `database ${database}` : c.ref.cluster.name;
    const text = await withProgress(`Reading the identity configuration of ${what}`, () =>
      ctx.ops.script(c.ref, database),
    );
    await vscode.env.clipboard.writeText(text);
    const commands = text.split('\n').filter((l) => l.startsWith('.')).length;
    // Not awaited: the command is done once the script is on the clipboard; the offer stays with the notification.
    void vscode.window
      .showInformationMessage(
        `Copied the identity configuration of ${what} as a script (${commands} command${commands === 1 ? '' : 's'}).`,
        OPEN,
      )
      .then((choice) => (choice === OPEN ? openInEditor(text) : undefined));
    return text;
  },
  'adxIdentity.updatePolicy.edit': async (ctx, node) => {
    const c = await clusterOf(ctx.tree, node);
    const database = modelOf(node)?.database?.name;
    const table = modelOf(node)?.updatePolicy?.table;
    if (!database || !table)
      throw new Error('Edit Update Policy works on a table under "Update policies" in the ADX Identity view.');
    const rows = (
      await withProgress(`Reading the update policy of ${table}`, () =>
        ctx.tree.catalog.updatePolicies(c.ref, database),
      )
    ).filter((r) => r.table === table);
    if (!rows.length) throw new Error(`${table} in ${database} has no update policy any more: refresh the view.`);
    const command = buildAlterUpdatePolicyCommand(
      database,
      table,
      rows.map((r) => updatePolicyInput(r)),
      { pretty: true },
    );
    await openInEditor(
      [
        `// The update policy of ${table} in ${database} on ${c.ref.cluster.name}, as it is now. Edit it, then run it on`,
        `// ${c.ref.cluster.name} / ${database} (Shift+Enter with that target): it replaces the whole policy of ${table}.`,
        command.text,
        '',
      ].join('\n'),
    );
  },
};
