// The validate tool: a script's findings as the editor and `lint` report them, with lines, columns and certain fixes.
import { LineIndex } from '../editor/lineIndex';
import type { Severity } from '../policy/types';
import { checkDocument } from '../scanner/document';

export interface ToolFinding {
  /** 1-based, columns in UTF-16 units, the end exclusive (as `adx-identity lint`). */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  /** The text the finding points at. */
  readonly excerpt: string;
  readonly fix?: { readonly title: string; readonly replace: string; readonly with: string };
}

export function validateText(text: string): ToolFinding[] {
  const lines = new LineIndex(text);
  const at = (offset: number) => {
    const p = lines.positionAt(offset);
    return { line: p.line + 1, column: p.character + 1 };
  };
  return checkDocument(text).map((d) => {
    const start = at(d.offset);
    const end = at(d.offset + d.length);
    return {
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      severity: d.severity,
      code: d.code,
      message: d.message,
      excerpt: text.slice(d.offset, d.offset + Math.min(d.length, 200)),
      ...(d.fix
        ? {
            fix: {
              title: d.fix.title,
              replace: text.slice(d.fix.offset, d.fix.offset + d.fix.length),
              with: d.fix.newText,
            },
          }
        : {}),
    };
  });
}

export function formatFindings(findings: readonly ToolFinding[]): string {
  if (!findings.length) return 'No findings: the commands pass every check.\n';
  const counts = (['error', 'warning', 'info'] as const)
    .map((s) => [s, findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}${n === 1 ? '' : 's'}`);
  const out = [`${findings.length} finding${findings.length === 1 ? '' : 's'} (${counts.join(', ')}):`];
  for (const f of findings) {
    out.push(`- line ${f.line}, column ${f.column} ${f.severity} [${f.code}]: ${f.message}`);
    if (f.fix)
      out.push(`  fix (${f.fix.title}): replace ${JSON.stringify(f.fix.replace)} with ${JSON.stringify(f.fix.with)}`);
  }
  return `${out.join('\n')}\n`;
}
