// The results view: one webview table per result, sortable by column, long cells expandable, copy as CSV or JSON.
import * as vscode from 'vscode';
import type { ResultTable } from '../../services/model';
import { cellHtml, escapeHtml, toCsv, toJson } from './format';

const LONG = 120;

export class ResultsView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  /** What the view shows now (the in-host tests read it through the API). */
  last: { title: string; table: ResultTable } | undefined;

  show(title: string, table: ResultTable): void {
    this.last = { title, table };
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('adxIdentity.results', title, vscode.ViewColumn.Active, {
        enableScripts: true,
      });
      this.panel.onDidDispose(() => {
        this.panel = undefined;
      });
      this.panel.webview.onDidReceiveMessage(async (m: { copy?: 'csv' | 'json' }) => {
        if (!this.last || !m.copy) return;
        await vscode.env.clipboard.writeText(m.copy === 'csv' ? toCsv(this.last.table) : toJson(this.last.table));
        vscode.window.setStatusBarMessage(
          `Copied ${this.last.table.rows.length} row(s) as ${m.copy.toUpperCase()}`,
          3000,
        );
      });
    }
    this.panel.title = title;
    this.panel.webview.html = html(this.panel.webview.cspSource, title, table);
    this.panel.reveal();
  }

  dispose(): void {
    this.panel?.dispose();
  }
}

function html(cspSource: string, title: string, t: ResultTable): string {
  const nonce = Math.random().toString(36).slice(2);
  const head = t.columns
    .map(
      (c, i) =>
        `<th data-col="${i}" title="Sort by ${escapeHtml(c.name)}">${escapeHtml(c.name)}<span class="type">${escapeHtml(c.type ?? '')}</span></th>`,
    )
    .join('');
  const rows = t.rows.map((r) => `<tr>${t.columns.map((_, i) => cellHtml(r[i], LONG)).join('')}</tr>`).join('');
  return `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'unsafe-inline'; script-src 'nonce-${nonce}';">
<style>
body{font-family:var(--vscode-font-family);color:var(--vscode-foreground)} table{border-collapse:collapse;width:100%}
th,td{border:1px solid var(--vscode-panel-border);padding:2px 6px;text-align:left;vertical-align:top;font-size:12px}
th{cursor:pointer;position:sticky;top:0;background:var(--vscode-editor-background)} .type{opacity:.6;margin-left:4px;font-weight:normal}
td.long{cursor:pointer} td.open{white-space:pre-wrap;word-break:break-all} button{margin:0 6px 6px 0}
td ul{margin:0;padding-left:16px} .id{opacity:.7;font-family:var(--vscode-editor-font-family)} summary{cursor:pointer}
pre{margin:4px 0;white-space:pre-wrap;word-break:break-all;font-family:var(--vscode-editor-font-family)}
</style></head><body>
<h3>${escapeHtml(title)}</h3><div>${t.rows.length} row(s) <button id="csv">Copy as CSV</button><button id="json">Copy as JSON</button></div>
<table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
document.getElementById('csv').onclick = () => vscode.postMessage({ copy: 'csv' });
document.getElementById('json').onclick = () => vscode.postMessage({ copy: 'json' });
// A long cell shows its whole text when clicked, and folds again on a second click.
document.querySelectorAll('td.long').forEach((td) => td.onclick = () => {
  const open = td.classList.toggle('open');
  td.firstChild.textContent = open ? td.dataset.v : td.dataset.v.slice(0, ${LONG}) + '…';
});
let sorted = -1, asc = true;
document.querySelectorAll('th').forEach((th) => th.onclick = () => {
  const col = Number(th.dataset.col); asc = sorted === col ? !asc : true; sorted = col;
  const body = document.querySelector('tbody');
  const rows = [...body.rows];
  const key = (r) => r.cells[col].dataset.v;
  rows.sort((a, b) => { const x = key(a), y = key(b); const nx = Number(x), ny = Number(y);
    const c = x !== '' && y !== '' && !isNaN(nx) && !isNaN(ny) ? nx - ny : x.localeCompare(y); return asc ? c : -c; });
  rows.forEach((r) => body.appendChild(r));
});
</script></body></html>`;
}
