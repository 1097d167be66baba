// Shift+Enter / the Run lens: runs the command block under the cursor on the file's target through the operations layer
// (logged, followers refused up front). A command that loses something is confirmed first with what it loses, re-read
// live where the cluster can say; a managed identity policy it replaces is saved first.
import * as vscode from 'vscode';
import type { DatabaseRole, ManagementCommand, PrincipalInput } from '../../core/commands';
import { runEffect, type RunEffect } from '../../core/editor/destructive';
import type { EditorCommand } from '../../core/editor/lenses';
import { policyScopeOf, replaceConfirmation, replacesPolicy, targetText } from '../../core/editor/live';
import { CancelledError, followerRefusal, RefusedError } from '../../core/operations';
import { BlockEntry } from '../../core/scanner';
import type { ClusterRef } from '../../services/catalog';
import type { ResultTable } from '../../services/model';
import type { Operations } from '../../services/operations/operations';
import { ids } from '../../services/tree/ids';
import { withProgress } from '../commands/registry';
import type { KustoDocuments } from '../editor/documents';
import type { TreeApi } from '../tree/register';
import type { LiveFacts } from './facts';
import { liveLoss } from './liveLoss';
import type { StoredTarget, TargetStore } from './targets';

/** Where results go: the shared results view (table, sort, copy as CSV/JSON). */
export interface ResultsSink {
  show(title: string, table: ResultTable): void;
}

export interface RunContext {
  readonly documents: KustoDocuments;
  readonly targets: TargetStore;
  readonly facts: LiveFacts;
  readonly tree: TreeApi;
  readonly results: ResultsSink;
  /** Every change goes through it: logging, follower checks, saved state. */
  readonly ops: Operations;
  /** Asks for a target (quick picks) and remembers it for the file. */
  readonly askTarget: (document: vscode.TextDocument) => Promise<StoredTarget | undefined>;
}

export const UNTRUSTED_REFUSAL =
  'Running commands on a cluster is turned off in an untrusted workspace. Trust the workspace to run them.';

/**
 * Runs the command at `offset` (or of a block, or at the cursor) of `uri` (or the active editor). Resolves to the result
 * table, if any.
 */
export async function runCommandUnderCursor(
  ctx: RunContext,
  uri?: unknown,
  offset?: unknown,
): Promise<ResultTable | undefined> {
  if (!vscode.workspace.isTrusted) throw new RefusedError(UNTRUSTED_REFUSAL);
  const at = await commandAt(ctx, uri, offset);
  if (!at) return undefined;
  const { document, command } = at;
  const target = ctx.targets.get(document.uri) ?? (await ctx.askTarget(document));
  if (!target) return undefined;
  return run(ctx, document, command, target);
}

async function commandAt(
  ctx: RunContext,
  uri: unknown,
  offset: unknown,
): Promise<{ document: vscode.TextDocument; command: EditorCommand } | undefined> {
  const editor = vscode.window.activeTextEditor;
  const document = uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : editor?.document;
  if (!document || document.languageId !== 'kusto') {
    void vscode.window.showInformationMessage('Open a .kql file and put the cursor in the command to run.');
    return undefined;
  }
  const model = ctx.documents.get(document);
  // A Run lens names its command's block (wherever edits moved it since); others give an offset, or the cursor.
  const command =
    offset instanceof BlockEntry
      ? model.commandOfBlock(offset, 0)
      : model.commandAt(
          typeof offset === 'number'
            ? offset
            : editor && editor.document === document
              ? document.offsetAt(editor.selection.active)
              : 0,
        );
  if (!command) {
    void vscode.window.showInformationMessage('No command under the cursor: put it inside the command block to run.');
    return undefined;
  }
  return { document, command };
}

/** The database a command is sent to: the one it names, else the file's target database. */
function databaseFor(command: EditorCommand, effect: RunEffect, target: StoredTarget): string | undefined {
  const named =
    command.scope === 'database' && command.database && !command.database.startsWith('<')
      ? command.database
      : effect.database;
  return named ?? target.database;
}

/** Refuses, before anything is sent, a change to a follower database; principals get the follower form instead. */
async function checkFollower(
  ctx: RunContext,
  ref: ClusterRef,
  effect: RunEffect,
  database: string | undefined,
): Promise<string | undefined> {
  if (!effect.changes || effect.scope !== 'database' || !database) return undefined;
  const db = (await ctx.tree.catalog.databases(ref)).find((d) => d.name.toLowerCase() === database.toLowerCase());
  if (!db?.readOnly) return undefined;
  if (!effect.followerForm) throw new RefusedError(followerRefusal(db.name, ref.cluster.name));
  const use = 'Run the follower form';
  const choice = await vscode.window.showWarningMessage(
    `${db.name} on ${ref.cluster.name} is a follower database: its principals are changed with the follower form.`,
    { modal: true, detail: `${effect.followerForm}\n\nNothing was sent yet.` },
    use,
  );
  if (choice !== use) throw new CancelledError();
  return effect.followerForm;
}

/** Principals a `.drop database D <role> (…)` removes are saved first, as the tree's Revoke does. */
async function saveDropped(
  ctx: RunContext,
  ref: ClusterRef,
  database: string,
  live: { readonly role: string; readonly fqns: readonly string[] },
  text: string,
): Promise<void> {
  const role = live.role.toLowerCase() as DatabaseRole;
  const principals = live.fqns.flatMap((fqn) => {
    const m = /^aadapp=([^;]+);(.+)$/i.exec(fqn.trim());
    if (!m || !/^\.drop\s/i.test(text)) return [];
    // The service names every app and managed identity by its object id, the system identity included.
    const principal: PrincipalInput = { kind: 'app', objectId: m[1], tenant: m[2] };
    return [{ role, principal, label: fqn }];
  });
  if (!principals.length) return;
  await ctx.ops.saved.save({
    kind: 'principals',
    cluster: ref.cluster.name,
    clusterUri: ref.cluster.uri,
    database,
    principals,
    reason: '.drop from the editor',
  });
}

async function run(
  ctx: RunContext,
  document: vscode.TextDocument,
  command: EditorCommand,
  target: StoredTarget,
): Promise<ResultTable | undefined> {
  const { ref, clusterId } = await ctx.facts.cluster(target);
  let text = document
    .getText(new vscode.Range(document.positionAt(command.start), document.positionAt(command.end)))
    .trim();
  let effect = command.kind === 'query' ? ({ changes: false, scope: 'cluster' } as const) : runEffect(text);
  const database = databaseFor(command, effect, target);
  const where = targetText({ cluster: target.cluster, database });
  const follower = await checkFollower(ctx, ref, effect, database);
  if (follower) {
    text = follower;
    effect = runEffect(follower);
  }
  const scope = policyScopeOf(command);
  if (!follower && replacesPolicy(command) && scope) {
    const live = await withProgress(`Reading the live policy on ${where}…`, () => ctx.facts.readPolicy(target, scope));
    const { message, detail } = replaceConfirmation(command, live, where, ctx.facts.identitiesOf(target));
    const restore = live.length
      ? '\n\nThe current policy is saved first; "Restore Previous Policy / Principals…" puts it back.'
      : '';
    const choice = await vscode.window.showWarningMessage(message, { modal: true, detail: detail + restore }, 'Run');
    if (choice !== 'Run') throw new CancelledError();
    if (live.length) await ctx.ops.savePolicy(ref, scope, live, `${text.split(/\s+/)[0]} from the editor`);
  } else if (effect.loses) {
    const now = await withProgress(`Reading what ${text.split(/\s+/).slice(0, 3).join(' ')} would remove…`, () =>
      liveLoss(ctx.ops, ref, effect.live, database),
    );
    const choice = await vscode.window.showWarningMessage(
      `This loses ${effect.loses}. Run it on ${where}?`,
      {
        modal: true,
        detail: [
          text.length > 600 ? `${text.slice(0, 600)}…` : text,
          ...(now ? ['', now] : []),
          ...(effect.live?.kind === 'principals' && /^\.drop\s/i.test(text)
            ? ['', 'They are saved first; "Restore Previous Policy / Principals…" adds them back.']
            : []),
        ].join('\n'),
      },
      'Run',
    );
    if (choice !== 'Run') throw new CancelledError();
    if (effect.live?.kind === 'principals' && database) await saveDropped(ctx, ref, database, effect.live, text);
  }
  const request: ManagementCommand = {
    text,
    scope: effect.scope,
    ...(database ? { database } : {}),
    destructive: !!effect.loses,
  };
  let table: ResultTable;
  try {
    table = await withProgress(`Running on ${where}…`, (_r, signal) => ctx.ops.run.command(ref, request, signal));
  } finally {
    // Whatever happened, the live facts may have changed: read them again when next shown.
    ctx.facts.invalidate(target.clusterNodeId);
    if (scope) ctx.tree.refresh(ids.policy(clusterId, scope));
  }
  ctx.results.show(`${text.split('\n')[0].slice(0, 60)} — ${where}`, table);
  return table;
}
