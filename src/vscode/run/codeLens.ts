// "▶ Run on cluster / db" above each management command (only in a trusted workspace), and the live-facts lens above
// managed identity policy commands once the file has a target. Clicking Run runs only that command; no lens runs by itself.
import * as vscode from 'vscode';
import { isRunnable, liveLens, policyScopeOf, runLensTitle } from '../../core/editor/live';
import { moveLines, type KustoDocuments } from '../editor/documents';
import { placeLenses, type PlacedLens, type PlacedLenses } from '../editor/lensCache';
import type { BlockEntry } from '../../core/scanner';
import type { LiveFacts } from './facts';
import { editorTarget, type TargetStore } from './targets';

export const RUN_COMMAND = 'adxIdentity.runCommand';
export const REFRESH_FACTS_COMMAND = 'adxIdentity.refreshLiveFacts';

class RunLens extends vscode.CodeLens implements PlacedLens {
  constructor(
    range: vscode.Range,
    readonly document: vscode.TextDocument,
    readonly block: BlockEntry,
    readonly role: 'run' | 'live',
  ) {
    super(range);
  }
}

export class RunCodeLensProvider implements vscode.CodeLensProvider<RunLens>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  /** Last time's lenses per document, while the target, the live facts and the trust are those they were made for. */
  private previous = new WeakMap<vscode.TextDocument, PlacedLenses<RunLens>>();

  constructor(
    private readonly documents: KustoDocuments,
    private readonly targets: TargetStore,
    private readonly facts: LiveFacts,
  ) {
    const redraw = (): void => {
      this.previous = new WeakMap();
      this.changed.fire();
    };
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
    const placed = placeLenses(this.documents.get(document), this.previous.get(document), {
      wants: isRunnable,
      make: (c, block) => {
        const at = document.positionAt(c.start);
        const range = new vscode.Range(at, at);
        const made: RunLens[] = [];
        if (trusted) made.push(new RunLens(range, document, block, 'run'));
        if (target && policyScopeOf(c) !== undefined) made.push(new RunLens(range, document, block, 'live'));
        return made;
      },
      moveLines: (lens, lines) => new RunLens(moveLines(lens.range, lines), document, lens.block, lens.role),
    });
    this.previous.set(document, placed);
    return placed.items;
  }

  resolveCodeLens(lens: RunLens): RunLens {
    const scanned = this.documents.get(lens.document).commandOfBlock(lens.block, lens.range.start.line);
    if (scanned === undefined) return lens;
    const target = this.targets.get(lens.document.uri);
    if (lens.role === 'run') {
      lens.command = {
        title: runLensTitle(target && editorTarget(target)),
        tooltip: target
          ? `Runs this command on ${target.uri}${target.database ? ` in ${target.database}` : ''} (Shift+Enter)`
          : 'Pick the cluster and database this file runs on, then run this command',
        command: RUN_COMMAND,
        // The block, not an offset: an edit before the command moves it, and the lens stays right without a new title.
        arguments: [lens.document.uri, lens.block],
      };
      return lens;
    }
    const scope = policyScopeOf(scanned);
    const model =
      target && scope
        ? liveLens(scanned, this.facts.policy(target, scope), this.facts.identitiesOf(target))
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
