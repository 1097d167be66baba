// Random .kql documents for the property tests of the scanner and the editor: pieces of commands joined by line ends
// and blank lines, and random edits (where, how much to remove, what to insert).
import fc from 'fast-check';

/** Documents made of up to `maxLength` of `pieces`, each followed by one of `separators`. */
export function documentsOf(
  pieces: readonly string[],
  separators: readonly string[],
  maxLength: number,
): fc.Arbitrary<string> {
  return fc
    .array(fc.tuple(fc.constantFrom(...pieces), fc.constantFrom(...separators)), { maxLength })
    .map((parts) => parts.map(([p, sep]) => p + sep).join(''));
}

/** An edit: a position (taken modulo the text's length by the test), a length to remove, the text to insert. */
export function editsOf(
  inserts: readonly string[],
  removed: fc.Arbitrary<number> = fc.nat({ max: 40 }),
): fc.Arbitrary<[number, number, string]> {
  return fc.tuple(fc.nat(), removed, fc.constantFrom(...inserts));
}

/** What takes an edit as an editor reports it: the document scanner, the document model. */
export interface Editable {
  applyEdit(offset: number, removedLength: number, insertedText: string): void;
}

/**
 * Applies a generated edit (see `editsOf`) to `text` and to `target`: its position taken modulo the text's length + 1,
 * what it removes cut at the text's end. Returns the edited text.
 */
export function applyGeneratedEdit(
  text: string,
  [rawOffset, rawRemoved, inserted]: readonly [number, number, string, ...unknown[]],
  target: Editable,
): string {
  const offset = rawOffset % (text.length + 1);
  const removed = Math.min(rawRemoved, text.length - offset);
  target.applyEdit(offset, removed, inserted);
  return text.slice(0, offset) + inserted + text.slice(offset + removed);
}
