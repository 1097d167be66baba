// Opt-in (`adxIdentity.editor.officialParser`): the official Kusto parser's syntax diagnostics for each command of a
// .kql document, next to this extension's own. The parser runs in a worker thread, loaded on first use; each command's
// answer is kept, so an edit re-parses only the command it touched. Only documents shown in an editor are parsed (the
// parser takes ~150 ms a command): a big file left open in the background never holds up the one being edited.
import * as vscode from 'vscode';
import { parserDiagnostics } from '../../core/scanner/parserFindings';
import { OfficialParserClient } from '../../services/parser/client';
import { toRange, type KustoDocuments } from './documents';

export const PARSER_SETTING = 'adxIdentity.editor.officialParser';
export const PARSER_SOURCE = 'Kusto parser';
const DEBOUNCE_MS = 500;
/** At ~150 ms a command, a bigger file would keep the parser busy for minutes: it is left to `adx-identity lint`. */
export const PARSER_MAX_COMMANDS = 500;

export class OfficialParserDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('adx-identity-kusto-parser');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly tooBig = new Set<string>();
  private readonly subscriptions: vscode.Disposable[];
  private client: OfficialParserClient | undefined;
  /** The setting, read when it changes: every keystroke asks, and reading the configuration each time is not free. */
  private enabled = false;

  constructor(
    private readonly documents: KustoDocuments,
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions = [
      this.collection,
      vscode.window.onDidChangeVisibleTextEditors((editors) => {
        for (const e of editors) this.schedule(e.document, 0);
      }),
      documents.onDidChange((d) => this.schedule(d, DEBOUNCE_MS)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.cancel(d);
        this.collection.delete(d.uri);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(PARSER_SETTING)) this.settingChanged();
      }),
    ];
    this.settingChanged();
  }

  private settingChanged(): void {
    this.enabled = vscode.workspace.getConfiguration().get<boolean>(PARSER_SETTING, false);
    if (!this.enabled) {
      for (const t of this.timers.values()) clearTimeout(t);
      this.timers.clear();
      this.collection.clear();
      this.client?.dispose();
      this.client = undefined;
      return;
    }
    for (const e of vscode.window.visibleTextEditors) this.schedule(e.document, 0);
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    if (document.languageId !== 'kusto' || !this.enabled || !isShown(document)) return;
    this.cancel(document);
    this.timers.set(
      document.uri.toString(),
      setTimeout(() => void this.check(document), delay),
    );
  }

  private cancel(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  private parser(): OfficialParserClient {
    this.client ??= new OfficialParserClient({
      workerPath: vscode.Uri.joinPath(this.extensionUri, 'dist', 'parser-worker.js').fsPath,
      parserDir: vscode.Uri.joinPath(this.extensionUri, 'dist', 'kusto-parser').fsPath,
      // The one-time load is worth an info line; each batch's timing only at debug level.
      log: (m) => (/loaded/.test(m) ? this.log.info(m) : this.log.debug(m)),
    });
    return this.client;
  }

  private async check(document: vscode.TextDocument): Promise<void> {
    this.timers.delete(document.uri.toString());
    if (document.isClosed || !this.enabled) return;
    const version = document.version;
    const text = document.getText();
    // Each command on its own, leading comment lines left out (the scanner's blocks, as the cluster would get them).
    const blocks = this.documents
      .get(document)
      .analysis()
      .commands.map((c) => ({ start: c.start, text: text.slice(c.start, c.end) }));
    if (blocks.length > PARSER_MAX_COMMANDS) {
      const key = document.uri.toString();
      if (!this.tooBig.has(key)) {
        this.tooBig.add(key);
        this.log.info(
          `the official Kusto parser skips ${vscode.workspace.asRelativePath(document.uri)}: ${blocks.length} commands, more than ${PARSER_MAX_COMMANDS} (adx-identity lint --official-parser checks it)`,
        );
      }
      this.collection.delete(document.uri);
      return;
    }
    // A document edited again, closed or no longer shown stops sending commands; its next check picks them up.
    const stale = (): boolean =>
      document.isClosed || document.version !== version || !this.enabled || !isShown(document);
    const publish = (): void => {
      if (stale()) return;
      const client = this.client;
      if (!client) return;
      this.collection.set(
        document.uri,
        blocks.flatMap((b) =>
          // The same findings as `lint --official-parser` (a command newer than the parser is one info).
          parserDiagnostics(b.text, b.start, client.known(b.text) ?? []).map((f) => {
            const d = new vscode.Diagnostic(
              toRange(document, f.offset, f.length),
              f.message,
              f.severity === 'info' ? vscode.DiagnosticSeverity.Information : vscode.DiagnosticSeverity.Error,
            );
            d.source = PARSER_SOURCE;
            if (f.code !== 'KUSTO') d.code = f.code;
            return d;
          }),
        ),
      );
    };
    try {
      if (!this.client)
        this.log.info(
          `starting the official Kusto parser for ${vscode.workspace.asRelativePath(document.uri)} (${blocks.length} command(s))`,
        );
      await this.parser().check(
        blocks.map((b) => b.text),
        publish,
        stale,
      );
      publish();
    } catch (e) {
      if (this.client)
        this.log.error(`the official Kusto parser could not check ${vscode.workspace.asRelativePath(document.uri)}`, e);
    }
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const s of this.subscriptions) s.dispose();
    this.client?.dispose();
  }
}

function isShown(document: vscode.TextDocument): boolean {
  return vscode.window.visibleTextEditors.some((e) => e.document === document);
}
