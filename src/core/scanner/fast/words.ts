// Pieces the fast readers' patterns share: keywords in either case, and the gaps between tokens.

/**
 * `[cC][rR]…` for a keyword of lower-case letters (other characters stay as they are), as the general reader compares
 * keywords (lower-cased). Cheaper for V8 to compile than the `i` flag on a whole large regex, which folds the case of
 * every class in it.
 */
export function anyCase(word: string): string {
  return word.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`);
}

/**
 * Between two tokens: blanks with at most one line end among them, so never a blank line (which would end the block)
 * and no `//` comment (such commands take the general way). Kept plain on purpose: every copy is part of a reader's
 * regex, which V8 compiles on the first block it reads; a richer gap made compiling cost more than reading.
 */
export const GAP = '[ \\t\\r]*(?:\\n[ \\t\\r]*)?';
/** `GAP`, at least one character long. */
export const GAP1 = '(?:[ \\t\\r]+(?:\\n[ \\t\\r]*)?|\\n[ \\t\\r]*)';

/**
 * `(item, item, …)` with the item written once (each copy is more for V8 to compile): every item is followed by a comma
 * and another item, or by the `)`. No trailing comma, no empty list.
 */
export function list(item: string): string {
  return `\\(${GAP}(?:${item}${GAP}(?:,${GAP}(?!\\))|(?=\\))))+\\)`;
}
