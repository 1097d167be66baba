// Runs a parsed management command against one cluster's state and returns the v1 result table.
import { findDatabase } from '../state';
import type { ClusterState, DatabaseState, SandboxState } from '../types';
import { Command, parseCommand, Scope } from './commands';
import { artifactsTable, createExport, createExternalTable, exportsTable, externalTablesTable, failuresTable, findExport } from './exports';
import { mergePolicy, parsePolicy, showPolicyJson } from './identity';
import { addPrincipals, databaseRoleLabel, dropPrincipals, principalsTable } from './principals';
import { badRequest, notFound, Schema, V1Table, v1Table } from './results';

const POLICY_SCHEMA: Schema = [['PolicyName', 'string'], ['EntityName', 'string'], ['Policy', 'string'], ['ChildEntities', 'string'], ['EntityType', 'string']];

export function runManagement(state: SandboxState, cluster: ClusterState, contextDb: string | undefined, text: string): V1Table {
  return run(state, cluster, contextDb, parseCommand(text));
}

function database(cluster: ClusterState, name: string | undefined): DatabaseState {
  if (!name) throw badRequest('This command needs a database: send "db" in the request or name it in the command.');
  const db = findDatabase(cluster, name);
  if (!db) throw notFound('Database', name);
  return db;
}

/** Followers are read-only: every change to them is refused. */
function writable(db: DatabaseState): DatabaseState {
  if (db.kind === 'ReadOnlyFollowing') {
    throw badRequest(`Database '${db.name}' is a follower database (ReadOnlyFollowing) and is read-only: the change must be made on the leader.`);
  }
  return db;
}

function scoped(cluster: ClusterState, s: Scope): DatabaseState | undefined {
  return s.kind === 'database' ? database(cluster, s.database) : undefined;
}

function policyRow(state: SandboxState, cluster: ClusterState, db: DatabaseState | undefined, policyName: string, policy: string): V1Table {
  return v1Table(POLICY_SCHEMA, [[policyName, db ? `[${db.name}]` : '', policy,
    db ? db.tables.map((t) => `[${db.name}].[${t.name}]`).join(', ') : '', db ? 'Database' : 'Cluster']]);
}

function run(state: SandboxState, cluster: ClusterState, contextDb: string | undefined, c: Command): V1Table {
  switch (c.op) {
    case 'showPolicy':
    case 'deletePolicy': {
      const db = scoped(cluster, c.scope);
      if (c.op === 'deletePolicy') {
        if (db) writable(db);
        if (c.policy === 'managed_identity') { if (db) db.managedIdentityPolicy = null; else cluster.managedIdentityPolicy = null; }
        else if (db) db.streamingIngestion = null;
      }
      if (c.policy === 'streamingingestion') {
        if (!db) throw badRequest('Only the database streaming ingestion policy is served.');
        return policyRow(state, cluster, db, 'StreamingIngestionPolicy', db.streamingIngestion === null ? 'null' : JSON.stringify({ IsEnabled: db.streamingIngestion, HintAllocatedRate: null }));
      }
      return policyRow(state, cluster, db, 'ManagedIdentityPolicy', showPolicyJson(state, cluster, db ? db.managedIdentityPolicy : cluster.managedIdentityPolicy));
    }
    case 'alterPolicy': {
      const db = scoped(cluster, c.scope);
      if (db) writable(db);
      const entries = parsePolicy(c.payload, state, cluster, db);
      const current = db ? db.managedIdentityPolicy : cluster.managedIdentityPolicy;
      const next = c.merge ? mergePolicy(state, cluster, current, entries) : entries;
      if (db) db.managedIdentityPolicy = next; else cluster.managedIdentityPolicy = next;
      return policyRow(state, cluster, db, 'ManagedIdentityPolicy', showPolicyJson(state, cluster, next));
    }
    case 'alterStreaming': {
      const db = writable(database(cluster, c.database));
      db.streamingIngestion = c.enable;
      return policyRow(state, cluster, db, 'StreamingIngestionPolicy', JSON.stringify({ IsEnabled: c.enable, HintAllocatedRate: null }));
    }
    case 'showPrincipals': {
      const db = scoped(cluster, c.scope);
      return db ? principalsTable(db.principals, databaseRoleLabel(db)) : principalsTable(cluster.principals, (p) => p.role);
    }
    case 'addPrincipals':
    case 'dropPrincipals': {
      const db = scoped(cluster, c.scope);
      if (db) writable(db);
      const list = db ? db.principals : cluster.principals;
      const next = c.op === 'addPrincipals' ? addPrincipals(state, cluster, list, c.role, c.fqns, c.notes) : dropPrincipals(state, cluster, list, c.role, c.fqns);
      if (db) db.principals = next; else cluster.principals = next;
      return db ? principalsTable(next, databaseRoleLabel(db)) : principalsTable(next, (p) => p.role);
    }
    case 'createExternalTable': {
      const db = writable(database(cluster, contextDb));
      const t = createExternalTable(db, c);
      return externalTablesTable(db, t.name);
    }
    case 'showExternalTables': return externalTablesTable(database(cluster, contextDb), c.name);
    case 'dropExternalTable': {
      const db = writable(database(cluster, contextDb));
      const t = externalTablesTable(db, c.name);
      db.externalTables = db.externalTables.filter((x) => x.name.toLowerCase() !== c.name.toLowerCase());
      return t;
    }
    case 'createExport': {
      const db = writable(database(cluster, contextDb));
      return exportsTable(db, [createExport(state, cluster, db, c)]);
    }
    case 'showExports': {
      const db = database(cluster, contextDb);
      return exportsTable(db, db.continuousExports);
    }
    case 'showExport': {
      const db = database(cluster, contextDb);
      const e = findExport(db, c.name);
      if (c.part === 'failures') return failuresTable(e);
      if (c.part === 'exported-artifacts') return artifactsTable(e);
      return exportsTable(db, [e]);
    }
    case 'enableExport':
    case 'disableExport':
    case 'dropExport': {
      const db = writable(database(cluster, contextDb));
      const e = findExport(db, c.name);
      if (c.op === 'dropExport') {
        db.continuousExports = db.continuousExports.filter((x) => x !== e);
        return exportsTable(db, db.continuousExports);
      }
      e.isDisabled = c.op === 'disableExport';
      return exportsTable(db, [e]);
    }
    case 'createTable': {
      const db = writable(database(cluster, contextDb));
      const existing = db.tables.find((t) => t.name.toLowerCase() === c.name.toLowerCase());
      if (existing && JSON.stringify(existing.columns) !== JSON.stringify(c.columns)) {
        throw badRequest(`Table '${c.name}' already exists with a different schema.`);
      }
      if (!existing) db.tables.push({ name: c.name, columns: c.columns, rows: [] });
      return v1Table([['TableName', 'string'], ['Schema', 'string'], ['DatabaseName', 'string'], ['Folder', 'string'], ['DocString', 'string']],
        [[c.name, c.columns.map((x) => `${x.name}:${x.type}`).join(','), db.name, '', '']]);
    }
    case 'showTables': {
      const db = database(cluster, contextDb);
      return v1Table([['TableName', 'string'], ['DatabaseName', 'string'], ['Folder', 'string'], ['DocString', 'string']],
        db.tables.map((t) => [t.name, db.name, '', '']));
    }
    case 'showDatabases':
      return v1Table([['DatabaseName', 'string'], ['PersistentStorage', 'string'], ['Version', 'string'], ['IsCurrent', 'bool'],
        ['DatabaseAccessMode', 'string'], ['PrettyName', 'string'], ['ReservedSlot1', 'bool'], ['DatabaseId', 'guid'], ['InTransitionTo', 'string']],
      cluster.databases.map((d) => [d.name, `https://sandbox/${d.name}`, 'v1.0', d.name === contextDb, d.kind === 'ReadOnlyFollowing' ? 'ReadOnly' : 'ReadWrite',
        '', false, '00000000-0000-0000-0000-000000000000', '']));
  }
}
