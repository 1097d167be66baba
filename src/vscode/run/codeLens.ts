// "▶ Run on cluster / db" above each management command (only in a trusted workspace), and the live-facts lens above
// managed identity policy commands once the file has a target. Clicking Run runs only that command; no lens runs by itself.
import * as vscode from 'vscode';
import { isRunnable, liveLens, policyScopeOf, runLensTitle } from '../../core/editor/live';
import type { EditorCommand } from '../../core/editor/lenses';
import type { KustoDocuments } from '../editor/documents';
import type { LiveFacts } from './facts';
import { editorTarget, type TargetStore } from './targets';

export const RUN_COMMAND = 'adxIdentity.runCommand';
export const REFRESH_FACTS_COMMAND = 'adxIdentity.refreshLiveFacts';

class RunLens extends vscode.CodeLens {
  constructor(
    range: vscode.Range,
    readonly document: vscode.TextDocument,
    readonly scanned: EditorCommand,
    readonly role: 'run' | 'live',
  ) {
    super(range);
  }
}

export class RunCodeLensProvider implements vscode.CodeLensProvider<RunLens>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly documents: KustoDocuments,
    private readonly targets: TargetStore,
    private readonly facts: LiveFacts,
  ) {
    const redraw = (): void => this.changed.fire();
    this.subscriptions = [
      this.changed,
      targets.onDidChange(redraw),
      facts.onDidChange(redraw),
      vscode.workspace.onDidGrantWorkspaceTrust(redraw),
    ];
  }

  provideCodeLenses(document: vscode.TextDocument): RunLens[] {
    const target = this.targets.get(document.uri);
    const trusted = vscode.workspace.isTrusted;
    const lenses: RunLens[] = [];
    for (const c of this.documents.get(document).analysis().commands) {
      if (!isRunnable(c)) continue;
      const at = document.positionAt(c.start);
      const range = new vscode.Range(at, at);
      if (trusted) lenses.push(new RunLens(range, document, c, 'run'));
      if (target && policyScopeOf(c) !== undefined) lenses.push(new RunLens(range, document, c, 'live'));
    }
    return lenses;
  }

  resolveCodeLens(lens: RunLens): RunLens {
    const target = this.targets.get(lens.document.uri);
    if (lens.role === 'run') {
      lens.command = {
        title: runLensTitle(target && editorTarget(target)),
        tooltip: target
          ? `Runs this command on ${target.uri}${target.database ? ` in ${target.database}` : ''} (Shift+Enter)`
          : 'Pick the cluster and database this file runs on, then run this command',
        command: RUN_COMMAND,
        arguments: [lens.document.uri, lens.scanned.start],
      };
      return lens;
    }
    const scope = policyScopeOf(lens.scanned);
    const model =
      target && scope
        ? liveLens(lens.scanned, this.facts.policy(target, scope), this.facts.identitiesOf(target))
        : undefined;
    // Clicking a live-facts lens reads the facts again; it never changes anything.
    lens.command = model
      ? {
          title: model.title,
          tooltip: `${model.tooltip}\n(click to read the live facts again)`,
          command: REFRESH_FACTS_COMMAND,
        }
      : { title: '', command: '' };
    return lens;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
