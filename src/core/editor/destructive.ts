// What running a command typed in the editor would change and lose, read from its head, without VS Code: which database
// it changes (followers refuse), what is lost (confirmed first), and what to re-read live to show exactly what is lost.
import { quoteName } from '../kql/names';

/** A live read that shows what a destructive command would take away. */
export type LiveRead =
  | { readonly kind: 'policy'; readonly show: string }
  | { readonly kind: 'principals'; readonly show: string; readonly role: string; readonly fqns: readonly string[] }
  | { readonly kind: 'export'; readonly show: string };

export interface RunEffect {
  /** False for `.show …` and queries: nothing changes. */
  readonly changes: boolean;
  /** `cluster` commands act on the cluster itself (a follower database does not matter); `database` ones on a database. */
  readonly scope: 'cluster' | 'database';
  /** The database named in the command, when it names one (else the file's target database). */
  readonly database?: string;
  /** Set when something is lost: one line in the user's words. */
  readonly loses?: string;
  readonly live?: LiveRead;
  /** `.add|.drop database D <role> (…)`: the follower form a follower database accepts instead. */
  readonly followerForm?: string;
}

const NAME = String.raw`(?:\[\s*'[^']*'\s*\]|\[\s*"[^"]*"\s*\]|[A-Za-z0-9_.\-$]+)`;
const ROLE = String.raw`(admins|users|viewers|unrestrictedviewers|ingestors|monitors)`;

/** `['My Db']` or `MyDb` → `My Db`. */
function unquote(name: string): string {
  const m = /^\[\s*(['"])(.*)\1\s*\]$/.exec(name);
  return m ? m[2] : name;
}

/** The head of the command, comments and the policy / query payload left out, spaces collapsed. */
function headOf(text: string): string {
  const body = text.replace(/^(\s*\/\/[^\n]*\n)*/, '');
  const cut = [body.indexOf('```'), body.indexOf('<|')].filter((i) => i >= 0);
  return (cut.length ? body.slice(0, Math.min(...cut)) : body).replace(/\s+/g, ' ').trim();
}

export function runEffect(text: string): RunEffect {
  const head = headOf(text);
  const lower = head.toLowerCase();
  if (!lower.startsWith('.') || /^\.show\s/.test(lower)) return { changes: false, scope: 'cluster' };
  const m = (re: string): RegExpExecArray | null => new RegExp(re, 'i').exec(head);

  // Principals of a follower database are changed on the follower cluster: a cluster-level command, allowed there.
  if (m(String.raw`^\.(add|drop|alter)\s+follower\s`)) return { changes: true, scope: 'cluster' };

  const principal = m(String.raw`^\.(add|drop|set)\s+database\s+(${NAME})\s+${ROLE}\s*(.*)$`);
  if (principal) {
    const [, verb, name, role, rest] = principal;
    const database = unquote(name);
    const fqns = [...rest.matchAll(/'([^']*)'|"([^"]*)"/g)].map((x) => x[1] ?? x[2]);
    const removes = verb.toLowerCase() !== 'add';
    const followerForm =
      verb.toLowerCase() === 'set'
        ? undefined
        : `.${verb.toLowerCase()} follower database ${head.slice(principal[0].indexOf(name))}`;
    return {
      changes: true,
      scope: 'database',
      database,
      ...(followerForm ? { followerForm } : {}),
      ...(removes
        ? {
            loses:
              verb.toLowerCase() === 'set'
                ? `every principal of ${role} on ${database} not listed here loses the role`
                : `${fqns.join(', ') || 'these principals'} lose${fqns.length === 1 ? 's' : ''} ${role} on ${database}`,
            live: { kind: 'principals', show: `.show database ${quoteName(database)} principals`, role, fqns },
          }
        : {}),
    };
  }

  const policy = m(
    String.raw`^\.(alter|delete)\s+(cluster|database\s+(${NAME})|table\s+(${NAME})|materialized-view\s+(${NAME}))\s+policy\s+(\w+)`,
  );
  if (policy) {
    const [, verb, entity, db, , , name] = policy;
    const cluster = entity.toLowerCase() === 'cluster';
    const show = `.show ${entity} policy ${name}`;
    return {
      changes: true,
      scope: cluster ? 'cluster' : 'database',
      ...(db ? { database: unquote(db) } : {}),
      loses:
        verb.toLowerCase() === 'delete'
          ? `the ${name} policy of ${entity} (everything that relies on it stops)`
          : `the current ${name} policy of ${entity}: .alter replaces it whole (use .alter-merge to add to it)`,
      live: { kind: 'policy', show },
    };
  }

  const cluster = /^\.(alter|alter-merge|add|drop|delete|set)\s+cluster\s/i.test(head);
  const namedDb = m(String.raw`^\.[\w-]+\s+database\s+(${NAME})`);
  const database = namedDb ? unquote(namedDb[1]) : undefined;
  const base = {
    changes: true,
    scope: cluster ? ('cluster' as const) : ('database' as const),
    ...(database ? { database } : {}),
  };
  const loses = lossOf(head);
  if (!loses) return base;
  const exportName = m(String.raw`^\.drop\s+continuous-export\s+(${NAME})`);
  return {
    ...base,
    loses,
    ...(exportName ? { live: { kind: 'export', show: `.show continuous-export ${exportName[1]}` } as const } : {}),
  };
}

/** What a destructive command loses, from its head; undefined when it loses nothing. */
function lossOf(head: string): string | undefined {
  const rules: [RegExp, (m: RegExpExecArray) => string][] = [
    [/^\.drop\s+table\s+(\S+)\s+(admins|ingestors)\b/i, (x) => `principals lose ${x[2]} on table ${unquote(x[1])}`],
    [/^\.drop\s+tables?\s+(.+?)(\s+ifexists)?$/i, (x) => `table(s) ${x[1]} with all their data`],
    [/^\.drop\s+column\s+(\S+)/i, (x) => `column ${x[1]} and every value in it`],
    [
      /^\.drop\s+external\s+table\s+(\S+)/i,
      (x) => `the definition of external table ${unquote(x[1])} (the files stay in storage)`,
    ],
    [
      /^\.drop\s+continuous-export\s+(\S+)/i,
      (x) => `continuous export ${unquote(x[1])} and its cursor: recreated, it starts from now`,
    ],
    [/^\.drop\s+functions?\s+(\S+)/i, (x) => `function ${unquote(x[1])}: what calls it stops working`],
    [/^\.drop\s+materialized-views?\s+(\S+)/i, (x) => `materialized view ${unquote(x[1])} and its data`],
    [/^\.drop\s+extents?\b/i, () => 'the data of the extents it selects'],
    [/^\.drop\s+(\S+)\s+(\S+)/i, (x) => `${x[1]} ${unquote(x[2])}`],
    [/^\.delete\s+table\s+(\S+)\s+records/i, (x) => `the records of ${unquote(x[1])} its predicate selects`],
    [/^\.delete\s+(.+)$/i, (x) => x[1]],
    [
      /^\.purge\s+table\s+(\S+)/i,
      (x) => `the records of ${unquote(x[1])} it selects, permanently: purged data cannot be recovered`,
    ],
    [/^\.purge\b/i, () => 'data, permanently: purged data cannot be recovered'],
    [/^\.detach\s+database\s+(\S+)/i, (x) => `database ${unquote(x[1])} is no longer served by this cluster`],
    [
      /^\.set-or-replace\s+(?:async\s+)?(\S+)/i,
      (x) => `every row now in ${unquote(x[1])}: the query's result replaces them`,
    ],
    [/^\.clear\s+table\s+(\S+)\s+data/i, (x) => `every row of ${unquote(x[1])}`],
    [/^\.replace\s+extents\b/i, () => 'the extents it drops'],
    [
      /^\.alter\s+table\s+(\S+)\s*\(/i,
      (x) => `columns of ${unquote(x[1])} not listed here, with their data: .alter replaces the schema`,
    ],
    [/^\.alter\s+column\s+(\S+)\s+type/i, (x) => `values of ${x[1]} that do not convert to the new type`],
  ];
  for (const [re, say] of rules) {
    const x = re.exec(head);
    if (x) return say(x);
  }
  return undefined;
}
