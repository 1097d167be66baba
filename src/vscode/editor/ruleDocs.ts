// Each diagnostic's code links to its rule in docs/lint.md, shipped in the package (the Problems view and hovers show it).
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';

let docsUri: vscode.Uri | undefined;
let lines: Map<string, number> | undefined;

/** Where the rules page is; set once at activation, read (a few KB) on the first diagnostic. */
export function setRuleDocs(extensionUri: vscode.Uri): void {
  docsUri = vscode.Uri.joinPath(extensionUri, 'docs', 'lint.md');
  lines = undefined;
}

/** The 1-based line of each code's table row, e.g. "| `MIP009` | error | …". */
export function ruleLines(markdown: string): Map<string, number> {
  const found = new Map<string, number>();
  markdown.split(/\r?\n/).forEach((line, i) => {
    const code = /^\| `([A-Z]+\d*)` \|/.exec(line)?.[1];
    if (code && !found.has(code)) found.set(code, i + 1);
  });
  return found;
}

/** `{value, target}` when the rules page names the code (the target opens the page at its row), else the bare code. */
export function ruleCode(code: string): string | { value: string; target: vscode.Uri } {
  if (!docsUri) return code;
  if (!lines) {
    try {
      lines = ruleLines(readFileSync(docsUri.fsPath, 'utf8'));
    } catch {
      lines = new Map();
    }
  }
  const line = lines.get(code);
  return line ? { value: code, target: docsUri.with({ fragment: `L${line}` }) } : code;
}

/** The code of a diagnostic, whether it is a bare value or `{value, target}`. */
export function codeOf(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === 'object' ? d.code.value : d.code;
}
