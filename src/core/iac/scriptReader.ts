// Reads a deployment script's KQL back into snapshot parts: identity policies, principals, external tables, update
// policies and continuous exports, each checked by rebuilding it with the same builder (a command read differently is said).
import type { ColumnInput, ContinuousExportInput, DatabaseRole, UpdatePolicyInput } from '../commands';
import { DATABASE_ROLES } from '../commands/principals';
import { describeConnection, type ExternalConnection } from '../results/externalTables';
import { parsePolicyJson } from '../results/policy';
import { allBlocks } from '../scanner/blocks';
import { analyzeCommand } from '../scanner/command';
import { nextToken, type Token } from '../scanner/lexer';
import { compactTimespan, exportCommandFromInput } from '../workflows/exportCommand';
import {
  externalTableCommand,
  policyCommand,
  updatePolicyCommand,
  type ExternalTableDefinition,
  type SnapshotExport,
  type SnapshotExternalTable,
  type SnapshotPolicyEntry,
} from '../workflows/snapshot';

export interface ScriptParts {
  clusterPolicy?: SnapshotPolicyEntry[];
  /** By database name (as written in the command, or the script's database). */
  readonly policies: Map<string, SnapshotPolicyEntry[]>;
  readonly principals: { database: string; role: DatabaseRole; objectId: string; tenant: string }[];
  readonly externalTables: { database: string; table: SnapshotExternalTable }[];
  readonly exports: { database: string; export: SnapshotExport }[];
  readonly updatePolicies: { database: string; table: string; entries: UpdatePolicyInput[] }[];
  /** Commands not understood, or understood but not as adx-identity writes them. */
  readonly notes: string[];
}

export const emptyParts = (): ScriptParts => ({
  policies: new Map(),
  principals: [],
  externalTables: [],
  exports: [],
  updatePolicies: [],
  notes: [],
});

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();
const policyOf = (value: string): SnapshotPolicyEntry[] =>
  parsePolicyJson(JSON.parse(value)).map((e) => ({
    objectId: e.isSystem || e.objectId.toLowerCase() === 'system' ? 'system' : e.objectId.toLowerCase(),
    usages: [...e.usages].sort(),
  }));

/** The tokens of a command (to its end); `<|` stops it, the rest is the query. */
function tokens(text: string): { list: Token[]; query?: string } {
  const list: Token[] = [];
  let pos = 0;
  for (;;) {
    const t = nextToken(text, pos, text.length);
    if (t.kind === 'end') return { list };
    if (t.kind === 'punct' && t.text === '<|') return { list, query: text.slice(t.end).trim() };
    list.push(t);
    pos = t.end;
  }
}

class Cursor {
  i = 0;
  constructor(readonly all: readonly Token[]) {}
  peek(): Token | undefined {
    return this.all[this.i];
  }
  take(): Token {
    const t = this.all[this.i++];
    if (!t) throw new Error('the command ends early');
    return t;
  }
  word(expected?: string): string {
    const t = this.take();
    if (t.kind === 'string' || (expected !== undefined && t.text.toLowerCase() !== expected))
      throw new Error(`expected ${expected ?? 'a name'}, found ${JSON.stringify(t.text)}`);
    return t.text;
  }
  is(text: string): boolean {
    return this.peek()?.text.toLowerCase() === text;
  }
  punct(p: string): void {
    const t = this.take();
    if (t.text !== p) throw new Error(`expected "${p}", found ${JSON.stringify(t.text)}`);
  }
  /** `( a , b )` read by `item` until the closing parenthesis. */
  list<T>(item: () => T): T[] {
    this.punct('(');
    const out: T[] = [];
    while (!this.is(')')) {
      out.push(item());
      if (this.is(',')) this.take();
      else if (!this.is(')')) throw new Error(`expected "," or ")", found ${JSON.stringify(this.peek()?.text)}`);
    }
    this.take();
    return out;
  }
  /** `with ( k = v , … )` as raw tokens. */
  properties(): Map<string, Token> {
    const out = new Map<string, Token>();
    if (!this.is('with')) return out;
    this.take();
    this.list(() => {
      const key = this.word();
      this.punct('=');
      out.set(key.toLowerCase(), this.take());
    });
    return out;
  }
}

const bool = (t: Token | undefined): boolean | undefined =>
  t === undefined
    ? undefined
    : t.text.toLowerCase() === 'true'
      ? true
      : t.text.toLowerCase() === 'false'
        ? false
        : undefined;
const num = (t: Token | undefined): number | undefined => (t && /^\d+$/.test(t.text) ? Number(t.text) : undefined);

function readExport(c: Cursor, query: string | undefined, database: string): SnapshotExport {
  const name = c.word();
  const over = c.is('over') ? (c.take(), c.list(() => c.word())) : undefined;
  c.word('to');
  c.word('table');
  const externalTable = c.word();
  const p = c.properties();
  if (query === undefined) throw new Error('no "<|" query');
  const span = (k: string) => (p.get(k) ? compactTimespan(p.get(k)!.text) : undefined);
  const [interval, latency] = [span('intervalbetweenruns'), span('forcedlatency')];
  const [sizeLimit, distributed, rowGroup] = [
    num(p.get('sizelimit')),
    bool(p.get('distributed')),
    num(p.get('parquetrowgroupsize')),
  ];
  const distribution = p.get('distribution')?.text as ContinuousExportInput['distribution'] | undefined;
  // The keys in the order a snapshot's export input has them (drift compares the JSON).
  const input: ContinuousExportInput = {
    database,
    name,
    externalTable,
    query,
    ...(over ? { overTables: over } : {}),
    ...(p.get('managedidentity') ? { managedIdentity: p.get('managedidentity')!.text.toLowerCase() } : {}),
    ...(interval ? { intervalBetweenRuns: interval } : {}),
    ...(latency ? { forcedLatency: latency } : {}),
    ...(sizeLimit ? { sizeLimit } : {}),
    ...(distributed !== undefined ? { distributed } : {}),
    ...(rowGroup ? { parquetRowGroupSize: rowGroup } : {}),
    ...(distribution ? { distribution } : {}),
  };
  return { input, isDisabled: bool(p.get('isdisabled')) ?? false };
}

function authOf(c: ExternalConnection): 'impersonate' | { managedIdentity: string } | undefined {
  if (c.auth.mode === 'impersonate') return 'impersonate';
  return c.auth.mode === 'managedIdentity' && c.auth.identity !== 'unknown'
    ? { managedIdentity: c.auth.identity.toLowerCase() }
    : undefined;
}

function readExternalTable(c: Cursor): SnapshotExternalTable {
  const name = c.word();
  const columns = c.list((): ColumnInput => {
    const column = c.word();
    c.punct(':');
    return { name: column, type: c.word() };
  });
  c.word('kind');
  c.punct('=');
  const kind = c.word().toLowerCase();
  let sqlTable: string | undefined;
  let format: string | undefined;
  if (kind === 'sql') {
    c.word('table');
    c.punct('=');
    sqlTable = c.word();
  } else if (kind === 'storage' || kind === 'blob' || kind === 'adl') {
    if (c.is('partition')) throw new Error('partitioned external tables are not read back');
    c.word('dataformat');
    c.punct('=');
    format = c.word().toLowerCase();
  } else throw new Error(`kind=${kind} is not read back`);
  const strings = c.list(() => {
    const t = c.take();
    if (t.kind !== 'string') throw new Error('expected a connection string');
    return t.text;
  });
  const p = c.properties();
  const connections = strings.map(describeConnection);
  const extra = {
    ...(p.get('folder')?.text ? { folder: p.get('folder')!.text } : {}),
    ...(p.get('docstring')?.text ? { docString: p.get('docstring')!.text } : {}),
  };
  const auths = connections.map(authOf);
  const auth = auths[0];
  const same = auth !== undefined && auths.every((a) => JSON.stringify(a) === JSON.stringify(auth));
  const shown = connections.map((x) => ({ location: x.location, auth: x.auth }));
  if (!same) return { name, connections: shown, notRecreatable: 'its connections do not all use the same identity' };
  const definition: ExternalTableDefinition =
    kind === 'sql'
      ? { kind: 'sql', columns, sqlTable: sqlTable!, location: connections[0].location, auth, ...extra }
      : { kind: 'storage', columns, format: format!, uris: connections.map((x) => x.location), auth, ...extra };
  return { name, connections: shown, definition };
}

function readUpdatePolicy(value: string): UpdatePolicyInput[] {
  const rows = JSON.parse(value) as Record<string, unknown>[];
  if (!Array.isArray(rows)) throw new Error('the update policy is not a JSON array');
  return rows.map((r) => ({
    source: String(r.Source),
    query: String(r.Query),
    isEnabled: r.IsEnabled !== false,
    isTransactional: r.IsTransactional === true,
    propagateIngestionProperties: r.PropagateIngestionProperties === true,
    ...(typeof r.ManagedIdentity === 'string' && r.ManagedIdentity
      ? { managedIdentity: r.ManagedIdentity.toLowerCase() }
      : {}),
  }));
}

/** `.alter table T policy update …`: other table policies (batching, retention…) hold no identity. */
const isUpdatePolicy = (list: readonly { text: string }[]): boolean => {
  const at = list.findIndex((t, i) => i > 1 && t.text.toLowerCase() === 'policy');
  return at > 0 && list[at + 1]?.text.toLowerCase() === 'update';
};

/** Reads one command into `out`; the database is the script's unless the command names one. */
function readCommand(text: string, database: string | undefined, out: ScriptParts): void {
  const analysis = analyzeCommand(text);
  const { list, query } = tokens(text);
  const c = new Cursor(list);
  const verb = c.word().toLowerCase();
  const second = c.peek()?.text.toLowerCase();
  const where = database ?? '(no database)';
  let rebuilt: string | undefined;
  if (
    (analysis?.kind === 'alter-policy' || analysis?.kind === 'alter-merge-policy') &&
    analysis.policyName?.toLowerCase() === 'managed_identity'
  ) {
    const entries = policyOf(analysis.payload!.value);
    if (analysis.scope === 'cluster') {
      out.clusterPolicy = entries;
      rebuilt = policyCommand({ scope: 'cluster' }, entries).text;
    } else {
      const db = analysis.database ?? where;
      out.policies.set(db, entries);
      rebuilt = policyCommand({ scope: 'database', database: db }, entries).text;
    }
  } else if (verb === '.add' && second === 'database') {
    c.take();
    const db = c.word();
    const role = c.word().toLowerCase() as DatabaseRole;
    if (!DATABASE_ROLES.includes(role)) throw new Error(`${role} is not a database role`);
    for (const fqn of c.list(() => c.take().text)) {
      const m = /^aadapp=([^;]+);(.+)$/i.exec(fqn.trim());
      if (!m) throw new Error(`${fqn} is not an app or managed identity (aadapp=…)`);
      out.principals.push({ database: db, role, objectId: m[1].toLowerCase(), tenant: m[2] });
    }
    return;
  } else if ((verb === '.create-or-alter' || verb === '.create') && second === 'continuous-export') {
    c.take();
    const e = readExport(c, query, where);
    out.exports.push({ database: where, export: e });
    rebuilt = exportCommandFromInput({ ...e.input, isDisabled: e.isDisabled }).text;
  } else if (['.create-or-alter', '.create', '.alter'].includes(verb) && second === 'external') {
    c.take();
    c.word('table');
    const t = readExternalTable(c);
    out.externalTables.push({ database: where, table: t });
    rebuilt = t.definition && externalTableCommand(where, t.name, t.definition).text;
  } else if (verb === '.alter' && second === 'table' && isUpdatePolicy(list)) {
    c.take();
    const table = c.word();
    c.word('policy');
    c.word('update');
    const payload = c.take();
    if (payload.kind !== 'string') throw new Error('expected the update policy JSON');
    const entries = readUpdatePolicy(payload.text);
    // Only those running as a managed identity belong to the identity configuration.
    if (entries.some((e) => e.managedIdentity)) out.updatePolicies.push({ database: where, table, entries });
    rebuilt = updatePolicyCommand(where, { table, entries }).text;
  } else {
    out.notes.push(`not an identity command, left out: ${squash(text).slice(0, 80)}`);
    return;
  }
  if (rebuilt !== undefined && squash(rebuilt) !== squash(text.replace(/^(\s*\/\/[^\n]*\n)*/, '')))
    out.notes.push(`read, but written differently than adx-identity writes it: ${squash(text).slice(0, 80)}`);
}

/** Every command of a script's content, read into `out` (a command that cannot be read becomes a note). */
export function readScriptContent(content: string, database: string | undefined, out: ScriptParts): void {
  for (const b of allBlocks(content)) {
    // The docs separate a script's commands by one line break: split the block where a line starts a new command.
    const text = content.slice(b.start, b.end);
    for (const command of text.split(/\n(?=\s*\.[a-z])/i)) {
      if (!command.replace(/\/\/[^\n]*/g, '').trim()) continue;
      try {
        readCommand(command, database, out);
      } catch (e) {
        out.notes.push(
          `could not read: ${squash(command).slice(0, 80)} (${e instanceof Error ? e.message : String(e)})`,
        );
      }
    }
  }
}
