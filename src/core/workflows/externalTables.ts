// Flow 2: external tables reached with a managed identity (or impersonation); flow 3: Event Hub / IoT Hub native ingestion.
import { isGuid, sameGuid } from '../guid';
import { HIDDEN_AUTH_ADVICE, type ExternalConnection, type ExternalTableRow } from '../results/externalTables';
import type { ManagementCommand } from '../commands';
import { attachedCheck, databaseMissing, policyCheck } from './common';
import { cosmosRoleCheck, eventHubNetworkCheck, targetRoleCheck } from '../access/judge';
import { storageAccess } from './continuousExport';
import { connectionTarget } from './targets';
import { identityOfResource, resolveIdentity, type ResolvedIdentity } from './identity';
import { revealHidden } from './scriptAuth';
import { externalTableCommand, tableDefinition } from './snapshot';
import {
  check,
  findDatabase,
  overallVerdict,
  unread,
  type CheckResult,
  type ClusterFacts,
  type DataConnectionFacts,
  type DatabaseFacts,
  type FlowReport,
} from './types';

export interface ExternalTableRequest {
  readonly database: string;
  /** One table; omitted: every table that uses a managed identity or impersonation, or all when none does. */
  readonly table?: string;
  /** The identity the tables are expected to use (`system`, an object id…). */
  readonly identity?: string;
  /** The `.kql` script that created the tables: auth modes the service masks are read from it. */
  readonly scriptText?: string;
}

export function checkExternalTables(facts: ClusterFacts, req: ExternalTableRequest): FlowReport {
  const report = (checks: CheckResult[]): FlowReport => ({
    flow: 'external-table',
    cluster: facts.name,
    database: req.database,
    verdict: overallVerdict(checks),
    checks,
  });
  const db = findDatabase(facts, req.database);
  if (!db) return report([databaseMissing(facts, req.database)]);
  if (db.externalTables === undefined)
    return report([
      check(
        'external-table',
        'External tables can be read',
        'unknown',
        unread('the external tables', db.errors, 'externalTables'),
      ),
    ]);
  let tables = db.externalTables.map((t) => revealHidden(t, req.scriptText).table);
  if (req.table) {
    tables = tables.filter((t) => t.name.toLowerCase() === req.table!.toLowerCase());
    if (!tables.length)
      return report([
        check(
          'external-table',
          `External table ${req.table} exists`,
          'failed',
          `no external table ${req.table} in ${db.name}`,
          { subject: req.table },
        ),
      ]);
  } else {
    // A masked connection may hide an identity: such tables are checked too (their verdict is unknown).
    const usingIdentity = tables.filter((t) =>
      t.connections.some((c) => ['managedIdentity', 'impersonate', 'hidden'].includes(c.auth.mode)),
    );
    if (usingIdentity.length) tables = usingIdentity;
    if (!tables.length)
      return report([check('external-table', 'External tables exist', 'failed', `no external table in ${db.name}`)]);
  }
  return report(
    tables.flatMap((t) => {
      const fix = recreateOn(facts, db, t, req.identity ?? 'system');
      // The one command fixes every connection of the table: it is offered on the first that fails.
      let offered = false;
      return t.connections.flatMap((c) =>
        connectionChecks(facts, db, t, c, req.identity, () => {
          if (!('command' in fix)) return fix;
          if (offered) return { offered: true };
          offered = true;
          return fix;
        }),
      );
    }),
  );
}

type Recreate = { readonly command: ManagementCommand } | { readonly whyNot: string } | { readonly offered: true };

/** `.create-or-alter external table` with every connection on `identity`, when the table's definition was read. */
function recreateOn(
  facts: ClusterFacts,
  db: DatabaseFacts,
  t: ExternalTableRow,
  identity: string,
): Exclude<Recreate, { offered: true }> {
  const id = resolveIdentity(facts, identity);
  const auth = id.system ? 'system' : id.objectId;
  if (!auth) return { whyNot: `the object id of ${identity} is not known here` };
  const d = tableDefinition(
    t,
    db.externalTableColumns?.[t.name],
    { managedIdentity: auth },
    db.errors[`columns:${t.name}`],
  );
  return 'definition' in d
    ? { command: externalTableCommand(db.name, t.name, d.definition) }
    : { whyNot: d.notRecreatable };
}

const same = (a: string, b: string): boolean =>
  isGuid(a) && isGuid(b) ? sameGuid(a, b) : a.toLowerCase() === b.toLowerCase();

function connectionChecks(
  facts: ClusterFacts,
  db: DatabaseFacts,
  t: ExternalTableRow,
  c: ExternalConnection,
  expected: string | undefined,
  recreate: () => Recreate,
): CheckResult[] {
  const subject = `${t.name} → ${c.location}`;
  const title = `${t.name} names a managed identity or impersonation`;
  // Only failing checks ask for the fix, so the command goes to the first connection that fails.
  const failed = (reason: string): CheckResult => {
    const r = recreate();
    if ('command' in r) return check('connection-auth', title, 'failed', reason, { subject, fixes: [r.command] });
    if ('offered' in r)
      return check('connection-auth', title, 'failed', reason, {
        subject,
        advice: `The .create-or-alter offered for the first connection of ${t.name} fixes this one too.`,
      });
    const suffix = `;managed_identity=${expected ?? 'system'}`;
    return check('connection-auth', title, 'failed', reason, {
      subject,
      advice: `Recreate it with the identity in each connection string, e.g. .create-or-alter external table ${t.name} (…) kind=${/sql/i.test(t.tableType) ? 'sql' : 'storage'} … (h@'${c.location}${suffix}'). It cannot be generated here: ${r.whyNot}.`,
    });
  };
  if (c.auth.mode === 'impersonate') {
    if (expected) return [failed(`it uses impersonation, not managed identity ${expected}`)];
    return [
      check(
        'connection-auth',
        title,
        'passed',
        "it uses impersonation: each query runs with the caller's own identity",
        { subject },
      ),
      ...storageAccess(
        c,
        { label: 'each querying principal', system: false, attachedReason: '' },
        `${t.name} can be read`,
        t.tableType,
        false,
      ),
    ];
  }
  if (c.auth.mode === 'hidden') {
    return [
      check('connection-auth', title, 'unknown', `${c.location}: ${HIDDEN_AUTH_ADVICE}`, {
        subject,
        advice: expected
          ? `If it does not use ${expected}, recreate it with ;managed_identity=${expected} in each connection string.`
          : undefined,
      }),
    ];
  }
  if (c.auth.mode !== 'managedIdentity') {
    return [
      failed(
        c.auth.mode === 'keyOrSas'
          ? 'it authenticates with a key or SAS (hidden), not an identity'
          : 'it names no credentials',
      ),
    ];
  }
  const named = c.auth.identity;
  if (named === 'unknown') return [failed('managed_identity= holds neither "system" nor an object id')];
  if (expected && !sameIdentity(facts, named, expected))
    return [failed(`it uses managed identity ${named}, not ${expected}`)];
  const id: ResolvedIdentity = resolveIdentity(facts, named);
  return [
    check('connection-auth', title, 'passed', `managed_identity=${named}`, { subject }),
    attachedCheck(id, subject),
    policyCheck(facts, db, id, 'ExternalTable', subject),
    ...storageAccess(c, id, `${t.name} can be read`, t.tableType, false, facts),
  ];
}

function sameIdentity(facts: ClusterFacts, a: string, b: string): boolean {
  if (same(a, b)) return true;
  const x = resolveIdentity(facts, a);
  const y = resolveIdentity(facts, b);
  return (x.system && y.system) || (!!x.objectId && !!y.objectId && sameGuid(x.objectId, y.objectId));
}

export interface NativeIngestionRequest {
  readonly database: string;
  readonly connection?: string;
  /** With only a Kusto URL, the identity to check the policy for (data connections are not visible then). */
  readonly identity?: string;
}

export function checkNativeIngestion(facts: ClusterFacts, req: NativeIngestionRequest): FlowReport {
  const report = (checks: CheckResult[]): FlowReport => ({
    flow: 'native-ingestion',
    cluster: facts.name,
    database: req.database,
    verdict: overallVerdict(checks),
    checks,
  });
  const db = findDatabase(facts, req.database);
  if (!db) return report([databaseMissing(facts, req.database)]);
  if (!facts.arm || db.dataConnections === undefined) {
    const why = !facts.arm
      ? 'data connections are ARM resources and only a Kusto URL is known, so which identity they use cannot be seen'
      : unread('the data connections', db.errors, 'dataConnections');
    const checks = [
      check('data-connection', 'Data connections can be read', 'unknown', why, {
        advice: "Check the connection's identity in the portal (database → Data connections).",
      }),
    ];
    if (req.identity) checks.push(policyCheck(facts, db, resolveIdentity(facts, req.identity), 'NativeIngestion'));
    return report(checks);
  }
  let list = db.dataConnections.filter((d) => /^(eventhub|iothub|cosmosdb)$/i.test(d.kind));
  if (req.connection) list = db.dataConnections.filter((d) => d.name.toLowerCase() === req.connection!.toLowerCase());
  if (!list.length) {
    return report([
      check(
        'data-connection',
        req.connection ? `Data connection ${req.connection} exists` : 'Event Hub / IoT Hub data connections exist',
        'failed',
        req.connection
          ? `no data connection ${req.connection} on ${db.name}`
          : `no Event Hub or IoT Hub data connection on ${db.name}`,
      ),
    ]);
  }
  return report(
    list.flatMap((d): CheckResult[] => {
      const subject = `${d.kind} ${d.name}`;
      const title = `${d.name} authenticates with a managed identity`;
      if (!d.identityResourceId) {
        return [
          check(
            'connection-identity',
            title,
            'failed',
            'no managedIdentityResourceId: it uses a key or shared access policy',
            {
              subject,
              advice: `Recreate the data connection with managedIdentityResourceId = ${facts.resourceId ?? '<cluster resource id>'} (system identity) or a user-assigned identity's resource id (portal → Data connections, or ARM).`,
            },
          ),
        ];
      }
      const id = identityOfResource(facts, d.identityResourceId);
      return [
        check('connection-identity', title, 'passed', `managedIdentityResourceId names ${id.label}`, { subject }),
        attachedCheck(id, subject),
        policyCheck(facts, db, id, 'NativeIngestion', subject),
        ...sourceChecks(facts, d, id, subject),
      ];
    }),
  );
}

/** The role on the Event Hub or Cosmos DB account the connection reads (and the namespace's network rules), when ARM showed them. */
function sourceChecks(
  facts: ClusterFacts,
  d: DataConnectionFacts,
  id: ResolvedIdentity,
  subject: string,
): CheckResult[] {
  if (!facts.targets) return [];
  const target = connectionTarget(d, id.objectId);
  if (!target) return [];
  const who = { objectId: id.objectId, label: id.label };
  if (target.kind === 'eventhub')
    return [
      targetRoleCheck(facts.targets[target.key], target, who, 'eventHubReceive', subject),
      eventHubNetworkCheck(facts.targets[target.key], target, facts, subject),
    ];
  if (target.kind === 'cosmos') return [cosmosRoleCheck(facts.targets[target.key], target, who, subject)];
  return [];
}
