// Where a block ends, read by one native regex instead of a loop in JavaScript (which costs far more before the JIT has
// warmed up). It answers only where it is certain to agree with nextBlock; an unclosed literal, or a ``` block with a
// blank line inside (which nextBlock may read as a stray fence), is left to nextBlock.
import { trimBlankLines } from '../blocks';

const BLANK = '[ \\t\\r\\v\\f\\u00a0\\ufeff]';
// Ordinary text and the literals in it, as nextBlock reads them: a line end not followed by a blank line, '…' and "…"
// with backslash escapes, @'…' and @"…" with doubled quotes (the closing quote not followed by another), ```…``` with
// no blank line inside, // comments to the line end. Written unrolled (a run of plain characters, then one special
// thing and a run, repeated): each special thing starts at a different character, so a text has exactly one reading
// and the engine never backtracks, whatever the input; and it moves through plain runs a run at a time.
const PLAIN = '[^\\n\'"`/@]*';
const SPECIAL = [
  `\\n(?!${BLANK}*(?:\\n|$))`,
  "'[^'\\\\]*(?:\\\\[\\s\\S][^'\\\\]*)*'",
  '"[^"\\\\]*(?:\\\\[\\s\\S][^"\\\\]*)*"',
  "@'[^']*(?:''[^']*)*'(?!')",
  '@"[^"]*(?:""[^"]*)*"(?!")',
  '@(?![\'"])',
  `\`\`\`[^\`\\n]*(?:(?:\\n(?!${BLANK}*\\n)|\`(?!\`\`))[^\`\\n]*)*\`\`\``,
  '`(?!``)',
  '//[^\\n]*',
  '/(?!/)',
].join('|');
const BODY = new RegExp(`${PLAIN}(?:(?:${SPECIAL})${PLAIN})*`, 'y');

/**
 * The end of the block that `from` is inside of (outside any literal or comment there), as nextBlock gives it, or
 * undefined when the rest of the block is not certain to read the same way (then use nextBlock).
 */
export function blockEnd(text: string, from: number): number | undefined {
  BODY.lastIndex = from;
  BODY.test(text);
  const e = BODY.lastIndex;
  // It stops only at the line end before a blank line, at the end of the text, or at what it cannot read.
  if (e < text.length && text.charCodeAt(e) !== 10) return undefined;
  return trimBlankLines(text, from, e);
}

const BLANK_LINE_OR_END = new RegExp(`${BLANK}*(?:$|\\n${BLANK}*(?:\\n|$))`, 'y');

/** True when only blanks follow `at` up to a blank line or the end of the text: a block that ends at `at`. */
export function endsBlock(text: string, at: number): boolean {
  BLANK_LINE_OR_END.lastIndex = at;
  return BLANK_LINE_OR_END.test(text);
}
