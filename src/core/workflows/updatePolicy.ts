// Flow 7: an update policy whose query runs as a managed identity — needed when it reads other databases (directly, or
// through the stored functions it calls). The identity must be assigned, allowed AutomatedFlows, and hold Viewer on
// every database the query reads.
import { buildAlterUpdatePolicyCommand, type UpdatePolicyInput } from '../commands/database';
import type { FunctionRow } from '../results/functions';
import { updatePolicyInput as inputOf, type UpdatePolicyRow } from '../results/updatePolicies';
import { attachedCheck, databaseMissing, policyCheck, roleCheck } from './common';
import { databasesReadBy } from './continuousExport';
import { resolveIdentity } from './identity';
import { sameIdentity } from './report';
import {
  check,
  findDatabase,
  overallVerdict,
  unread,
  type CheckResult,
  type ClusterFacts,
  type DatabaseFacts,
  type FlowReport,
} from './types';

export interface UpdatePolicyRequest {
  readonly database: string;
  /** The table the update policy fills. */
  readonly table: string;
  /** The identity the policy should run as (`system` or an object id); also the one the fixes set. */
  readonly identity?: string;
  readonly tenant?: string;
}

/** What a query reads: its own database, those named by `database('X')`, and those its stored functions read. */
export interface QueryReads {
  readonly databases: readonly string[];
  /** Functions the query calls, directly or through other functions. */
  readonly functions: readonly string[];
  /** Set when the functions could not be read, so a database read through one may be missing. */
  readonly unknown?: string;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Follows the stored functions a query calls (a name followed by `(`), to any depth, each once. */
export function queryReads(
  query: string,
  own: string,
  functions: readonly FunctionRow[] | undefined,
  errors: Readonly<Record<string, string>> = {},
): QueryReads {
  const texts = [query];
  const called: string[] = [];
  if (functions) {
    for (let i = 0; i < texts.length; i++) {
      for (const f of functions) {
        if (called.includes(f.name) || !new RegExp(`(?<![\\w.])${escape(f.name)}\\s*\\(`).test(texts[i])) continue;
        called.push(f.name);
        texts.push(f.body);
      }
    }
  }
  const databases = databasesReadBy(texts.join('\n'), own);
  const callsSomething = /(?<![\w.'"])[A-Za-z_][\w]*\s*\(/.test(query);
  return {
    databases,
    functions: called,
    ...(functions === undefined && callsSomething
      ? { unknown: unread('the stored functions', errors, 'functions') }
      : {}),
  };
}

export function checkUpdatePolicy(facts: ClusterFacts, req: UpdatePolicyRequest): FlowReport {
  const report = (checks: CheckResult[]): FlowReport => ({
    flow: 'update-policy',
    cluster: facts.name,
    database: req.database,
    verdict: overallVerdict(checks),
    checks,
  });
  const db = findDatabase(facts, req.database);
  if (!db) return report([databaseMissing(facts, req.database)]);
  const title = `Table ${req.table} has an update policy`;
  if (db.updatePolicies === undefined)
    return report([
      check('update-policy-exists', title, 'unknown', unread('the update policies', db.errors, 'updatePolicies')),
    ]);
  const entries = db.updatePolicies.filter((u) => u.table.toLowerCase() === req.table.toLowerCase());
  if (!entries.length) {
    return report([
      check('update-policy-exists', title, 'failed', `no update policy on ${req.table} in ${db.name}`, {
        advice: `Create it with .alter table ${req.table} policy update \`\`\`[{"IsEnabled": true, "Source": "<table>", "Query": "<query>", "ManagedIdentity": "system"}]\`\`\``,
      }),
    ]);
  }
  const checks: CheckResult[] = [
    check('update-policy-exists', title, 'passed', `${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}`),
  ];
  entries.forEach((e, i) => checks.push(...entryChecks(facts, db, req, entries, i)));
  return report(checks);
}

function sourceCheck(db: DatabaseFacts, source: string, subject: string): CheckResult {
  const title = `Source table ${source} exists in ${db.name}`;
  if (db.tables === undefined)
    return check('source-exists', title, 'unknown', unread(`the tables of ${db.name}`, db.errors, 'tables'), {
      subject,
    });
  if (db.tables.some((t) => t.toLowerCase() === source.toLowerCase()))
    return check('source-exists', title, 'passed', 'the table exists', { subject });
  return check(
    'source-exists',
    title,
    'failed',
    `no table ${source} in ${db.name}: nothing ingested there can reach the policy`,
    {
      subject,
      advice:
        "An update policy's Source is a table of the same database; create it, or point the policy at the right one.",
    },
  );
}

function entryChecks(
  facts: ClusterFacts,
  db: DatabaseFacts,
  req: UpdatePolicyRequest,
  entries: readonly UpdatePolicyRow[],
  index: number,
): CheckResult[] {
  const e = entries[index];
  const subject = `${e.table} ← ${e.source}`;
  // A fix replaces the table's whole policy: the other entries are written back as they are.
  const rewrite = (change: (r: UpdatePolicyRow) => UpdatePolicyInput) =>
    buildAlterUpdatePolicyCommand(
      db.name,
      e.table,
      entries.map((r, k) => (k === index ? change(r) : inputOf(r))),
    );
  const checks: CheckResult[] = [sourceCheck(db, e.source, subject)];
  checks.push(
    e.isEnabled
      ? check('policy-enabled', `The update policy from ${e.source} is enabled`, 'passed', 'IsEnabled is true', {
          subject,
        })
      : check(
          'policy-enabled',
          `The update policy from ${e.source} is enabled`,
          'failed',
          'IsEnabled is false: ingestion into the source does not reach the table',
          { subject, fixes: [rewrite((r) => ({ ...inputOf(r), isEnabled: true }))] },
        ),
  );
  const reads = queryReads(e.query, db.name, db.functions, db.errors);
  const others = reads.databases.slice(1);
  const via = reads.functions.length ? ` (through ${reads.functions.join(', ')})` : '';
  const wanted = req.identity ?? 'system';
  if (!e.managedIdentity) {
    if (reads.unknown) {
      checks.push(
        check(
          'identity-set',
          'The update policy names a managed identity',
          'unknown',
          `it runs without one; whether its functions read other databases is not known: ${reads.unknown}`,
          { subject },
        ),
      );
    } else if (others.length) {
      checks.push(
        check(
          'identity-set',
          'The update policy names a managed identity',
          'failed',
          `it runs without one, but its query reads ${others.join(', ')}${via}`,
          { subject, fixes: [rewrite((r) => inputOf(r, wanted))] },
        ),
      );
    } else {
      checks.push(
        check(
          'identity-set',
          'The update policy names a managed identity',
          'passed',
          'it runs without one, and none is required (no other database read)',
          { subject },
        ),
      );
    }
    return checks;
  }
  const id = resolveIdentity(facts, e.managedIdentity);
  const expected = req.identity ? resolveIdentity(facts, req.identity) : undefined;
  checks.push(
    expected && !sameIdentity(expected, id)
      ? check(
          'identity-set',
          `The update policy runs as ${expected.label}`,
          'failed',
          `ManagedIdentity is ${e.managedIdentity} (${id.label})`,
          {
            subject,
            fixes: [
              rewrite((r) =>
                inputOf(r, req.identity!.toLowerCase() === 'system' ? 'system' : (expected.objectId ?? req.identity!)),
              ),
            ],
          },
        )
      : check(
          'identity-set',
          'The update policy names a managed identity',
          'passed',
          `ManagedIdentity is ${e.managedIdentity} (${id.label})`,
          { subject },
        ),
  );
  checks.push(attachedCheck(id, subject));
  checks.push(policyCheck(facts, db, id, 'AutomatedFlows', subject));
  for (const name of reads.databases) {
    const read = findDatabase(facts, name);
    checks.push(
      read
        ? roleCheck(facts, read, id, 'viewer', {
            tenant: req.tenant,
            why: `the update policy's query reads it${name === db.name ? '' : via}, which needs at least Viewer`,
          })
        : databaseMissing(facts, name),
    );
  }
  if (reads.unknown)
    checks.push(
      check('functions-read', 'The functions the query calls can be read', 'unknown', reads.unknown, { subject }),
    );
  return checks;
}
