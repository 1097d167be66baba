// Kusto string literals as the policy argument accepts them: ```…```, '…', "…", @'…', h'…', h@'…'.
import { closingQuote } from './blocks';

export type LiteralForm = 'multiline' | 'quoted' | 'verbatim';

export interface Literal {
  readonly form: LiteralForm;
  /** The quote character of quoted and verbatim forms. */
  readonly quote: string;
  /** Range of the whole literal, prefix and delimiters included. */
  readonly start: number;
  readonly end: number;
  /** The decoded value. */
  readonly value: string;
  /** Offset of the first content character. */
  readonly contentStart: number;
  /** value index → text offset (length value.length + 1) when escapes break the 1:1 correspondence. */
  readonly map?: Int32Array;
}

/** The literal starting at `pos` (prefix, quote or backticks), or undefined when none starts there or it never closes. */
export function readLiteral(text: string, pos: number): Literal | undefined {
  if (text.startsWith('```', pos)) {
    const close = text.indexOf('```', pos + 3);
    if (close < 0) return undefined;
    return {
      form: 'multiline',
      quote: '`',
      start: pos,
      end: close + 3,
      value: text.slice(pos + 3, close),
      contentStart: pos + 3,
      map: undefined,
    };
  }
  let q = pos;
  if (text[q] === 'h' || text[q] === 'H') q++;
  const verbatim = text[q] === '@';
  if (verbatim) q++;
  const quote = text[q];
  if (quote !== "'" && quote !== '"') return undefined;
  const close = closingQuote(text, q);
  if (close < 0) return undefined;
  const raw = text.slice(q + 1, close);
  const form: LiteralForm = verbatim ? 'verbatim' : 'quoted';
  const special = verbatim ? raw.includes(quote) : raw.includes('\\');
  if (!special) return { form, quote, start: pos, end: close + 1, value: raw, contentStart: q + 1, map: undefined };
  const { value, map } = verbatim
    ? decode(raw, q + 1, (i) => (raw[i] === quote ? { skip: 2, char: quote } : undefined))
    : decode(raw, q + 1, (i) => (raw[i] === '\\' ? unescape(raw, i) : undefined));
  return { form, quote, start: pos, end: close + 1, value, contentStart: q + 1, map };
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };

function unescape(raw: string, i: number): { skip: number; char: string } {
  const c = raw[i + 1];
  if (c === 'u' && /^[0-9a-fA-F]{4}$/.test(raw.slice(i + 2, i + 6)))
    return { skip: 6, char: String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16)) };
  if (c !== undefined && c in ESCAPES) return { skip: 2, char: ESCAPES[c] };
  return { skip: 1, char: '\\' };
}

function decode(
  raw: string,
  at: number,
  special: (i: number) => { skip: number; char: string } | undefined,
): { value: string; map: Int32Array } {
  const chars: string[] = [];
  const offsets: number[] = [];
  for (let i = 0; i < raw.length;) {
    const s = special(i);
    offsets.push(at + i);
    chars.push(s ? s.char : raw[i]);
    i += s ? s.skip : 1;
  }
  offsets.push(at + raw.length);
  return { value: chars.join(''), map: Int32Array.from(offsets) };
}

/** Maps a range of the decoded value to the text. */
export function mapRange(lit: Literal, offset: number, length: number): { offset: number; length: number } {
  if (lit.map === undefined) return { offset: lit.contentStart + offset, length };
  const start = lit.map[Math.min(offset, lit.map.length - 1)];
  const end = lit.map[Math.min(offset + length, lit.map.length - 1)];
  return { offset: start, length: end - start };
}

/** Writes replacement text the way the literal's form needs it. */
export function encodeFor(lit: Literal, text: string): string {
  if (lit.form === 'multiline') return text;
  if (lit.form === 'verbatim') return text.split(lit.quote).join(lit.quote + lit.quote);
  return text
    .replace(/\\/g, '\\\\')
    .split(lit.quote)
    .join('\\' + lit.quote)
    .replace(/\n/g, '\\n');
}
