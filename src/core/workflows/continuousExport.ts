// Flow 1: a continuous export run by a managed identity, every prerequisite from the docs checked against live facts.
import { buildEnableContinuousExportCommand } from '../commands/continuousExport';
import { parseTimespan } from '../kql/values';
import type { ContinuousExportRow, ExportFailureRow } from '../results/continuousExports';
import { HIDDEN_AUTH_ADVICE, type ExternalConnection } from '../results/externalTables';
import { storageChecks as judgeStorage } from '../access/judge';
import { attachedCheck, databaseMissing, policyCheck, roleCheck } from './common';
import { buildRecreateExportCommand } from './exportCommand';
import { resolveIdentity, type ResolvedIdentity } from './identity';
import { sameIdentity } from './report';
import { revealHidden } from './scriptAuth';
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

export interface ContinuousExportRequest {
  readonly database: string;
  readonly exportName: string;
  /** The `.kql` text the export is kept in, to check how managedIdentity is written. */
  readonly scriptText?: string;
  readonly tenant?: string;
  /** The identity the export should run as (`system` or an object id); another one fails identity-set. */
  readonly identity?: string;
  readonly now: Date;
}

const DAY = 86_400_000;

/** Databases the query reads through `database('X')`, besides its own. */
export function databasesReadBy(query: string, own: string): string[] {
  const names = [...query.matchAll(/\bdatabase\s*\(\s*@?(['"])(.*?)\1\s*\)/gi)].map((m) => m[2]);
  return [own, ...names].filter((n, i, all) => all.findIndex((x) => x.toLowerCase() === n.toLowerCase()) === i);
}

export function checkContinuousExport(facts: ClusterFacts, req: ContinuousExportRequest): FlowReport {
  const report = (checks: CheckResult[]): FlowReport => ({
    flow: 'continuous-export',
    cluster: facts.name,
    database: req.database,
    verdict: overallVerdict(checks),
    checks,
  });
  const db = findDatabase(facts, req.database);
  if (!db) return report([databaseMissing(facts, req.database)]);
  if (db.exports === undefined)
    return report([
      check(
        'export-exists',
        `Continuous export ${req.exportName} exists`,
        'unknown',
        unread('the continuous exports', db.errors, 'exports'),
      ),
    ]);
  const e = db.exports.find((x) => x.name.toLowerCase() === req.exportName.toLowerCase());
  if (!e)
    return report([
      check(
        'export-exists',
        `Continuous export ${req.exportName} exists`,
        'failed',
        `no continuous export ${req.exportName} in ${db.name}`,
      ),
    ]);
  const checks: CheckResult[] = [
    check('export-exists', `Continuous export ${e.name} exists`, 'passed', `it exports to ${e.externalTableName}`),
  ];
  const listed = db.externalTables?.find((t) => t.name.toLowerCase() === e.externalTableName.toLowerCase());
  const external = listed && revealHidden(listed, req.scriptText).table;
  const impersonates = !!external?.connections.some((c) => c.auth.mode === 'impersonate');
  const hidden = !!external?.connections.some((c) => c.auth.mode === 'hidden');
  const reads = databasesReadBy(e.query, db.name);
  const needsIdentity = impersonates || reads.length > 1;
  if (!e.managedIdentity && !needsIdentity && hidden) {
    checks.push(
      check(
        'identity-set',
        'The export names a managed identity',
        'unknown',
        `it runs without one, which fails if external table ${e.externalTableName} uses impersonation: ${HIDDEN_AUTH_ADVICE}`,
      ),
    );
  } else if (!e.managedIdentity) {
    const why = impersonates
      ? `external table ${e.externalTableName} uses impersonation`
      : reads.length > 1
        ? `the query reads ${reads.slice(1).join(', ')}`
        : '';
    checks.push(
      needsIdentity
        ? check('identity-set', 'The export names a managed identity', 'failed', `it runs without one, but ${why}`, {
            fixes: [buildRecreateExportCommand(db.name, e, { managedIdentity: 'system' })],
          })
        : check(
            'identity-set',
            'The export names a managed identity',
            'passed',
            'it runs without one, and none is required (no impersonation, no other database read)',
          ),
    );
  } else {
    const expected = req.identity ? resolveIdentity(facts, req.identity) : undefined;
    const id = resolveIdentity(facts, e.managedIdentity);
    checks.push(
      expected && !sameIdentity(expected, id)
        ? check(
            'identity-set',
            `The export runs as ${expected.label}`,
            'failed',
            `managedIdentity is ${e.managedIdentity} (${id.label})`,
            {
              fixes: [
                buildRecreateExportCommand(db.name, e, {
                  managedIdentity:
                    req.identity!.toLowerCase() === 'system' ? 'system' : (expected.objectId ?? req.identity!),
                }),
              ],
            },
          )
        : check(
            'identity-set',
            'The export names a managed identity',
            'passed',
            `managedIdentity is ${e.managedIdentity}`,
          ),
    );
    checks.push(quotedCheck(db.name, e, req.scriptText));
    checks.push(attachedCheck(id));
    checks.push(policyCheck(facts, db, id, 'AutomatedFlows'));
    for (const name of reads) {
      const read = findDatabase(facts, name);
      checks.push(
        read
          ? roleCheck(facts, read, id, 'viewer', {
              tenant: req.tenant,
              why: 'the export query reads it, which needs at least Viewer',
            })
          : databaseMissing(facts, name),
      );
    }
    checks.push(...storageChecks(facts, db, e, id, req.scriptText));
  }
  checks.push(intervalCheck(db.name, e), enabledCheck(db.name, e), lastRunCheck(db, e));
  checks.push(failuresCheck(db, e, req.now));
  return report(checks);
}

function quotedCheck(database: string, e: ContinuousExportRow, script: string | undefined): CheckResult {
  const title = 'managedIdentity is written as a quoted string';
  if (script !== undefined) {
    const head = new RegExp(
      `\\.create(?:-or-alter)?\\s+continuous-export\\s+(?:\\[\\s*['"])?${e.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`,
      'i',
    );
    const at = script.search(head);
    if (at >= 0) {
      const rest = script.slice(at, at + 4000).split(/<\|/)[0];
      const value = /managedIdentity\s*=\s*(\S)/i.exec(rest)?.[1];
      if (value !== undefined && value !== '"' && value !== "'") {
        return check(
          'identity-quoted',
          title,
          'failed',
          'the script writes managedIdentity unquoted; the official parser rejects that form',
          { fixes: [buildRecreateExportCommand(database, e)] },
        );
      }
      if (value !== undefined) return check('identity-quoted', title, 'passed', 'the script writes it quoted');
    }
    return check(
      'identity-quoted',
      title,
      'passed',
      `the script does not set managedIdentity for ${e.name}; the service stored ${e.managedIdentity}, so the command that set it was accepted`,
    );
  }
  return check(
    'identity-quoted',
    title,
    'passed',
    `the service stored managedIdentity ${e.managedIdentity}, so the command that set it was accepted${script === undefined ? '; give the script text to check how it is written there' : ''}`,
  );
}

function storageChecks(
  facts: ClusterFacts,
  db: DatabaseFacts,
  e: ContinuousExportRow,
  id: ResolvedIdentity,
  script: string | undefined,
): CheckResult[] {
  const title = `External table ${e.externalTableName} can be written`;
  if (db.externalTables === undefined)
    return [check('external-table-auth', title, 'unknown', unread('the external tables', db.errors, 'externalTables'))];
  const t = db.externalTables.find((x) => x.name.toLowerCase() === e.externalTableName.toLowerCase());
  if (!t)
    return [
      check(
        'external-table-auth',
        title,
        'failed',
        `external table ${e.externalTableName} does not exist in ${db.name}`,
      ),
    ];
  return revealHidden(t, script).table.connections.flatMap((c) =>
    storageAccess(c, id, title, t.tableType, true, facts),
  );
}

/**
 * What the identity needs on the store. With ARM facts of the storage account (see core/access) the role and the
 * network path are judged; without them (a Kusto URL only, SQL) Kusto cannot see storage or SQL permissions.
 */
export function storageAccess(
  c: ExternalConnection,
  id: ResolvedIdentity,
  title: string,
  tableType: string,
  write = true,
  facts?: ClusterFacts,
): CheckResult[] {
  const sql = /sql/i.test(tableType);
  if (!sql && facts?.targets && (c.auth.mode === 'managedIdentity' || c.auth.mode === 'impersonate')) {
    const reaching = c.auth.mode === 'managedIdentity' ? resolveIdentity(facts, c.auth.identity) : id;
    const judged = judgeStorage(
      facts,
      c.location,
      { objectId: reaching.objectId, label: reaching.label },
      write,
      c.location,
    );
    if (judged) return judged;
  }
  return [legacyStorageAccess(c, id, title, sql, write)];
}

function legacyStorageAccess(
  c: ExternalConnection,
  id: ResolvedIdentity,
  title: string,
  sql: boolean,
  write: boolean,
): CheckResult {
  const who =
    c.auth.mode === 'managedIdentity'
      ? `identity ${c.auth.identity}`
      : `${id.label}${id.objectId ? ` (object id ${id.objectId})` : ''}`;
  const need = sql
    ? write
      ? 'CREATE, UPDATE and INSERT permissions in the SQL database'
      : 'SELECT permission in the SQL database'
    : write
      ? 'the Storage Blob Data Contributor role on the storage account or container'
      : 'the Storage Blob Data Reader role on the storage account or container';
  const advice = sql
    ? `Grant ${who} ${need} (CREATE USER … FROM EXTERNAL PROVIDER; GRANT …).`
    : `Check with: az role assignment list --assignee ${id.objectId ?? '<object id>'} --all; grant with: az role assignment create --assignee-object-id ${id.objectId ?? '<object id>'} --assignee-principal-type ServicePrincipal --role "${write ? 'Storage Blob Data Contributor' : 'Storage Blob Data Reader'}" --scope <storage account resource id>`;
  switch (c.auth.mode) {
    case 'impersonate':
    case 'managedIdentity':
      return check(
        'external-table-auth',
        title,
        'unknown',
        `${c.location} is reached with ${c.auth.mode === 'impersonate' ? 'impersonation' : `managed identity ${c.auth.identity}`}: ${who} needs ${need}, which Kusto and the Microsoft.Kusto ARM API cannot see`,
        { subject: c.location, advice },
      );
    case 'hidden':
      return check('external-table-auth', title, 'unknown', `${c.location}: ${HIDDEN_AUTH_ADVICE}`, {
        subject: c.location,
        advice,
      });
    case 'keyOrSas':
      return check(
        'external-table-auth',
        title,
        'passed',
        `${c.location} is reached with a key or SAS (hidden); no role for the identity is needed there`,
        { subject: c.location },
      );
    default:
      return check(
        'external-table-auth',
        title,
        'unknown',
        `${c.location} names no credentials; the store must allow anonymous ${write ? 'writes' : 'reads'}, which cannot be seen from here`,
        { subject: c.location },
      );
  }
}

function intervalCheck(database: string, e: ContinuousExportRow): CheckResult {
  const title = 'intervalBetweenRuns is more than 1 minute';
  if (!e.intervalBetweenRuns)
    return check('interval', title, 'passed', 'no interval is stored; the service default applies');
  let ms: number;
  try {
    ms = parseTimespan(e.intervalBetweenRuns).milliseconds;
  } catch {
    return check('interval', title, 'unknown', `cannot read the interval ${e.intervalBetweenRuns}`);
  }
  if (ms > 60_000) return check('interval', title, 'passed', `it runs every ${e.intervalBetweenRuns}`);
  return check('interval', title, 'failed', `it is ${e.intervalBetweenRuns}; the service requires more than 1 minute`, {
    fixes: [buildRecreateExportCommand(database, e, { intervalBetweenRuns: '5m' })],
  });
}

function enabledCheck(database: string, e: ContinuousExportRow): CheckResult {
  return e.isDisabled
    ? check(
        'enabled',
        'The export is enabled',
        'failed',
        'it is disabled (by a user, or by the service after 7 days of failures)',
        {
          fixes: [buildEnableContinuousExportCommand(database, e.name)],
          advice: 'Fix the failing prerequisites first, or it fails again.',
        },
      )
    : check('enabled', 'The export is enabled', 'passed', 'it is enabled');
}

function lastRunCheck(db: DatabaseFacts, e: ContinuousExportRow): CheckResult {
  const title = 'The last run succeeded';
  const at = e.lastRunTime ? ` at ${e.lastRunTime.toISOString()}` : '';
  if (!e.lastRunResult) return check('last-run', title, 'unknown', 'it has not run yet');
  if (/^(completed|succeeded|success)$/i.test(e.lastRunResult))
    return check('last-run', title, 'passed', `${e.lastRunResult}${at}`);
  const latest = latestFailure(db.exportFailures?.[e.name]);
  return check('last-run', title, 'failed', `${e.lastRunResult}${at}${latest ? `: ${latest.details}` : ''}`);
}

function latestFailure(rows: readonly ExportFailureRow[] | undefined): ExportFailureRow | undefined {
  return [...(rows ?? [])].sort((a, b) => (b.timestamp?.getTime() ?? 0) - (a.timestamp?.getTime() ?? 0))[0];
}

function failuresCheck(db: DatabaseFacts, e: ContinuousExportRow, now: Date): CheckResult {
  const title = 'No failures in the last 7 days';
  const rows = db.exportFailures?.[e.name];
  if (rows === undefined)
    return check('failures-7d', title, 'unknown', unread(`the failures of ${e.name}`, db.errors, `failures:${e.name}`));
  const recent = rows.filter((f) => f.timestamp && now.getTime() - f.timestamp.getTime() <= 7 * DAY);
  if (!recent.length) return check('failures-7d', title, 'passed', 'no failure recorded in the last 7 days');
  const latest = latestFailure(recent)!;
  if (e.lastRunTime && /^completed$/i.test(e.lastRunResult ?? '') && e.lastRunTime > (latest.timestamp ?? now)) {
    return check(
      'failures-7d',
      title,
      'passed',
      `${recent.length} failure(s) in the last 7 days, but the run at ${e.lastRunTime.toISOString()} completed, so the 7-day clock restarted`,
    );
  }
  const lastSuccess = Math.max(0, ...rows.map((f) => f.lastSuccessRun?.getTime() ?? 0));
  const began = new Date(
    Math.min(
      ...recent.filter((f) => (f.timestamp?.getTime() ?? 0) > lastSuccess).map((f) => f.timestamp!.getTime()),
      latest.timestamp!.getTime(),
    ),
  );
  const disableAt = new Date(began.getTime() + 7 * DAY);
  const when =
    disableAt <= now
      ? `the service disables an export failing for 7 days: that date (${disableAt.toISOString()}) has passed`
      : `the service will disable it on ${disableAt.toISOString()} if it keeps failing`;
  return check(
    'failures-7d',
    title,
    'failed',
    `${recent.length} failure(s) in the last 7 days, failing since ${began.toISOString()}${lastSuccess ? ` (last success ${new Date(lastSuccess).toISOString()})` : ''}; ${when}. Latest: ${latest.details}`,
    { advice: 'Fix the failed prerequisites above; the failures stop with the next successful run.' },
  );
}
