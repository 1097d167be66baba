// A careful reader of the HCL subset Terraform files use for Kusto identities: blocks with labels, attributes, nested
// blocks, strings and heredocs with `${…}` templates (`$${` kept literal), lists, objects, traversals and calls.
// Operators, `for` expressions and `%{…}` directives are read as "unknown", never guessed. Tests hold it to hcl2json.
import { CLUSTER_PRINCIPAL_TYPE, CLUSTER_TYPE, DATABASE_PRINCIPAL_TYPE, SCRIPT_TYPE } from './model';
import { SYSTEM_PRINCIPAL, UNKNOWN, type IacResource, type IacValue } from './import';

/** A parsed value: data, a traversal (`var.x`, `azurerm_kusto_cluster.c.identity[0].principal_id`), a call, unknown. */
export type HclValue =
  | IacValue
  | null
  | HclValue[]
  | { readonly obj: Map<string, HclValue> }
  | { readonly path: readonly (string | number)[] }
  | { readonly call: string; readonly args: HclValue[] }
  | { readonly template: HclValue[] };

export interface HclBlock {
  readonly type: string;
  readonly labels: readonly string[];
  readonly attributes: Map<string, HclValue>;
  readonly blocks: HclBlock[];
  readonly line: number;
}

class Reader {
  i = 0;
  constructor(readonly s: string) {}
  line(): number {
    return this.s.slice(0, this.i).split('\n').length;
  }
  fail(what: string): never {
    throw new Error(`line ${this.line()}: ${what}`);
  }
  /** Skips spaces and comments; with `nl`, line ends too. */
  space(nl: boolean): void {
    for (;;) {
      const c = this.s[this.i];
      if (c === ' ' || c === '\t' || c === '\r' || (nl && c === '\n')) this.i++;
      else if (c === '#' || this.s.startsWith('//', this.i))
        while (this.i < this.s.length && this.s[this.i] !== '\n') this.i++;
      else if (this.s.startsWith('/*', this.i)) {
        const e = this.s.indexOf('*/', this.i + 2);
        if (e < 0) this.fail('unterminated comment');
        this.i = e + 2;
      } else return;
    }
  }
  ident(): string {
    const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.s.slice(this.i));
    if (!m) this.fail(`expected a name, found ${JSON.stringify(this.s.slice(this.i, this.i + 10))}`);
    this.i += m[0].length;
    return m[0];
  }
  body(end: string | undefined): { attributes: Map<string, HclValue>; blocks: HclBlock[] } {
    const attributes = new Map<string, HclValue>();
    const blocks: HclBlock[] = [];
    for (;;) {
      this.space(true);
      if (end === undefined ? this.i >= this.s.length : this.s[this.i] === end) {
        if (end) this.i++;
        return { attributes, blocks };
      }
      const line = this.line();
      const name = this.ident();
      this.space(false);
      if (this.s[this.i] === '=' && this.s[this.i + 1] !== '=') {
        this.i++;
        attributes.set(name, this.expr());
        continue;
      }
      const labels: string[] = [];
      while (this.s[this.i] === '"' || /[A-Za-z_]/.test(this.s[this.i] ?? '')) {
        const v = this.s[this.i] === '"' ? this.quoted() : this.ident();
        labels.push(typeof v === 'string' ? v : this.fail('a block label must be a plain string'));
        this.space(false);
      }
      if (this.s[this.i] !== '{') this.fail(`expected "{" or "=" after ${name}`);
      this.i++;
      const inner = this.body('}');
      blocks.push({ type: name, labels, ...inner, line });
    }
  }
  /** A template's parts: text, and the expressions of `${…}`; `$${` and `%%{` stay literal. */
  template(end: (i: number) => boolean, escapes: boolean): HclValue {
    const parts: HclValue[] = [];
    let text = '';
    while (!end(this.i)) {
      if (this.i >= this.s.length) this.fail('unterminated string');
      const c = this.s[this.i];
      if (this.s.startsWith('$${', this.i) || this.s.startsWith('%%{', this.i)) {
        text += `${c}{`;
        this.i += 3;
      } else if (this.s.startsWith('${', this.i)) {
        this.i += 2;
        parts.push(text);
        text = '';
        this.space(true);
        parts.push(this.expr());
        this.space(true);
        if (this.s[this.i] !== '}') this.fail('expected "}" closing an interpolation');
        this.i++;
      } else if (this.s.startsWith('%{', this.i)) {
        const e = this.s.indexOf('}', this.i);
        parts.push(text, UNKNOWN);
        text = '';
        this.i = e + 1;
      } else if (escapes && c === '\\') {
        const n = this.s[this.i + 1];
        const map: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
        if (map[n] !== undefined) {
          text += map[n];
          this.i += 2;
        } else if (n === 'u') {
          text += String.fromCharCode(parseInt(this.s.slice(this.i + 2, this.i + 6), 16));
          this.i += 6;
        } else this.fail(`unknown escape \\${n}`);
      } else if (escapes && c === '\n') this.fail('a line break inside a quoted string');
      else {
        text += c;
        this.i++;
      }
    }
    parts.push(text);
    return parts.length === 1 ? text : { template: parts };
  }
  quoted(): HclValue {
    this.i++;
    const v = this.template((i) => this.s[i] === '"', true);
    this.i++;
    return v;
  }
  heredoc(): HclValue {
    const m = /^<<(-?)([A-Za-z_][A-Za-z0-9_]*)\r?\n/.exec(this.s.slice(this.i));
    if (!m) this.fail('a heredoc needs its marker and a line break');
    const start = this.i + m[0].length;
    const close = new RegExp(`^[ \\t]*${m[2]}[ \\t]*$`, 'm');
    const rest = this.s.slice(start);
    const at = close.exec(rest);
    if (!at) this.fail(`heredoc ${m[2]} is not closed`);
    let raw = rest.slice(0, at.index);
    if (m[1]) {
      // `<<-` strips the smallest indentation of the non-blank lines.
      const lines = raw.split('\n');
      const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length));
      // Whitespace-only lines are kept as they are (as HCL's own parser does).
      raw = lines.map((l) => (l.trim() ? l.slice(indent) : l)).join('\n');
    }
    const sub = new Reader(raw);
    const v = sub.template((i) => i >= raw.length, false);
    this.i = start + at.index + at[0].length;
    return v;
  }
  expr(): HclValue {
    this.space(false);
    const v = this.postfix(this.primary());
    this.space(false);
    const op = /^(==|!=|<=|>=|&&|\|\||[-+*/%<>?])/.exec(this.s.slice(this.i));
    if (op) {
      // An operator: the value cannot be read here; skip to the end of the expression.
      let depth = 0;
      while (this.i < this.s.length) {
        const c = this.s[this.i];
        if (depth === 0 && (c === '\n' || c === ',' || c === '}' || c === ']' || c === ')')) break;
        if (c === '"') this.quoted();
        else {
          if ('([{'.includes(c)) depth++;
          if (')]}'.includes(c)) depth--;
          this.i++;
        }
      }
      return UNKNOWN;
    }
    return v;
  }
  primary(): HclValue {
    const c = this.s[this.i];
    if (c === '"') return this.quoted();
    if (this.s.startsWith('<<', this.i)) return this.heredoc();
    if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?/.exec(this.s.slice(this.i))!;
      this.i += m[0].length;
      return Number(m[0]);
    }
    if (c === '[' || c === '{') {
      this.i++;
      const close = c === '[' ? ']' : '}';
      const list: HclValue[] = [];
      const obj = new Map<string, HclValue>();
      for (;;) {
        this.space(true);
        if (this.s[this.i] === close) {
          this.i++;
          return c === '[' ? list : { obj };
        }
        if (/^for\s/.test(this.s.slice(this.i))) this.fail('for expressions are not read');
        if (c === '[') list.push(this.expr());
        else {
          const key = this.s[this.i] === '"' ? this.quoted() : this.ident();
          this.space(false);
          if (this.s[this.i] !== '=' && this.s[this.i] !== ':') this.fail('expected "=" in an object');
          this.i++;
          obj.set(typeof key === 'string' ? key : String(key), this.expr());
        }
        this.space(true);
        if (this.s[this.i] === ',') this.i++;
      }
    }
    if (c === '(') {
      this.i++;
      const v = this.expr();
      this.space(true);
      this.i++;
      return v;
    }
    if (c === '!' || c === '-') {
      this.i++;
      this.postfix(this.primary());
      return UNKNOWN;
    }
    const name = this.ident();
    if (name === 'true' || name === 'false') return name === 'true';
    if (name === 'null') return null;
    if (this.s[this.i] === '(') {
      this.i++;
      const args: HclValue[] = [];
      for (;;) {
        this.space(true);
        if (this.s[this.i] === ')') break;
        args.push(this.expr());
        this.space(true);
        if (this.s[this.i] === ',') this.i++;
      }
      this.i++;
      return { call: name, args };
    }
    return { path: [name] };
  }
  postfix(v: HclValue): HclValue {
    for (;;) {
      const path = typeof v === 'object' && v !== null && 'path' in v ? v.path : undefined;
      if (this.s[this.i] === '.' && /[A-Za-z_*]/.test(this.s[this.i + 1] ?? '')) {
        this.i++;
        const key = this.s[this.i] === '*' ? (this.i++, '*') : this.ident();
        v = path ? { path: [...path, key] } : UNKNOWN;
      } else if (this.s[this.i] === '[') {
        this.i++;
        const key = this.expr();
        this.space(true);
        this.i++;
        v = path && (typeof key === 'number' || typeof key === 'string') ? { path: [...path, key] } : UNKNOWN;
      } else return v;
    }
  }
}

/** The blocks of an HCL file (what hcl2json shows as its top-level keys). */
export function parseHcl(source: string): HclBlock[] {
  return new Reader(source).body(undefined).blocks;
}

const TYPES: Record<string, string> = {
  azurerm_kusto_cluster: CLUSTER_TYPE,
  azurerm_kusto_cluster_principal_assignment: CLUSTER_PRINCIPAL_TYPE,
  azurerm_kusto_database_principal_assignment: DATABASE_PRINCIPAL_TYPE,
  azurerm_kusto_script: SCRIPT_TYPE,
};

/** The Microsoft.Kusto resources a Terraform file declares (azurerm, and azapi scripts), and what was not read. */
export function readTerraform(source: string): { resources: IacResource[]; notes: string[]; cluster?: string } {
  const blocks = parseHcl(source);
  const notes: string[] = [];
  const variables = new Map<string, HclValue>(
    blocks.filter((b) => b.type === 'variable').map((b) => [b.labels[0], b.attributes.get('default') ?? UNKNOWN]),
  );
  const locals = new Map<string, HclValue>(blocks.filter((b) => b.type === 'locals').flatMap((b) => [...b.attributes]));
  const resources = blocks.filter((b) => b.type === 'resource' && b.labels.length === 2);
  const find = (type: string, label: string) => resources.find((r) => r.labels[0] === type && r.labels[1] === label);
  const resolve = (v: HclValue, depth = 0): HclValue => {
    if (depth > 20 || typeof v !== 'object' || v === null || Array.isArray(v) || 'obj' in v) return v;
    if ('template' in v) {
      const parts = v.template.map((p) => resolve(p, depth + 1));
      return parts.every((p) => typeof p === 'string' || typeof p === 'number') ? parts.join('') : UNKNOWN;
    }
    if ('call' in v) {
      const args = v.call === 'jsonencode' ? v.args : v.args.map((a) => resolve(a, depth + 1));
      if (v.call === 'jsonencode') return args[0] ?? UNKNOWN;
      if (v.call === 'lower' && typeof args[0] === 'string') return args[0].toLowerCase();
      if (v.call === 'format' && args.every((a) => typeof a === 'string' || typeof a === 'number')) {
        let n = 1;
        return String(args[0]).replace(/%[sd]/g, () => String(args[n++]));
      }
      return UNKNOWN;
    }
    const [head, a, b, ...rest] = v.path.map(String);
    if (head === 'var') return resolve(variables.get(a) ?? UNKNOWN, depth + 1);
    if (head === 'local') return resolve(locals.get(a) ?? UNKNOWN, depth + 1);
    const r = find(head, a);
    if (!r) return UNKNOWN;
    if (head === 'azurerm_kusto_cluster' && b === 'identity' && rest.join('.') === '0.principal_id')
      return SYSTEM_PRINCIPAL;
    if (b === 'name') return resolve(r.attributes.get('name') ?? UNKNOWN, depth + 1);
    // An id stands for the resource; a database's id names its database by the resource's name.
    if (b === 'id' && head === 'azurerm_kusto_database') {
      const name = resolve(r.attributes.get('name') ?? UNKNOWN, depth + 1);
      return typeof name === 'string' ? `/databases/${name}` : UNKNOWN;
    }
    if (b === 'id') return `/${head}/${a}`;
    return UNKNOWN;
  };
  const scalar = (v: HclValue | undefined): IacValue => {
    const r = v === undefined ? undefined : resolve(v);
    return typeof r === 'object' ? (r === null ? undefined : UNKNOWN) : r;
  };
  const databaseOf = (id: HclValue | undefined): IacValue => {
    const v = scalar(id);
    if (typeof v !== 'string') return UNKNOWN;
    const m = /\/databases\/([^/]+)$/i.exec(v);
    return m ? m[1] : UNKNOWN;
  };
  const out: IacResource[] = [];
  let cluster: string | undefined;
  for (const r of resources) {
    const [kind, label] = r.labels;
    const where = `resource "${kind}" "${label}" (line ${r.line})`;
    const at = (k: string) => scalar(r.attributes.get(k));
    if (kind === 'azurerm_kusto_cluster') {
      const name = at('name');
      if (typeof name === 'string') cluster ??= name;
      const identity = r.blocks.find((x) => x.type === 'identity');
      if (!identity && r.blocks.some((x) => x.type === 'dynamic' && x.labels[0] === 'identity'))
        notes.push(`${where}: its identity is a dynamic block (set by variables at plan time), not read`);
      const ids = identity?.attributes.get('identity_ids');
      const list: IacValue[] = Array.isArray(ids) ? ids.map((x) => scalar(x)) : ids === undefined ? [] : [UNKNOWN];
      out.push({
        type: CLUSTER_TYPE,
        name,
        ...(identity ? { identity: { type: scalar(identity.attributes.get('type')), userAssigned: list } } : {}),
        properties: {},
        where,
      });
    } else if (
      kind === 'azurerm_kusto_cluster_principal_assignment' ||
      kind === 'azurerm_kusto_database_principal_assignment'
    ) {
      out.push({
        type: TYPES[kind],
        ...(kind === 'azurerm_kusto_database_principal_assignment' ? { database: at('database_name') } : {}),
        name: at('name'),
        properties: {
          principalId: at('principal_id'),
          role: at('role'),
          tenantId: at('tenant_id'),
          principalType: at('principal_type'),
        },
        where,
      });
    } else if (kind === 'azurerm_kusto_script') {
      out.push({
        type: SCRIPT_TYPE,
        database: databaseOf(r.attributes.get('database_id')),
        name: at('name'),
        properties: { scriptContent: at('script_content'), scriptLevel: 'Database' },
        where,
      });
    } else if (
      kind === 'azapi_resource' &&
      /^microsoft\.kusto\/clusters\/databases\/scripts@/i.test(String(at('type')))
    ) {
      const body = resolve(r.attributes.get('body') ?? UNKNOWN);
      const props = typeof body === 'object' && body !== null && 'obj' in body ? body.obj.get('properties') : undefined;
      const p = typeof props === 'object' && props !== null && 'obj' in props ? props.obj : new Map<string, HclValue>();
      out.push({
        type: SCRIPT_TYPE,
        database: databaseOf(r.attributes.get('parent_id')),
        name: at('name'),
        properties: { scriptContent: scalar(p.get('scriptContent')), scriptLevel: scalar(p.get('scriptLevel')) },
        where,
      });
    } else if (kind === 'azurerm_kusto_database') {
      // A database declaration only holds the children above (as in Bicep and ARM).
    } else if (kind.startsWith('azurerm_kusto_') || kind === 'azapi_resource') {
      notes.push(`${where}: not part of the identity configuration, left out`);
    }
  }
  return { resources: out, notes, ...(cluster ? { cluster } : {}) };
}
