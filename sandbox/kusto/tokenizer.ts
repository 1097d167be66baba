// A small tokenizer for management commands: words, ['names'], string literals (h/@ forms), ``` blocks, { } bodies, comments.

export type TokenKind = 'command' | 'word' | 'string' | 'block' | 'braces' | 'value' | 'punct' | 'query' | 'end';

export interface Token {
  kind: TokenKind;
  text: string;
  value: string;
  start: number;
  end: number;
}

export class KustoSyntaxError extends Error {
  constructor(
    readonly text: string,
    readonly position: number,
    readonly detail: string,
  ) {
    super(detail);
  }
  /** `line:position` the way the service prints it (1-based). */
  where(): string {
    const before = this.text.slice(0, this.position);
    const line = before.split('\n').length;
    const col = this.position - before.lastIndexOf('\n');
    return `${line}:${col}`;
  }
}

const WORD = /[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z_][A-Za-z0-9_]*)*/y;
const VALUE = /[0-9][0-9A-Za-z.:]*/y;

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, start: number, end: number, value: string) =>
    out.push({ kind, text: text.slice(start, end), value, start, end });
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (text.startsWith('//', i)) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl + 1;
      continue;
    }
    if (text.startsWith('```', i)) {
      const close = text.indexOf('```', i + 3);
      if (close < 0) throw new KustoSyntaxError(text, i, 'Unterminated ``` block.');
      push('block', i, close + 3, text.slice(i + 3, close));
      i = close + 3;
      continue;
    }
    // Only the first token is the command; a later `.name` is a dot and a name (`Db.Table`).
    if (ch === '.' && out.length === 0 && /[A-Za-z]/.test(text[i + 1] ?? '')) {
      WORD.lastIndex = i + 1;
      const m = WORD.exec(text)!;
      push('command', i, i + 1 + m[0].length, m[0].toLowerCase());
      i += 1 + m[0].length;
      continue;
    }
    const str = /^([hH]?)(@?)(['"])/.exec(text.slice(i, i + 3));
    if (str && (str[1] || str[2] || ch === "'" || ch === '"')) {
      const { value, end } = readString(text, i + str[1].length + str[2].length, !!str[2]);
      push('string', i, end, value);
      i = end;
      continue;
    }
    if (ch === '[') {
      const m = /^\[\s*(['"])/.exec(text.slice(i));
      if (!m) throw new KustoSyntaxError(text, i, "Expected ['name'].");
      const s = readString(text, i + m[0].length - 1, false);
      const close = /^\s*\]/.exec(text.slice(s.end));
      if (!close) throw new KustoSyntaxError(text, s.end, "Expected ']'.");
      push('word', i, s.end + close[0].length, s.value);
      i = s.end + close[0].length;
      continue;
    }
    WORD.lastIndex = i;
    const w = WORD.exec(text);
    if (w) {
      push('word', i, i + w[0].length, w[0]);
      i += w[0].length;
      continue;
    }
    VALUE.lastIndex = i;
    const v = VALUE.exec(text);
    if (v) {
      push('value', i, i + v[0].length, v[0]);
      i += v[0].length;
      continue;
    }
    if (ch === '{') {
      // A function body: kept raw, braces included, up to the `}` that closes this `{`.
      const end = readBraces(text, i);
      push('braces', i, end, text.slice(i, end));
      i = end;
      continue;
    }
    if (text.startsWith('<|', i)) {
      // Everything after `<|` is a query: kept raw, not tokenized here.
      push('punct', i, i + 2, '<|');
      push('query', i + 2, text.length, text.slice(i + 2).trim());
      i = text.length;
      continue;
    }
    if ('(),=:;|.-*'.includes(ch)) {
      push('punct', i, i + 1, ch);
      i++;
      continue;
    }
    throw new KustoSyntaxError(text, i, `Unexpected character '${ch}'.`);
  }
  push('end', text.length, text.length, '');
  return out;
}

function readString(text: string, quoteAt: number, verbatim: boolean): { value: string; end: number } {
  const q = text[quoteAt];
  let i = quoteAt + 1;
  let value = '';
  while (i < text.length) {
    const c = text[i];
    if (c === q) {
      if (verbatim && text[i + 1] === q) {
        value += q;
        i += 2;
        continue;
      }
      return { value, end: i + 1 };
    }
    if (!verbatim && c === '\\') {
      const n = text[i + 1] ?? '';
      value += n === 'n' ? '\n' : n === 't' ? '\t' : n;
      i += 2;
      continue;
    }
    if (c === '\n' && !verbatim) break;
    value += c;
    i++;
  }
  throw new KustoSyntaxError(text, quoteAt, 'Unterminated string literal.');
}

/**
 * The end (exclusive) of the `{ … }` opening at `open`: braces nest, and those inside string literals
 * (every form, through readString), ``` blocks and `//` comments do not count.
 */
function readBraces(text: string, open: number): number {
  let depth = 0;
  let i = open;
  while (i < text.length) {
    const ch = text[i];
    if (text.startsWith('//', i)) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl + 1;
      continue;
    }
    if (text.startsWith('```', i)) {
      const close = text.indexOf('```', i + 3);
      if (close < 0) throw new KustoSyntaxError(text, i, 'Unterminated ``` block.');
      i = close + 3;
      continue;
    }
    if (ch === '@' && (text[i + 1] === "'" || text[i + 1] === '"')) {
      i = readString(text, i + 1, true).end;
      continue;
    }
    if (ch === "'" || ch === '"') {
      i = readString(text, i, false).end;
      continue;
    }
    if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return i + 1;
    i++;
  }
  throw new KustoSyntaxError(text, open, "Unterminated function body: no '}' closes this '{'.");
}

/** Walks the tokens; every `expect` failure is a syntax error at that token. */
export class Cursor {
  private i = 0;
  constructor(
    readonly text: string,
    private readonly tokens: Token[],
  ) {}
  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.i + ahead, this.tokens.length - 1)];
  }
  next(): Token {
    const t = this.peek();
    if (t.kind !== 'end') this.i++;
    return t;
  }
  fail(detail: string, t: Token = this.peek()): never {
    throw new KustoSyntaxError(this.text, t.start, detail);
  }
  isWord(...words: string[]): boolean {
    const t = this.peek();
    return t.kind === 'word' && words.some((w) => w.toLowerCase() === t.value.toLowerCase());
  }
  acceptWord(...words: string[]): string | undefined {
    return this.isWord(...words) ? this.next().value.toLowerCase() : undefined;
  }
  word(...words: string[]): string {
    const w = this.acceptWord(...words);
    return w ?? this.fail(`Expected ${words.join(' or ')}.`);
  }
  isPunct(p: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.value === p;
  }
  accept(p: string): boolean {
    if (this.isPunct(p)) {
      this.next();
      return true;
    }
    return false;
  }
  punct(p: string): void {
    if (!this.accept(p)) this.fail(`Expected '${p}'.`);
  }
  /** an entity name: bare word or ['quoted'] */
  name(what = 'a name'): string {
    const t = this.peek();
    if (t.kind !== 'word') this.fail(`Expected ${what}.`);
    return this.next().value;
  }
  string(what = 'a string literal'): string {
    const t = this.peek();
    if (t.kind !== 'string') this.fail(`Expected ${what}.`);
    return this.next().value;
  }
  /** the raw text from the current token to the end (the query after `<|`) */
  query(): string {
    const t = this.peek();
    if (t.kind !== 'query' || !t.value) this.fail('Expected a query after <|.');
    return this.next().value;
  }
  end(): void {
    if (this.peek().kind !== 'end') this.fail(`Unexpected '${this.peek().text}'.`);
  }
}
