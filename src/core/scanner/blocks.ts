// Splits a .kql text into command blocks the way Kusto Explorer and the web UI do: a blank line ends a
// command, except inside a ``` block or a string literal; `//` comment lines stay with the command below them.

export interface Block {
  /** First non-blank character. */
  readonly start: number;
  /** After the last non-blank character. */
  readonly end: number;
  /** An unclosed string or ``` block swallowed the rest of the text, from this offset. */
  readonly unterminatedAt?: number;
}

// Everything a scan must stop at in ordinary text: line ends, quotes, backticks, comment starts.
const SPECIAL = /[\n'"`/]/g;

/** Spaces that can make up a blank line (the editor shows them as nothing). */
export function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff;
}

/** The first character at or after `pos` that is neither a blank nor a line end (the text's length when none is). */
export function skipBlankLines(text: string, pos: number): number {
  let p = pos;
  // Line ends and spaces first: nearly every gap between blocks is made of them alone.
  for (let c = text.charCodeAt(p); c === 10 || c === 32 || isBlank(c); c = text.charCodeAt(++p));
  return p;
}

/** `end` moved back over the blanks and line ends before it, never before `from`. */
export function trimBlankLines(text: string, from: number, end: number): number {
  let e = end;
  while (e > from && (isBlank(text.charCodeAt(e - 1)) || text.charCodeAt(e - 1) === 10)) e--;
  return e;
}

/** The next block at or after `pos`, or undefined at the end. `pos` must not be inside a block. */
export function nextBlock(text: string, pos: number): Block | undefined {
  const length = text.length;
  const start = skipBlankLines(text, pos);
  if (start >= length) return undefined;
  let i = start;
  for (;;) {
    // `test`, not `exec`: no match object per stop (every line end is one); a match is one character long.
    SPECIAL.lastIndex = i;
    if (!SPECIAL.test(text)) return finish(text, start, length);
    const j = SPECIAL.lastIndex - 1;
    switch (text.charCodeAt(j)) {
      case 10: {
        // line end: a following blank line ends the block
        let k = j + 1;
        while (k < length && isBlank(text.charCodeAt(k))) k++;
        if (k >= length || text.charCodeAt(k) === 10) return finish(text, start, j);
        i = j + 1;
        break;
      }
      case 47: // '/': a comment runs to the line end, where the blank-line check happens
        if (text.charCodeAt(j + 1) === 47) {
          const nl = text.indexOf('\n', j);
          if (nl < 0) return finish(text, start, length);
          i = nl;
        } else i = j + 1;
        break;
      case 96: // '`': only a triple backtick opens a multi-line literal
        if (text.startsWith('```', j)) {
          const close = text.indexOf('```', j + 3);
          const next = nextCommandLine(text, j + 3, close < 0 ? length : close);
          // A ``` left open (a stray Markdown fence) is reported where it is, not at the next command's ```.
          if (next >= 0) return finish(text, start, next, j);
          if (close < 0) return finish(text, start, length, j);
          i = close + 3;
        } else i = j + 1;
        break;
      default: {
        // a quote
        const close = closingQuote(text, j);
        if (close < 0) return finish(text, start, length, literalStart(text, j));
        i = close + 1;
      }
    }
  }
}

/**
 * Inside a ``` block running from `from` to `limit`: the line end before a blank line that is followed by a line
 * starting a management command (`.word`), or -1. No policy or function body has that shape; a fence left open does.
 */
function nextCommandLine(text: string, from: number, limit: number): number {
  for (let nl = text.indexOf('\n', from); nl >= 0 && nl < limit; nl = text.indexOf('\n', nl + 1)) {
    let k = nl + 1;
    while (k < limit && isBlank(text.charCodeAt(k))) k++;
    if (text.charCodeAt(k) !== 10) continue;
    while (k < limit && (isBlank(text.charCodeAt(k)) || text.charCodeAt(k) === 10)) k++;
    if (k + 1 < limit && text.charCodeAt(k) === 46 && isLetter(text.charCodeAt(k + 1))) return nl;
  }
  return -1;
}

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/** Where the string literal whose quote is at `quote` closes, or -1; `@'…'` is verbatim (quotes doubled, no escapes). */
export function closingQuote(text: string, quote: number): number {
  const q = text[quote];
  if (text.charCodeAt(quote - 1) === 64) {
    for (let p = quote + 1; ;) {
      const k = text.indexOf(q, p);
      if (k < 0) return -1;
      if (text[k + 1] !== q) return k;
      p = k + 2;
    }
  }
  for (let p = quote + 1; p < text.length; p++) {
    const c = text[p];
    if (c === '\\') p++;
    else if (c === q) return p;
  }
  return -1;
}

/** Includes the `h`, `@` or `h@` prefix in the literal. */
function literalStart(text: string, quote: number): number {
  let s = quote;
  if (text[s - 1] === '@') s--;
  if (text[s - 1] === 'h' || text[s - 1] === 'H') s--;
  return s;
}

function finish(text: string, start: number, end: number, unterminatedAt?: number): Block {
  const e = trimBlankLines(text, start, end);
  return unterminatedAt === undefined ? { start, end: e } : { start, end: e, unterminatedAt };
}

export function allBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  for (let b = nextBlock(text, 0); b !== undefined; b = nextBlock(text, b.end)) blocks.push(b);
  return blocks;
}
