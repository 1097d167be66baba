// Runs a parsed management command against one cluster's state and returns the v1 result table.
import { findDatabase } from '../state';
import type { ClusterState, DatabaseState, SandboxState } from '../types';
import { Command, parseCommand, Scope } from './commands';
import {
  artifactsTable,
  createExport,
  createExternalTable,
  exportsTable,
  externalTableSchemaTable,
  externalTablesTable,
  failuresTable,
  findExport,
} from './exports';
import { createFunction, dropFunction, findFunction, functionsOf, functionsTable } from './functions';
import { mergePolicy, parsePolicy, showPolicyJson } from './identity';
import { parseUpdatePolicy } from './updatePolicy';
import {
  addPrincipals,
  databaseRoleLabel,
  dropPrincipals,
  principalRolesTable,
  principalsTable,
  resolveFqn,
} from './principals';
import { badRequest, notFound, Schema, V1Table, v1Table } from './results';
import { docsVariant, policiesTable } from './variants';
import { authorizeChange, authorizeManagedIdentityChange, authorizeRead, Who } from './access';

const POLICY_SCHEMA: Schema = [
  ['PolicyName', 'string'],
  ['EntityName', 'string'],
  ['Policy', 'string'],
  ['ChildEntities', 'string'],
  ['EntityType', 'string'],
];

/** `caller` is the token's object id; undefined for a request without a token (emulator no-auth mode). */
export function runManagement(
  state: SandboxState,
  cluster: ClusterState,
  contextDb: string | undefined,
  text: string,
  caller?: string,
): V1Table {
  const command = parseCommand(text);
  const who: Who = { cluster, caller };
  return run(state, cluster, contextDb, command, who);
}

function database(cluster: ClusterState, name: string | undefined): DatabaseState {
  if (!name) throw badRequest('This command needs a database: send "db" in the request or name it in the command.');
  const db = findDatabase(cluster, name);
  if (!db) throw notFound('Database', name);
  return db;
}

/** Followers are read-only (follower page): policies, schema, data and exports are the leader's. */
function notFollower(db: DatabaseState): DatabaseState {
  if (db.kind === 'ReadOnlyFollowing') {
    throw badRequest(
      `Database '${db.name}' is a follower database (ReadOnlyFollowing) and is read-only: the change must be made on the leader.`,
    );
  }
  return db;
}

function writable(db: DatabaseState, who: Who): DatabaseState {
  authorizeChange(who, db);
  return notFollower(db);
}

function scoped(cluster: ClusterState, s: Scope): DatabaseState | undefined {
  return s.kind === 'database' ? database(cluster, s.database) : undefined;
}

function policyRow(
  state: SandboxState,
  cluster: ClusterState,
  db: DatabaseState | undefined,
  policyName: string,
  policy: string,
): V1Table {
  if (policyName === 'ManagedIdentityPolicy' && docsVariant(state))
    return policiesTable(db ? `[${db.name}]` : '', policy);
  return v1Table(POLICY_SCHEMA, [
    [
      policyName,
      db ? `[${db.name}]` : '',
      policy,
      db ? db.tables.map((t) => `[${db.name}].[${t.name}]`).join(', ') : '',
      db ? 'Database' : 'Cluster',
    ],
  ]);
}

type Table = DatabaseState['tables'][number];

function findTable(db: DatabaseState, name: string): Table {
  const t = db.tables.find((x) => x.name.toLowerCase() === name.toLowerCase());
  if (!t) throw notFound('Table', name);
  return t;
}

/** `.show table T|* policy update`: one row per table, `null` for a table without a policy. */
function updatePolicyRows(db: DatabaseState, tables: Table[]): V1Table {
  return v1Table(
    POLICY_SCHEMA,
    tables.map((t) => [
      'TableUpdatePolicy',
      `[${db.name}].[${t.name}]`,
      t.updatePolicy ? JSON.stringify(t.updatePolicy) : 'null',
      '',
      'Table',
    ]),
  );
}

const accessMode = (d: DatabaseState): string => (d.kind === 'ReadOnlyFollowing' ? 'ReadOnly' : 'ReadWrite');

/** The columns every form of `.show databases` starts with, and their cells. */
const DATABASE_LEAD_COLUMNS: [name: string, type: string][] = [
  ['DatabaseName', 'string'],
  ['PersistentStorage', 'string'],
  ['Version', 'string'],
  ['IsCurrent', 'bool'],
  ['DatabaseAccessMode', 'string'],
  ['PrettyName', 'string'],
];
const databaseLeadCells = (d: DatabaseState, contextDb: string | undefined) => [
  d.name,
  `https://sandbox/${d.name}`,
  'v1.0',
  d.name === contextDb,
  accessMode(d),
  '',
];

/**
 * `.show databases details`: the 21 columns of the docs' table (show-databases page, database-details-option include).
 * The counts are the live ones; the policies the sandbox does not model are `null`; `AuthorizedPrincipals` holds the
 * principals' rows as JSON (the docs do not give its shape; the product does not read it).
 */
function databaseDetailsTable(cluster: ClusterState, contextDb: string | undefined): V1Table {
  return v1Table(
    [
      ...DATABASE_LEAD_COLUMNS,
      ['AuthorizedPrincipals', 'string'],
      ['RetentionPolicy', 'string'],
      ['MergePolicy', 'string'],
      ['CachingPolicy', 'string'],
      ['ShardingPolicy', 'string'],
      ['StreamingIngestionPolicy', 'string'],
      ['IngestionBatchingPolicy', 'string'],
      ['TotalSize', 'real'],
      ['DatabaseId', 'guid'],
      ['InTransitionTo', 'string'],
      ['NumberOfTables', 'int'],
      ['NumberOfExternalTables', 'int'],
      ['NumberOfMaterializedViews', 'int'],
      ['EncryptionScope', 'int'],
      ['SuspensionState', 'string'],
    ],
    cluster.databases.map((d) => [
      ...databaseLeadCells(d, contextDb),
      JSON.stringify(
        d.principals.map((p) => ({
          Role: databaseRoleLabel(d)(p),
          PrincipalType: p.principalType,
          PrincipalDisplayName: p.displayName,
          PrincipalObjectId: p.principalId,
          PrincipalFQN: p.fqn,
        })),
      ),
      'null',
      'null',
      'null',
      'null',
      d.streamingIngestion === null
        ? 'null'
        : JSON.stringify({ IsEnabled: d.streamingIngestion, HintAllocatedRate: null }),
      'null',
      0,
      '00000000-0000-0000-0000-000000000000',
      '',
      d.tables.length,
      d.externalTables.length,
      0,
      0,
      '',
    ]),
  );
}

function run(state: SandboxState, cluster: ClusterState, contextDb: string | undefined, c: Command, who: Who): V1Table {
  switch (c.op) {
    case 'showPolicy':
    case 'deletePolicy': {
      const db = scoped(cluster, c.scope);
      if (c.op === 'deletePolicy') {
        if (c.policy === 'managed_identity') authorizeManagedIdentityChange(who);
        else authorizeChange(who, db);
        if (db) notFollower(db);
        if (c.policy === 'managed_identity') {
          if (db) db.managedIdentityPolicy = null;
          else cluster.managedIdentityPolicy = null;
        } else if (db) db.streamingIngestion = null;
      } else if (c.policy === 'managed_identity') authorizeRead(who, db, 'show the managed identity policy');
      if (c.policy === 'streamingingestion') {
        if (!db) throw badRequest('Only the database streaming ingestion policy is served.');
        return policyRow(
          state,
          cluster,
          db,
          'StreamingIngestionPolicy',
          db.streamingIngestion === null
            ? 'null'
            : JSON.stringify({ IsEnabled: db.streamingIngestion, HintAllocatedRate: null }),
        );
      }
      return policyRow(
        state,
        cluster,
        db,
        'ManagedIdentityPolicy',
        showPolicyJson(state, cluster, db ? db.managedIdentityPolicy : cluster.managedIdentityPolicy),
      );
    }
    case 'alterPolicy': {
      const db = scoped(cluster, c.scope);
      authorizeManagedIdentityChange(who);
      if (db) notFollower(db);
      const entries = parsePolicy(c.payload, state, cluster, db);
      const current = db ? db.managedIdentityPolicy : cluster.managedIdentityPolicy;
      const next = c.merge ? mergePolicy(state, cluster, current, entries) : entries;
      if (db) db.managedIdentityPolicy = next;
      else cluster.managedIdentityPolicy = next;
      return policyRow(state, cluster, db, 'ManagedIdentityPolicy', showPolicyJson(state, cluster, next));
    }
    case 'alterStreaming': {
      const db = writable(database(cluster, c.database), who);
      db.streamingIngestion = c.enable;
      return policyRow(
        state,
        cluster,
        db,
        'StreamingIngestionPolicy',
        JSON.stringify({ IsEnabled: c.enable, HintAllocatedRate: null }),
      );
    }
    case 'showUpdatePolicy': {
      const db = database(cluster, c.database ?? contextDb);
      return updatePolicyRows(db, c.table === '*' ? db.tables : [findTable(db, c.table)]);
    }
    case 'alterUpdatePolicy':
    case 'deleteUpdatePolicy': {
      const db = writable(database(cluster, c.database ?? contextDb), who);
      const t = findTable(db, c.table);
      if (c.op === 'alterUpdatePolicy') t.updatePolicy = parseUpdatePolicy(c.payload, state, cluster, db);
      else delete t.updatePolicy;
      return updatePolicyRows(db, [t]);
    }
    case 'showPrincipals': {
      const db = scoped(cluster, c.scope);
      return db
        ? principalsTable(db.principals, databaseRoleLabel(db))
        : principalsTable(cluster.principals, (p) => p.role);
    }
    case 'showPrincipalRoles':
      return principalRolesTable(cluster, resolveFqn(state, cluster, c.fqn));
    case 'addPrincipals':
    case 'dropPrincipals': {
      const db = scoped(cluster, c.scope);
      authorizeChange(who, db);
      // Principals of a follower can be managed (follower page, cluster-follower commands); only there takes `follower`.
      if (c.follower && db?.kind !== 'ReadOnlyFollowing')
        throw badRequest(
          `Database '${db?.name ?? ''}' is not a follower database: use .${c.op === 'addPrincipals' ? 'add' : 'drop'} database.`,
        );
      const list = db ? db.principals : cluster.principals;
      const next =
        c.op === 'addPrincipals'
          ? addPrincipals(state, cluster, list, c.role, c.fqns, c.notes)
          : dropPrincipals(state, cluster, list, c.role, c.fqns);
      if (db) db.principals = next;
      else cluster.principals = next;
      return db ? principalsTable(next, databaseRoleLabel(db)) : principalsTable(next, (p) => p.role);
    }
    case 'createExternalTable': {
      const db = writable(database(cluster, contextDb), who);
      const t = createExternalTable(db, c);
      return externalTablesTable(state, db, t.name);
    }
    case 'showExternalTables': {
      const db = database(cluster, contextDb);
      authorizeRead(who, db, 'show external tables');
      return externalTablesTable(state, db, c.name);
    }
    case 'showExternalTableSchema':
      return externalTableSchemaTable(database(cluster, contextDb), c.name, c.format);
    case 'dropExternalTable': {
      const db = writable(database(cluster, contextDb), who);
      const t = externalTablesTable(state, db, c.name);
      db.externalTables = db.externalTables.filter((x) => x.name.toLowerCase() !== c.name.toLowerCase());
      return t;
    }
    case 'createExport': {
      const db = writable(database(cluster, contextDb), who);
      return exportsTable(state, db, [createExport(state, cluster, db, c)]);
    }
    case 'showExports': {
      const db = database(cluster, contextDb);
      return exportsTable(state, db, db.continuousExports);
    }
    case 'showExport': {
      const db = database(cluster, contextDb);
      const e = findExport(db, c.name);
      if (c.part === 'failures') return failuresTable(e);
      if (c.part === 'exported-artifacts') return artifactsTable(e);
      return exportsTable(state, db, [e]);
    }
    case 'enableExport':
    case 'disableExport':
    case 'dropExport': {
      const db = writable(database(cluster, contextDb), who);
      const e = findExport(db, c.name);
      if (c.op === 'dropExport') {
        db.continuousExports = db.continuousExports.filter((x) => x !== e);
        return exportsTable(state, db, db.continuousExports);
      }
      e.isDisabled = c.op === 'disableExport';
      return exportsTable(state, db, [e]);
    }
    case 'createTable': {
      const db = writable(database(cluster, contextDb), who);
      const existing = db.tables.find((t) => t.name.toLowerCase() === c.name.toLowerCase());
      if (existing && JSON.stringify(existing.columns) !== JSON.stringify(c.columns)) {
        throw badRequest(`Table '${c.name}' already exists with a different schema.`);
      }
      if (!existing) db.tables.push({ name: c.name, columns: c.columns, rows: [] });
      return v1Table(
        [
          ['TableName', 'string'],
          ['Schema', 'string'],
          ['DatabaseName', 'string'],
          ['Folder', 'string'],
          ['DocString', 'string'],
        ],
        [[c.name, c.columns.map((x) => `${x.name}:${x.type}`).join(','), db.name, '', '']],
      );
    }
    case 'showTables': {
      const db = database(cluster, contextDb);
      return v1Table(
        [
          ['TableName', 'string'],
          ['DatabaseName', 'string'],
          ['Folder', 'string'],
          ['DocString', 'string'],
        ],
        db.tables.map((t) => [t.name, db.name, '', '']),
      );
    }
    case 'showFunctions':
      return functionsTable(functionsOf(database(cluster, contextDb)));
    case 'showFunction':
      return functionsTable([findFunction(database(cluster, contextDb), c.name)]);
    case 'createFunction': {
      const db = writable(database(cluster, contextDb), who);
      return functionsTable([createFunction(db, c)]);
    }
    case 'dropFunction':
      return dropFunction(writable(database(cluster, contextDb), who), c.name, c.ifExists);
    case 'showDatabases':
      if (c.details) {
        authorizeRead(who, undefined, 'show the databases details');
        return databaseDetailsTable(cluster, contextDb);
      }
      return v1Table(
        [...DATABASE_LEAD_COLUMNS, ['ReservedSlot1', 'bool'], ['DatabaseId', 'guid'], ['InTransitionTo', 'string']],
        cluster.databases.map((d) => [
          ...databaseLeadCells(d, contextDb),
          false,
          '00000000-0000-0000-0000-000000000000',
          '',
        ]),
      );
  }
}
