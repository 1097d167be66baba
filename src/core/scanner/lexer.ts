// Just enough of a KQL tokenizer to read a management command's head: words, names, strings, punctuation.
import { readLiteral, type Literal } from './literals';

export interface Token {
  readonly kind: 'word' | 'name' | 'string' | 'punct' | 'end';
  readonly start: number;
  readonly end: number;
  /** The word, the decoded name or string, or the punctuation. */
  readonly text: string;
  readonly literal?: Literal;
}

/** Letters, digits and `_ . - $`: command words, names, GUIDs, timespans. */
function isWordChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 95 ||
    c === 46 ||
    c === 45 ||
    c === 36
  );
}

/** Skips spaces, line ends and `//` comments. */
export function skipTrivia(text: string, pos: number, limit: number): number {
  let p = pos;
  while (p < limit) {
    const c = text.charCodeAt(p);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff) p++;
    else if (c === 47 && text.charCodeAt(p + 1) === 47) {
      const nl = text.indexOf('\n', p);
      p = nl < 0 || nl > limit ? limit : nl + 1;
    } else break;
  }
  return p;
}

export function nextToken(text: string, pos: number, limit: number): Token {
  const p = skipTrivia(text, pos, limit);
  if (p >= limit) return { kind: 'end', start: limit, end: limit, text: '', literal: undefined };
  const c = text[p];
  if (startsLiteral(text, p)) {
    const literal = readLiteral(text, p);
    if (literal === undefined || literal.end > limit)
      return { kind: 'string', start: p, end: limit, text: text.slice(p, limit), literal: undefined };
    return { kind: 'string', start: p, end: literal.end, text: literal.value, literal };
  }
  if (c === '[') {
    const q = skipTrivia(text, p + 1, limit);
    const literal = startsLiteral(text, q) ? readLiteral(text, q) : undefined;
    const close = literal ? skipTrivia(text, literal.end, limit) : -1;
    if (literal && close < limit && text[close] === ']')
      return { kind: 'name', start: p, end: close + 1, text: literal.value, literal: undefined };
  }
  let e = p;
  while (e < limit && isWordChar(text.charCodeAt(e))) e++;
  if (e > p) return { kind: 'word', start: p, end: e, text: text.slice(p, e), literal: undefined };
  if (c === '<' && text[p + 1] === '|') return { kind: 'punct', start: p, end: p + 2, text: '<|', literal: undefined };
  return { kind: 'punct', start: p, end: p + 1, text: c, literal: undefined };
}

function startsLiteral(text: string, p: number): boolean {
  const c = text[p];
  if (c === "'" || c === '"') return true;
  if (c === '`') return text.startsWith('```', p);
  if (c === '@') return text[p + 1] === "'" || text[p + 1] === '"';
  if (c === 'h' || c === 'H') {
    const d = text[p + 1] === '@' ? text[p + 2] : text[p + 1];
    return d === "'" || d === '"';
  }
  return false;
}

/** The punctuation `text` (a string or a ['name'] whose text is `(` or `,` is not punctuation). */
export function isPunct(t: Token | undefined, text: string): boolean {
  return t !== undefined && t.kind === 'punct' && t.text === text;
}
