// Shift+Enter / the Run lens: runs the command block under the cursor on the file's target, with progress and
// cancellation. A replacing policy command is confirmed first against the policy re-read just now.
import * as vscode from 'vscode';
import { policyScopeOf, replaceConfirmation, replacesPolicy, targetText } from '../../core/editor/live';
import type { EditorCommand } from '../../core/editor/lenses';
import type { Target } from '../../core/commands';
import { CancelledError, redact, type SavedStates } from '../../core/operations';
import type { ResultTable } from '../../services/model';
import type { KustoDocuments } from '../editor/documents';
import { reportError } from '../log';
import type { TreeApi } from '../tree/register';
import type { LiveFacts } from './facts';
import { editorTarget, type StoredTarget, type TargetStore } from './targets';

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
  readonly log: vscode.LogOutputChannel;
  /** Where the policy a replacing command removes is saved first ("Restore Previous Policy / Principals…" puts it back). */
  readonly saved: SavedStates;
  /** Asks for a target (quick picks) and remembers it for the file. */
  readonly askTarget: (document: vscode.TextDocument) => Promise<StoredTarget | undefined>;
}

export const UNTRUSTED_REFUSAL =
  'Running commands on a cluster is turned off in an untrusted workspace. Trust the workspace to run them.';

/** Runs the command at `offset` (or the cursor) of `uri` (or the active editor). Resolves to the result table, if any. */
export async function runCommandUnderCursor(
  ctx: RunContext,
  uri?: unknown,
  offset?: unknown,
): Promise<ResultTable | undefined> {
  if (!vscode.workspace.isTrusted) {
    ctx.log.warn(`runCommand refused: ${UNTRUSTED_REFUSAL}`);
    void vscode.window.showWarningMessage(UNTRUSTED_REFUSAL);
    return undefined;
  }
  const at = await commandAt(ctx, uri, offset);
  if (!at) return undefined;
  const { document, command } = at;
  const target = ctx.targets.get(document.uri) ?? (await ctx.askTarget(document));
  if (!target) return undefined;
  try {
    return await run(ctx, document, command, target);
  } catch (e) {
    if (e instanceof CancelledError) {
      ctx.log.info('runCommand: cancelled');
      return undefined;
    }
    // Not awaited: the notification waits for the user, the command does not.
    void reportError(
      `Run on ${targetText(editorTarget(target))} failed: ${redact(e instanceof Error ? e.message : String(e))}`,
      e,
    );
    return undefined;
  }
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
  const where =
    typeof offset === 'number'
      ? offset
      : editor && editor.document === document
        ? document.offsetAt(editor.selection.active)
        : 0;
  const command = ctx.documents.get(document).commandAt(where);
  if (!command) {
    void vscode.window.showInformationMessage('No command under the cursor: put it inside the command block to run.');
    return undefined;
  }
  return { document, command };
}

/** Cluster-level commands keep the target database (harmless); database commands go to the database they name. */
function databaseFor(command: EditorCommand, target: StoredTarget): string | undefined {
  const named =
    command.scope === 'database' && command.database && !command.database.startsWith('<')
      ? command.database
      : undefined;
  return named ?? target.database;
}

async function run(
  ctx: RunContext,
  document: vscode.TextDocument,
  command: EditorCommand,
  target: StoredTarget,
): Promise<ResultTable | undefined> {
  const { ref, nodeId } = await ctx.facts.cluster(target);
  const where = targetText({ cluster: target.cluster, database: databaseFor(command, target) });
  const text = document
    .getText(new vscode.Range(document.positionAt(command.start), document.positionAt(command.end)))
    .trim();
  const scope = policyScopeOf(command);
  if (replacesPolicy(command) && scope) {
    const live = await progress(`Reading the live policy on ${where}…`, () => ctx.facts.readPolicy(target, scope));
    const { message, detail } = replaceConfirmation(command, live, where, ctx.facts.identitiesOf(target));
    const restore = live.length
      ? '\n\nThe current policy is saved first; "Restore Previous Policy / Principals…" puts it back.'
      : '';
    const choice = await vscode.window.showWarningMessage(message, { modal: true, detail: detail + restore }, 'Run');
    if (choice !== 'Run') throw new CancelledError();
    const policyTarget: Target =
      scope === 'cluster' ? { scope: 'cluster' } : { scope: 'database', database: scope.slice('db:'.length) };
    if (live.length)
      await ctx.saved.save({
        kind: 'policy',
        cluster: ref.cluster.name,
        target: policyTarget,
        entries: live,
        reason: `${text.split(/\s+/)[0]} from the editor`,
      });
  }
  const database = databaseFor(command, target);
  ctx.log.info(`run → ${where}: ${redact(text)}`);
  let table: ResultTable;
  try {
    table = await progress(`Running on ${where}…`, (signal) =>
      ctx.tree.catalog.kusto.run(
        ctx.tree.catalog.target(ref),
        { text, database },
        {
          action: `run ${text.split(/\s+/).slice(0, 3).join(' ')} on ${where}`,
          permission: 'the role this command needs on the target',
        },
        signal,
      ),
    );
  } finally {
    // Whatever happened, the live facts may have changed: read them again when next shown.
    ctx.facts.invalidate(target.clusterNodeId);
    if (scope)
      ctx.tree.refresh(scope === 'cluster' ? `${nodeId}/policy` : `${nodeId}/databases/db:${scope.slice(3)}/policy`);
  }
  ctx.log.info(`run ← ${where}: ${table.rows.length} row(s) [${table.columns.map((c) => c.name).join(', ')}]`);
  ctx.results.show(`${text.split('\n')[0].slice(0, 60)} — ${where}`, table);
  return table;
}

/**
 * Progress with a Cancel button; cancelling aborts the request (and stops waiting at once). A change the cluster
 * already received may still apply.
 */
function progress<T>(title: string, work: (signal: AbortSignal) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    (_p, token) =>
      new Promise<T>((resolve, reject) => {
        const controller = new AbortController();
        const cancel = token.onCancellationRequested(() => {
          controller.abort();
          reject(new CancelledError());
        });
        work(controller.signal)
          .then(resolve, reject)
          .finally(() => cancel.dispose());
      }),
  );
}
