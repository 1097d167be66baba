// Test helpers: find where a piece of text sits, so expected ranges are computed, not hand-counted.
import assert from 'node:assert/strict';
import type { Diagnostic } from '../../../src/core/policy';

/** Offset and length of the `nth` (0-based) occurrence of `needle` in `text`. */
export function rangeOf(text: string, needle: string, nth = 0): { offset: number; length: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `'${needle}' (#${nth}) not in ${text}`);
  }
  return { offset: at, length: needle.length };
}

/** The one diagnostic with this code; fails when there is none or more than one. */
export function only(diagnostics: readonly Diagnostic[], code: string): Diagnostic {
  const found = diagnostics.filter((d) => d.code === code);
  assert.equal(found.length, 1, `expected one ${code}, got ${JSON.stringify(diagnostics, null, 1)}`);
  return found[0];
}

export function codes(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => d.code);
}

/** Applies a diagnostic's fix to the text it was found in. */
export function applyFix(text: string, d: Diagnostic): string {
  assert.ok(d.fix, `${d.code} has no fix`);
  return text.slice(0, d.fix.offset) + d.fix.newText + text.slice(d.fix.offset + d.fix.length);
}

export function expectAt(
  d: Diagnostic,
  range: { offset: number; length: number },
  severity: Diagnostic['severity'],
): void {
  assert.deepEqual({ offset: d.offset, length: d.length, severity: d.severity }, { ...range, severity });
}
