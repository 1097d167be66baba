// Database-level commands around the identity flows: streaming ingestion policy, tables, listing databases.
import { checkEntityName, quoteName } from '../kql/names';
import { clusterCommand, databaseCommand, type ManagementCommand } from './command';
import { columnsText, type ColumnInput } from './externalTables';

export function buildEnableStreamingIngestionCommand(database: string): ManagementCommand {
  return databaseCommand(`.alter database ${quoteName(database, 'database', 'database')} policy streamingingestion enable`, database);
}

/** Destructive: streaming ingestion into the database (e.g. an IoT Operations dataflow) stops working. */
export function buildDisableStreamingIngestionCommand(database: string): ManagementCommand {
  return databaseCommand(`.alter database ${quoteName(database, 'database', 'database')} policy streamingingestion disable`, database, true);
}

export function buildShowStreamingIngestionPolicyCommand(database: string): ManagementCommand {
  return databaseCommand(`.show database ${quoteName(database, 'database', 'database')} policy streamingingestion`, database);
}

/** `.create table T (…)` does not name the database: the request is sent to it. */
export function buildCreateTableCommand(database: string, name: string, columns: readonly ColumnInput[]): ManagementCommand {
  const db = checkEntityName(database, 'database', 'database');
  return databaseCommand(`.create table ${quoteName(name, 'table', 'name')} ${columnsText(columns)}`, db);
}

export function buildShowDatabasesCommand(): ManagementCommand {
  return clusterCommand('.show databases');
}

/** `.show table * policy update`: the update policy of every table of the database (one row per table). */
export function buildShowUpdatePoliciesCommand(database: string): ManagementCommand {
  return databaseCommand('.show table * policy update', checkEntityName(database, 'database', 'database'));
}
