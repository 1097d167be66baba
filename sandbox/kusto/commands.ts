// Parses the management commands the sandbox understands into plain data; anything else is a syntax error.
import { Cursor, KustoSyntaxError, tokenize } from './tokenizer';

export type Scope = { kind: 'cluster' } | { kind: 'database'; database: string };
export interface Column {
  name: string;
  type: string;
}
/** `T`, `Db.T`, or `*` (every table of the database; `.show` only). */
export interface TableRef {
  database?: string;
  table: string;
}

export type Command =
  | { op: 'showPolicy'; scope: Scope; policy: 'managed_identity' | 'streamingingestion' }
  | { op: 'alterPolicy'; scope: Scope; policy: 'managed_identity'; merge: boolean; payload: string }
  | { op: 'alterStreaming'; database: string; enable: boolean }
  | { op: 'deletePolicy'; scope: Scope; policy: 'managed_identity' | 'streamingingestion' }
  | ({ op: 'showUpdatePolicy' | 'deleteUpdatePolicy' } & TableRef)
  | ({ op: 'alterUpdatePolicy'; payload: string } & TableRef)
  | { op: 'showPrincipals'; scope: Scope }
  | { op: 'showPrincipalRoles'; fqn: string }
  | {
      op: 'addPrincipals' | 'dropPrincipals';
      scope: Scope;
      role: string;
      fqns: string[];
      notes: string;
      /** `.add|.drop follower database …`: the override principals of a follower */
      follower?: boolean;
    }
  | {
      op: 'createExternalTable';
      name: string;
      orAlter: boolean;
      columns: Column[];
      kind: 'storage' | 'sql';
      dataFormat?: string;
      sqlTable?: string;
      connectionStrings: string[];
      properties: Record<string, string>;
    }
  | { op: 'showExternalTables'; name?: string }
  | { op: 'showExternalTableSchema'; name: string; format: 'csl' | 'json' }
  | { op: 'dropExternalTable'; name: string }
  | {
      op: 'createExport';
      name: string;
      over: string[];
      externalTable: string;
      properties: Record<string, string>;
      query: string;
    }
  | { op: 'showExports' }
  | { op: 'showExport'; name: string; part?: 'failures' | 'exported-artifacts' }
  | { op: 'enableExport' | 'disableExport' | 'dropExport'; name: string }
  | { op: 'createTable'; name: string; columns: Column[] }
  | { op: 'showTables' }
  | { op: 'showFunctions' }
  | { op: 'showFunction'; name: string }
  | {
      op: 'createFunction';
      name: string;
      orAlter: boolean;
      ifNotExists: boolean;
      parameters: string;
      body: string;
      folder?: string;
      docString?: string;
    }
  | { op: 'dropFunction'; name: string; ifExists: boolean }
  | { op: 'showDatabases'; details: boolean };

const DB_ROLES: Record<string, string> = {
  admins: 'Admin',
  users: 'User',
  viewers: 'Viewer',
  unrestrictedviewers: 'UnrestrictedViewer',
  ingestors: 'Ingestor',
  monitors: 'Monitor',
};
// cluster-follower page: `.add|.drop follower database DB (admins | users | viewers | monitors) (…)`.
const FOLLOWER_ROLES: Record<string, string> = {
  admins: 'Admin',
  users: 'User',
  viewers: 'Viewer',
  monitors: 'Monitor',
};
const CLUSTER_ROLES: Record<string, string> = {
  alldatabasesadmins: 'AllDatabasesAdmin',
  alldatabasesviewers: 'AllDatabasesViewer',
  alldatabasesmonitors: 'AllDatabasesMonitor',
};

export function parseCommand(text: string): Command {
  const c = new Cursor(text, tokenize(text));
  const head = c.next();
  if (head.kind !== 'command') c.fail('A management command starts with a dot.', head);
  const cmd = parse(c, head.value);
  c.end();
  return cmd;
}

function scope(c: Cursor): Scope {
  if (c.acceptWord('cluster')) return { kind: 'cluster' };
  c.word('database');
  return { kind: 'database', database: c.name('a database name') };
}

function policyKind(c: Cursor): 'managed_identity' | 'streamingingestion' {
  c.word('policy');
  return c.word('managed_identity', 'streamingingestion') as 'managed_identity' | 'streamingingestion';
}

function updatePolicyWords(c: Cursor): void {
  c.word('policy');
  c.word('update');
}

/** `T`, `Db.T`, and with `all` also `*` and `Db.*`. */
function tableRef(c: Cursor, all: boolean): TableRef {
  if (all && c.accept('*')) return { table: '*' };
  const first = c.name(all ? 'a table name or *' : 'a table name');
  if (!c.accept('.')) return { table: first };
  if (all && c.accept('*')) return { database: first, table: '*' };
  return { database: first, table: c.name('a table name') };
}

function parse(c: Cursor, verb: string): Command {
  switch (verb) {
    case 'show':
      return parseShow(c);
    case 'alter':
    case 'alter-merge': {
      if (c.isWord('table')) {
        if (verb !== 'alter') c.fail('Only `.alter table T policy update` is served.');
        c.next();
        const ref = tableRef(c, false);
        updatePolicyWords(c);
        const t = c.peek();
        if (t.kind !== 'block' && t.kind !== 'string')
          c.fail('Expected the update policy JSON (```[...]``` or a string literal).');
        return { op: 'alterUpdatePolicy', ...ref, payload: c.next().value };
      }
      const s = scope(c);
      const policy = policyKind(c);
      if (policy === 'streamingingestion') {
        if (s.kind !== 'database' || verb !== 'alter')
          c.fail('Only `.alter database DB policy streamingingestion` is served.');
        if (c.peek().kind === 'block' || c.peek().kind === 'string') {
          const body = c.next().value;
          return { op: 'alterStreaming', database: s.database, enable: /"IsEnabled"\s*:\s*true/i.test(body) };
        }
        return { op: 'alterStreaming', database: s.database, enable: c.word('enable', 'disable') === 'enable' };
      }
      const t = c.peek();
      if (t.kind !== 'block' && t.kind !== 'string')
        c.fail('Expected the policy JSON (```[...]``` or a string literal).');
      return { op: 'alterPolicy', scope: s, policy, merge: verb === 'alter-merge', payload: c.next().value };
    }
    case 'delete': {
      if (c.acceptWord('table')) {
        const ref = tableRef(c, false);
        updatePolicyWords(c);
        return { op: 'deleteUpdatePolicy', ...ref };
      }
      const s = scope(c);
      return { op: 'deletePolicy', scope: s, policy: policyKind(c) };
    }
    case 'add':
    case 'drop': {
      if (verb === 'drop' && c.acceptWord('continuous-export')) return { op: 'dropExport', name: c.name() };
      if (verb === 'drop' && c.acceptWord('external')) {
        c.word('table');
        return { op: 'dropExternalTable', name: c.name() };
      }
      if (verb === 'drop' && c.acceptWord('function')) {
        const name = c.name('a function name');
        return { op: 'dropFunction', name, ifExists: !!c.acceptWord('ifexists') };
      }
      const follower = !!c.acceptWord('follower');
      if (follower && !c.isWord('database')) c.fail('Expected `database` after `follower`.');
      const s = scope(c);
      const roles = follower ? FOLLOWER_ROLES : s.kind === 'cluster' ? CLUSTER_ROLES : DB_ROLES;
      const roleToken = c.peek();
      const role =
        roles[c.name('a role').toLowerCase()] ??
        c.fail(`Expected a role: ${Object.keys(roles).join(', ')}.`, roleToken);
      c.punct('(');
      const fqns = [c.string('a principal')];
      while (c.accept(',')) fqns.push(c.string('a principal'));
      c.punct(')');
      const notes = c.peek().kind === 'string' ? c.next().value : '';
      const op = verb === 'add' ? 'addPrincipals' : 'dropPrincipals';
      return { op, scope: s, role, fqns, notes, ...(follower ? { follower } : {}) };
    }
    case 'create':
    case 'create-or-alter': {
      if (verb === 'create-or-alter' && c.acceptWord('continuous-export')) return parseExport(c);
      if (c.acceptWord('external')) return parseExternalTable(c, verb === 'create-or-alter');
      if (c.acceptWord('function')) return parseFunction(c, verb === 'create-or-alter');
      if (verb === 'create') {
        c.word('table');
        const name = c.name('a table name');
        return { op: 'createTable', name, columns: columns(c) };
      }
      return c.fail('Expected continuous-export, external table or function.');
    }
    case 'enable':
    case 'disable':
      c.word('continuous-export');
      return { op: verb === 'enable' ? 'enableExport' : 'disableExport', name: c.name() };
    default:
      return c.fail(`Unknown management command '.${verb}'.`);
  }
}

function parseShow(c: Cursor): Command {
  // `.show databases [details]`; `.show cluster databases …` is the same command (show-databases page).
  const next = c.peek(1);
  if (c.isWord('cluster') && next.kind === 'word' && next.value.toLowerCase() === 'databases') c.next();
  if (c.acceptWord('databases')) return { op: 'showDatabases', details: !!c.acceptWord('details') };
  if (c.acceptWord('tables')) return { op: 'showTables' };
  if (c.acceptWord('functions')) return { op: 'showFunctions' };
  if (c.acceptWord('function')) return { op: 'showFunction', name: c.name('a function name') };
  if (c.acceptWord('continuous-exports')) return { op: 'showExports' };
  if (c.acceptWord('continuous-export')) {
    const name = c.name();
    const part = c.acceptWord('failures', 'exported-artifacts') as 'failures' | 'exported-artifacts' | undefined;
    return { op: 'showExport', name, part };
  }
  if (c.acceptWord('external')) {
    if (c.acceptWord('tables')) return { op: 'showExternalTables' };
    c.word('table');
    const name = c.name();
    if (c.acceptWord('cslschema')) return { op: 'showExternalTableSchema', name, format: 'csl' };
    if (c.acceptWord('schema')) {
      c.word('as');
      return { op: 'showExternalTableSchema', name, format: c.word('csl', 'json') as 'csl' | 'json' };
    }
    return { op: 'showExternalTables', name };
  }
  if (c.acceptWord('principal')) {
    // `.show principal 'aadapp=…' roles`: the roles of a named principal, cluster-wide (resolves it first).
    const fqn = c.string('a principal');
    c.word('roles');
    return { op: 'showPrincipalRoles', fqn };
  }
  if (c.acceptWord('table')) {
    const ref = tableRef(c, true);
    updatePolicyWords(c);
    return { op: 'showUpdatePolicy', ...ref };
  }
  const s = scope(c);
  if (c.acceptWord('principals')) return { op: 'showPrincipals', scope: s };
  return { op: 'showPolicy', scope: s, policy: policyKind(c) };
}

function columns(c: Cursor): Column[] {
  c.punct('(');
  const out: Column[] = [];
  do {
    const name = c.name('a column name');
    c.punct(':');
    out.push({ name, type: c.name('a column type').toLowerCase() });
  } while (c.accept(','));
  c.punct(')');
  return out;
}

/** `with (k=v, …)` or the bare `k=v` pairs of external tables; values are words, numbers or strings. */
function properties(c: Cursor, into: Record<string, string>): void {
  c.punct('(');
  do {
    const key = c.name('a property name');
    c.punct('=');
    const t = c.next();
    if (t.kind === 'end' || t.kind === 'punct') c.fail('Expected a property value.', t);
    into[key] = t.kind === 'string' ? JSON.stringify(t.value) : t.value;
  } while (c.accept(','));
  c.punct(')');
}

function parseExternalTable(c: Cursor, orAlter: boolean): Command {
  c.word('table');
  const name = c.name('a table name');
  const cols = columns(c);
  c.word('kind');
  c.punct('=');
  const kind = c.word('storage', 'sql', 'blob', 'adl') as string;
  let dataFormat: string | undefined;
  let sqlTable: string | undefined;
  while (c.isWord('dataformat', 'table')) {
    const k = c.next().value.toLowerCase();
    c.punct('=');
    const v = c.peek().kind === 'string' ? c.next().value : c.name();
    if (k === 'dataformat') dataFormat = v;
    else sqlTable = v;
  }
  c.punct('(');
  const connectionStrings = [c.string('a connection string')];
  while (c.accept(',')) connectionStrings.push(c.string('a connection string'));
  c.punct(')');
  const props: Record<string, string> = {};
  if (c.acceptWord('with')) properties(c, props);
  if (kind === 'sql' && !sqlTable) c.fail('kind=sql needs table=<SqlTable>.');
  return {
    op: 'createExternalTable',
    name,
    orAlter,
    columns: cols,
    kind: kind === 'sql' ? 'sql' : 'storage',
    dataFormat,
    sqlTable,
    connectionStrings,
    properties: props,
  };
}

function parseExport(c: Cursor): Command {
  const name = c.name('an export name');
  const over: string[] = [];
  if (c.acceptWord('over')) {
    c.punct('(');
    do over.push(c.name('a table name'));
    while (c.accept(','));
    c.punct(')');
  }
  c.word('to');
  c.word('table');
  const externalTable = c.name('an external table name');
  const props: Record<string, string> = {};
  if (c.acceptWord('with')) properties(c, props);
  c.punct('<|');
  return { op: 'createExport', name, over, externalTable, properties: props, query: c.query() };
}

const FUNCTION_PROPERTIES = ['folder', 'docstring', 'view', 'skipvalidation'];

/**
 * `[ifnotexists] [with (folder=…, docstring=…)] F(params) { body }` (after `.create[-or-alter] function`).
 * The body is the raw `{ … }` token, braces included; view and skipvalidation are accepted and ignored.
 */
function parseFunction(c: Cursor, orAlter: boolean): Command {
  const ifNotExists = !orAlter && !!c.acceptWord('ifnotexists');
  let folder: string | undefined;
  let docString: string | undefined;
  if (c.acceptWord('with')) {
    c.punct('(');
    do {
      const keyToken = c.peek();
      const key = c.name('a property name').toLowerCase();
      if (!FUNCTION_PROPERTIES.includes(key))
        c.fail(
          `Unknown function property '${keyToken.value}': expected folder, docstring, view or skipvalidation.`,
          keyToken,
        );
      c.punct('=');
      const t = c.next();
      if (t.kind !== 'string' && t.kind !== 'word' && t.kind !== 'value') c.fail('Expected a property value.', t);
      if (key === 'folder') folder = t.value;
      if (key === 'docstring') docString = t.value;
    } while (c.accept(','));
    c.punct(')');
  }
  const name = c.name('a function name');
  const parameters = functionParameters(c);
  if (c.peek().kind !== 'braces') c.fail('Expected the function body: { … }.');
  const body = c.next().value;
  return {
    op: 'createFunction',
    name,
    orAlter,
    ifNotExists,
    parameters,
    body,
    ...(folder !== undefined ? { folder } : {}),
    ...(docString !== undefined ? { docString } : {}),
  };
}

/** `(a:long, T:(x:string), u:string='x')` → the same, normalized to `(name:type, …)`. */
function functionParameters(c: Cursor): string {
  c.punct('(');
  const out: string[] = [];
  if (!c.accept(')')) {
    do out.push(functionParameter(c));
    while (c.accept(','));
    c.punct(')');
  }
  return `(${out.join(', ')})`;
}

function functionParameter(c: Cursor): string {
  const name = c.name('a parameter name');
  c.punct(':');
  if (c.accept('(')) {
    // A tabular parameter: `(*)`, `(x:long, …)` or both.
    const cols: string[] = [];
    do {
      if (c.accept('*')) {
        cols.push('*');
        continue;
      }
      const col = c.name('a column name');
      c.punct(':');
      cols.push(`${col}:${c.name('a column type')}`);
    } while (c.accept(','));
    c.punct(')');
    return `${name}:(${cols.join(', ')})`;
  }
  const type = c.name('a parameter type');
  if (!c.accept('=')) return `${name}:${type}`;
  // A default value: its text as written, up to the `,` or `)` that ends the parameter.
  const first = c.peek();
  let end = first.start;
  let depth = 0;
  for (
    let t = c.peek();
    t.kind !== 'end' && !(depth === 0 && t.kind === 'punct' && (t.value === ',' || t.value === ')'));
    t = c.peek()
  ) {
    if (t.kind === 'punct' && t.value === '(') depth++;
    if (t.kind === 'punct' && t.value === ')') depth--;
    end = c.next().end;
  }
  if (end === first.start) c.fail('Expected a default value.', first);
  return `${name}:${type}=${c.text.slice(first.start, end)}`;
}

export { KustoSyntaxError };
