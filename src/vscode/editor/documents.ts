// Keeps one KustoDocumentModel per open .kql document, fed with the editor's own edits (incremental rescans).
import * as vscode from 'vscode';
import { KustoDocumentModel } from '../../core/editor/model';
import type { ClusterIdentities } from '../../core/policy/types';

export const KUSTO_SELECTOR: vscode.DocumentSelector = { language: 'kusto' };

interface Tracked {
  model: KustoDocumentModel;
  version: number;
}

export class KustoDocuments implements vscode.Disposable {
  private readonly tracked = new Map<string, Tracked>();
  /** Identities of each document's target cluster (live facts), for the validator's known-cluster rules. */
  private readonly clusters = new Map<string, ClusterIdentities>();
  private readonly changed = new vscode.EventEmitter<vscode.TextDocument>();
  private readonly subscriptions: vscode.Disposable[];
  /** Fires after a kusto document's model took an edit. */
  readonly onDidChange = this.changed.event;

  constructor() {
    this.subscriptions = [
      this.changed,
      vscode.workspace.onDidChangeTextDocument((e) => this.applyChanges(e)),
      vscode.workspace.onDidCloseTextDocument((d) => this.tracked.delete(d.uri.toString())),
    ];
  }

  /** The model of `document`, rebuilt from its text if it fell out of step. */
  get(document: vscode.TextDocument): KustoDocumentModel {
    const key = document.uri.toString();
    const t = this.tracked.get(key);
    if (t && t.version === document.version) return t.model;
    const model = new KustoDocumentModel(document.getText(), this.clusters.get(key));
    this.tracked.set(key, { model, version: document.version });
    return model;
  }

  /** Sets (or clears) the target cluster's identities of a document and re-checks it. */
  setCluster(document: vscode.TextDocument, cluster: ClusterIdentities | undefined): void {
    const key = document.uri.toString();
    if (cluster) this.clusters.set(key, cluster);
    else this.clusters.delete(key);
    this.tracked.get(key)?.model.setCluster(cluster);
    this.changed.fire(document);
  }

  private applyChanges(e: vscode.TextDocumentChangeEvent): void {
    if (e.document.languageId !== 'kusto' || e.contentChanges.length === 0) return;
    const t = this.tracked.get(e.document.uri.toString());
    if (t !== undefined) {
      // The extension host applies a change list in order, each against the previous result: do the same.
      for (const c of e.contentChanges) t.model.applyEdit(c.rangeOffset, c.rangeLength, c.text);
      t.version = e.document.version;
      // A cheap guard against a missed event: a wrong model would put squiggles in the wrong place.
      if (t.model.length !== documentLength(e.document)) this.tracked.delete(e.document.uri.toString());
    }
    // Untracked documents are rebuilt by the next get(): listeners still need to hear of the change.
    this.changed.fire(e.document);
  }

  dispose(): void {
    this.tracked.clear();
    for (const s of this.subscriptions) s.dispose();
  }
}

/** The document's length without copying its text (getText() would cost a copy per keystroke). */
function documentLength(document: vscode.TextDocument): number {
  return document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
}

export function toRange(document: vscode.TextDocument, offset: number, length: number): vscode.Range {
  return new vscode.Range(document.positionAt(offset), document.positionAt(offset + length));
}

/** `range` moved down by `lines` lines (up when negative), on the same characters. */
export function moveLines(range: vscode.Range, lines: number): vscode.Range {
  return new vscode.Range(range.start.line + lines, range.start.character, range.end.line + lines, range.end.character);
}
