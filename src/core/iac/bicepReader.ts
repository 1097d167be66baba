// A careful reader of the Bicep a deployment of Microsoft.Kusto identity parts uses: params, vars, resources (parent,
// nested, `existing`, `if`), objects, arrays, strings with interpolation, and the calls and member paths that name
// values. Anything else (loops, operators, modules) is read as "unknown" and said in the notes, never guessed.
import { SYSTEM_PRINCIPAL, UNKNOWN, type IacResource, type IacValue } from './import';

type Tok = { kind: 'str' | 'word' | 'num' | 'punct' | 'nl' | 'end'; text: string; parts?: (string | Tok[])[] };

function lex(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '\n') {
      out.push({ kind: 'nl', text: '\n' });
      i++;
    } else if (/[ \t\r]/.test(c)) i++;
    else if (src.startsWith('//', i)) while (i < src.length && src[i] !== '\n') i++;
    else if (src.startsWith('/*', i)) {
      const e = src.indexOf('*/', i + 2);
      if (e < 0) throw new Error('unterminated comment');
      i = e + 2;
    } else if (src.startsWith("'''", i)) {
      const e = src.indexOf("'''", i + 3);
      if (e < 0) throw new Error('unterminated multi-line string');
      // A line break right after the opening quotes is not part of the value.
      out.push({
        kind: 'str',
        text: src.slice(i + 3, e).replace(/^\r?\n/, ''),
        parts: [src.slice(i + 3, e).replace(/^\r?\n/, '')],
      });
      i = e + 3;
    } else if (c === "'") {
      const parts: (string | Tok[])[] = [];
      let s = '';
      let j = i + 1;
      for (;;) {
        if (j >= src.length || src[j] === '\n') throw new Error('unterminated string');
        const ch = src[j];
        if (ch === "'") break;
        if (ch === '\\') {
          const n = src[j + 1];
          const map: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', "'": "'", $: '$' };
          if (n === 'u' && src[j + 2] === '{') {
            const e = src.indexOf('}', j);
            s += String.fromCodePoint(parseInt(src.slice(j + 3, e), 16));
            j = e + 1;
          } else if (map[n] !== undefined) {
            s += map[n];
            j += 2;
          } else throw new Error(`unknown escape \\${n}`);
        } else if (ch === '$' && src[j + 1] === '{') {
          let depth = 1;
          let e = j + 2;
          while (depth && e < src.length) {
            if (src[e] === '{') depth++;
            else if (src[e] === '}') depth--;
            e++;
          }
          parts.push(s, lex(src.slice(j + 2, e - 1)));
          s = '';
          j = e;
        } else {
          s += ch;
          j++;
        }
      }
      parts.push(s);
      out.push({ kind: 'str', text: parts.length === 1 ? s : '', parts });
      i = j + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
      out.push({ kind: 'word', text: m[0] });
      i += m[0].length;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+/.exec(src.slice(i))!;
      out.push({ kind: 'num', text: m[0] });
      i += m[0].length;
    } else {
      const two = src.slice(i, i + 2);
      const p = ['==', '!=', '<=', '>=', '&&', '||', '??', '?.', '=~', '!~'].includes(two) ? two : c;
      out.push({ kind: 'punct', text: p });
      i += p.length;
    }
  }
  out.push({ kind: 'end', text: '' });
  return out;
}

/** A parsed value: data, a reference path (`cluster.identity.principalId`), or unknown. */
type V =
  | IacValue
  | null
  | V[]
  | { readonly obj: Map<string, V> }
  | { readonly path: readonly string[] }
  | { readonly call: string; readonly args: V[] };

interface ResourceDecl {
  readonly symbol: string;
  readonly type: string;
  readonly body: Map<string, V>;
  readonly parent?: ResourceDecl;
  readonly line: number;
}

class Parser {
  k = 0;
  readonly params = new Map<string, V>();
  readonly vars = new Map<string, V>();
  readonly resources: ResourceDecl[] = [];
  readonly notes: string[] = [];
  constructor(readonly t: Tok[]) {}
  peek(): Tok {
    return this.t[this.k];
  }
  next(): Tok {
    return this.t[this.k++];
  }
  skipNl(): void {
    while (this.peek().kind === 'nl') this.k++;
  }
  expect(text: string): void {
    this.skipNl();
    const t = this.next();
    if (t.text !== text) throw new Error(`expected "${text}", found "${t.text}"`);
  }
  /** Skips to the end of the statement, over balanced brackets. */
  skipStatement(): void {
    let depth = 0;
    for (;;) {
      const t = this.peek();
      if (t.kind === 'end' || (t.kind === 'nl' && depth === 0)) return;
      if (['{', '[', '('].includes(t.text)) depth++;
      if (['}', ']', ')'].includes(t.text)) depth--;
      this.k++;
    }
  }
  file(): void {
    for (;;) {
      this.skipNl();
      const t = this.peek();
      if (t.kind === 'end') return;
      if (t.text === '@') {
        this.k++;
        this.postfix();
        continue;
      }
      this.k++;
      if (t.text === 'param') {
        const name = this.next().text;
        this.skipType();
        this.params.set(name, this.peek().text === '=' ? (this.k++, this.expr()) : UNKNOWN);
      } else if (t.text === 'var') {
        const name = this.next().text;
        this.expect('=');
        this.vars.set(name, this.expr());
      } else if (t.text === 'resource') this.resource(undefined);
      else {
        if (!['targetScope', 'metadata', 'output', 'import', 'type', 'func', 'using'].includes(t.text))
          this.notes.push(`a "${t.text}" statement is not read`);
        this.skipStatement();
      }
    }
  }
  skipType(): void {
    while (!['=', '\n', ''].includes(this.peek().text) && this.peek().kind !== 'nl' && this.peek().kind !== 'end')
      this.k++;
  }
  resource(parent: ResourceDecl | undefined): void {
    const symbol = this.next().text;
    const typeTok = this.next();
    if (typeTok.kind !== 'str') throw new Error(`resource ${symbol}: no type string`);
    const line = this.t.slice(0, this.k).filter((x) => x.kind === 'nl').length + 1;
    if (this.peek().text === 'existing') this.k++;
    this.expect('=');
    this.skipNl();
    if (this.peek().text === 'if') {
      this.k++;
      this.postfix();
      this.skipNl();
    }
    if (this.peek().text === '[') {
      this.notes.push(`resource ${symbol} is declared in a loop, not read`);
      this.skipStatement();
      return;
    }
    const type = typeTok.text.split('@')[0];
    const decl: ResourceDecl = {
      symbol,
      type: parent && !type.includes('/') ? `${parent.type}/${type}` : type,
      body: new Map(),
      ...(parent ? { parent } : {}),
      line,
    };
    this.resources.push(decl);
    this.object(decl.body, decl);
  }
  object(into: Map<string, V>, owner?: ResourceDecl): void {
    this.expect('{');
    for (;;) {
      this.skipNl();
      const t = this.peek();
      if (t.text === '}') {
        this.k++;
        return;
      }
      if (t.text === '@') {
        this.k++;
        this.postfix();
        continue;
      }
      if (t.text === 'resource' && owner && this.t[this.k + 2]?.kind === 'str') {
        this.k++;
        this.resource(owner);
        continue;
      }
      this.k++;
      const key = t.kind === 'str' ? this.str(t) : t.text;
      this.expect(':');
      into.set(typeof key === 'string' ? key : String(key), this.expr());
      if (this.peek().text === ',') this.k++;
    }
  }
  str(t: Tok): V {
    const parts = t.parts ?? [t.text];
    const values = parts.map((p) =>
      typeof p === 'string' ? p : new Parser([...p, { kind: 'end', text: '' }]).withScope(this).expr(),
    );
    return values.every((v) => typeof v === 'string') ? values.join('') : { call: 'interpolate', args: values };
  }
  withScope(from: Parser): this {
    return Object.assign(this, { params: from.params, vars: from.vars, resources: from.resources });
  }
  /** An expression: a primary with its postfixes; an operator makes the whole expression unknown. */
  expr(): V {
    this.skipNl();
    const v = this.postfix();
    if (
      ['?', '==', '!=', '&&', '||', '??', '+', '-', '*', '/', '%', '<', '>', '<=', '>=', '=~', '!~'].includes(
        this.peek().text,
      )
    ) {
      this.skipStatementPart();
      return UNKNOWN;
    }
    return v;
  }
  skipStatementPart(): void {
    let depth = 0;
    for (;;) {
      const t = this.peek();
      if (t.kind === 'end' || (depth === 0 && (t.kind === 'nl' || [',', '}', ']', ')'].includes(t.text)))) return;
      if (['{', '[', '('].includes(t.text)) depth++;
      if (['}', ']', ')'].includes(t.text)) depth--;
      this.k++;
    }
  }
  postfix(): V {
    let v = this.primary();
    for (;;) {
      const t = this.peek();
      if (t.text === '.' || t.text === '?.') {
        this.k++;
        const key = this.next().text;
        v = typeof v === 'object' && v !== null && 'path' in v ? { path: [...v.path, key] } : this.member(v, key);
      } else if (t.text === '[') {
        this.k++;
        const key = this.expr();
        this.expect(']');
        v =
          typeof v === 'object' && v !== null && 'path' in v
            ? { path: [...v.path, String(key)] }
            : this.member(v, String(key));
      } else if (
        t.text === ':' &&
        this.t[this.k + 1]?.text === ':' &&
        typeof v === 'object' &&
        v !== null &&
        'path' in v
      ) {
        // `cluster::database`: a resource nested in another, named by both symbols.
        this.k += 2;
        const inner = this.next().text;
        v = { path: [`${v.path.join('.')}::${inner}`] };
      } else if (t.text === '(' && typeof v === 'object' && v !== null && 'path' in v) {
        this.k++;
        const args: V[] = [];
        for (;;) {
          this.skipNl();
          if (this.peek().text === ')') break;
          args.push(this.expr());
          this.skipNl();
          if (this.peek().text === ',') this.k++;
        }
        this.k++;
        v = { call: v.path.join('.'), args };
      } else return v;
    }
  }
  member(v: V, key: string): V {
    if (typeof v === 'object' && v !== null && 'obj' in v) return v.obj.get(key) ?? UNKNOWN;
    return UNKNOWN;
  }
  primary(): V {
    this.skipNl();
    const t = this.next();
    if (t.kind === 'str') return this.str(t);
    if (t.kind === 'num') return Number(t.text);
    if (t.text === '!' || t.text === '-') return (this.postfix(), UNKNOWN);
    if (t.text === '(') {
      const v = this.expr();
      this.expect(')');
      return v;
    }
    if (t.text === '{') {
      this.k--;
      const obj = new Map<string, V>();
      this.object(obj);
      return { obj };
    }
    if (t.text === '[') {
      const list: V[] = [];
      for (;;) {
        this.skipNl();
        if (this.peek().text === ']') break;
        if (this.peek().text === 'for') {
          this.skipStatementPart();
          list.push(UNKNOWN);
          continue;
        }
        list.push(this.expr());
        if (this.peek().text === ',') this.k++;
      }
      this.k++;
      return list;
    }
    if (t.text === 'true' || t.text === 'false') return t.text === 'true';
    if (t.text === 'null') return null;
    if (t.kind === 'word') return { path: [t.text] };
    throw new Error(`unexpected "${t.text}"`);
  }
}

/** The resource a symbol names: `db`, or `cluster::db` for one nested in another. */
function symbolOf(p: Parser, symbol: string): ResourceDecl | undefined {
  const [first, ...nested] = symbol.split('::');
  let r = p.resources.find((x) => x.symbol === first && !x.parent) ?? p.resources.find((x) => x.symbol === first);
  for (const s of nested) r = r && p.resources.find((x) => x.parent === r && x.symbol === s);
  return r;
}

/** What a value means once params, vars and resource symbols are known. */
function resolve(p: Parser, v: V, depth = 0): V {
  if (depth > 20 || typeof v !== 'object' || v === null || Array.isArray(v) || 'obj' in v) return v;
  if ('call' in v) {
    const args = v.args.map((a) => resolve(p, a, depth + 1));
    const known = args.every((a) => typeof a === 'string' || typeof a === 'number');
    const name = v.call.toLowerCase();
    if (name === 'interpolate' || name === 'concat') return known ? args.join('') : UNKNOWN;
    if (name === 'format' && known)
      return String(args[0]).replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i) + 1]));
    if (name === 'tolower' && known) return String(args[0]).toLowerCase();
    return UNKNOWN;
  }
  const [head, ...rest] = v.path;
  if (p.params.has(head) || p.vars.has(head)) {
    const base = resolve(p, p.params.get(head) ?? p.vars.get(head) ?? UNKNOWN, depth + 1);
    return rest.reduce<V>((acc, key) => p.member(acc, key), base);
  }
  const r = symbolOf(p, head);
  if (!r) return UNKNOWN;
  const path = rest.join('.').toLowerCase();
  if (r.type.toLowerCase() === 'microsoft.kusto/clusters' && path === 'identity.principalid') return SYSTEM_PRINCIPAL;
  if (path === 'name') return resolve(p, r.body.get('name') ?? UNKNOWN, depth + 1);
  return UNKNOWN;
}

const scalar = (v: V): IacValue => (typeof v === 'object' ? (v === null ? undefined : UNKNOWN) : v);

/** The resource's names from the root: parents' names, then its own (which may itself hold `a/b/c`). */
/**
 * A name as far as it can be read: an interpolation with an unknown part (`'${unknownCluster}/${db}'`) keeps its known
 * segments, so a database name survives a cluster name given by a parameter without a default.
 */
function nameSegments(p: Parser, v: V): IacValue[] {
  const whole = scalar(resolve(p, v));
  if (typeof whole === 'string') return whole.split('/');
  if (typeof v === 'object' && v !== null && 'call' in v && ['interpolate', 'concat'].includes(v.call.toLowerCase())) {
    const text = v.args.map((a) => scalar(resolve(p, a))).map((a) => (typeof a === 'string' ? a : '\u0000'));
    return text
      .join('')
      .split('/')
      .map((s) => (s.includes('\u0000') ? UNKNOWN : s));
  }
  return [whole];
}

function namesOf(p: Parser, r: ResourceDecl): IacValue[] {
  const parentRef = r.body.get('parent');
  const parent =
    r.parent ??
    (typeof parentRef === 'object' && parentRef !== null && 'path' in parentRef
      ? symbolOf(p, parentRef.path[0])
      : undefined);
  const mine = nameSegments(p, r.body.get('name') ?? UNKNOWN);
  return parent ? [...namesOf(p, parent), ...mine] : mine;
}

export interface BicepOptions {
  /** Reads a file `loadTextContent('…')` names (relative to the Bicep file); without it such scripts are not read. */
  readonly loadText?: (path: string) => string | undefined;
}

/** The Microsoft.Kusto resources of a Bicep file, and what could not be read. */
export function readBicep(
  source: string,
  options: BicepOptions = {},
): { resources: IacResource[]; notes: string[]; cluster?: string } {
  const p = new Parser(lex(source));
  p.file();
  const out: IacResource[] = [];
  let cluster: string | undefined;
  for (const r of p.resources) {
    const type = r.type;
    const lower = type.toLowerCase();
    if (!lower.startsWith('microsoft.kusto/')) continue;
    const names = namesOf(p, r);
    const where = `resource ${r.symbol} (line ${r.line})`;
    const get = (m: Map<string, V> | undefined, k: string) => (m ? resolve(p, m.get(k) ?? undefined) : undefined);
    const objOf = (v: V) => (typeof v === 'object' && v !== null && 'obj' in v ? v.obj : undefined);
    const props = objOf(r.body.get('properties') ?? undefined);
    const properties: Record<string, IacValue> = {};
    for (const [k, v] of props ?? []) {
      // A file the script loads is a call resolve() cannot evaluate: look at it as written.
      const value = typeof v === 'object' && v !== null && 'call' in v ? v : resolve(p, v);
      if (
        k === 'scriptContent' &&
        typeof value === 'object' &&
        value !== null &&
        'call' in value &&
        value.call.toLowerCase() === 'loadtextcontent'
      ) {
        const path = scalar(resolve(p, value.args[0] ?? UNKNOWN));
        const loaded = typeof path === 'string' ? options.loadText?.(path) : undefined;
        properties[k] = loaded ?? UNKNOWN;
        if (loaded === undefined) p.notes.push(`${where}: its script file ${String(path)} was not read`);
      } else properties[k] = scalar(resolve(p, value));
    }
    if (lower === 'microsoft.kusto/clusters') {
      if (typeof names[0] === 'string') cluster ??= names[0];
      const identity = objOf(r.body.get('identity') ?? undefined);
      const assigned = objOf(identity?.get('userAssignedIdentities') ?? undefined);
      out.push({
        type,
        name: names[0],
        ...(identity
          ? { identity: { type: scalar(get(identity, 'type')), userAssigned: [...(assigned?.keys() ?? [])] } }
          : {}),
        properties,
        where,
      });
    } else {
      const database = lower.startsWith('microsoft.kusto/clusters/databases/') ? names[1] : undefined;
      out.push({ type, database, name: names[names.length - 1], properties, where });
    }
  }
  return { resources: out, notes: p.notes, ...(cluster ? { cluster } : {}) };
}
