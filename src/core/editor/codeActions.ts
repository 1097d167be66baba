// The quick fixes and rewrites offered at a range of a .kql document, as plain text edits.
// Fixes come from the validator (only where the outcome is certain); this file adds .alter -> .alter-merge.
import type { Diagnostic } from '../policy/types';
import type { KustoDocumentModel } from './model';

export interface TextEdit {
  readonly offset: number;
  readonly length: number;
  readonly newText: string;
}

export interface CodeActionModel {
  readonly title: string;
  readonly kind: 'quickfix' | 'refactor.rewrite';
  readonly edits: readonly TextEdit[];
  /** The diagnostic the fix resolves (quick fixes only). */
  readonly diagnostic?: Diagnostic;
  readonly preferred: boolean;
}

function overlaps(d: Diagnostic, offset: number, length: number): boolean {
  // An empty selection touching either end of the squiggle counts: that is where the cursor usually is.
  return d.offset <= offset + length && offset <= d.offset + d.length;
}

export function codeActionsAt(model: KustoDocumentModel, offset: number, length: number): CodeActionModel[] {
  const actions: CodeActionModel[] = [];
  const command = model.commandAt(offset);
  const diagnostics = command ? command.diagnostics : model.diagnosticsNear(offset, length);
  for (const d of diagnostics) {
    if (d.fix === undefined || !overlaps(d, offset, length)) continue;
    actions.push({
      title: d.fix.title,
      kind: 'quickfix',
      diagnostic: d,
      preferred: true,
      edits: [{ offset: d.fix.offset, length: d.fix.length, newText: d.fix.newText }],
    });
  }
  if (
    command !== undefined &&
    command.kind === 'alter-policy' &&
    command.policyName?.toLowerCase() === 'managed_identity'
  ) {
    const edit = alterMergeEdit(model.slice(command.start, 7), command.start);
    if (edit) {
      actions.push({
        title: 'Use .alter-merge (keep the identities this command does not list)',
        kind: 'refactor.rewrite',
        edits: [edit],
        preferred: false,
      });
    }
  }
  return actions;
}

/** `.alter` replaces the whole policy; `.alter-merge` only adds, which is what most edits mean. */
function alterMergeEdit(head: string, commandStart: number): TextEdit | undefined {
  return /^\.alter\s$/i.test(head) ? { offset: commandStart, length: 6, newText: '.alter-merge' } : undefined;
}

/** Applies edits to a text (edits must not overlap): used by tests and the CLI-style checks. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.offset - a.offset))
    out = out.slice(0, e.offset) + e.newText + out.slice(e.offset + e.length);
  return out;
}
