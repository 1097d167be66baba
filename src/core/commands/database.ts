// Database-level commands around the identity flows: streaming ingestion policy, tables, listing databases.
import { KqlInputError, inField } from '../kql/errors';
import { stringLiteral } from '../kql/literals';
import { checkEntityName, quoteName } from '../kql/names';
import { checkObjectId } from '../kql/values';
import { clusterCommand, databaseCommand, type ManagementCommand } from './command';
import { columnsText, type ColumnInput } from './externalTables';

export function buildEnableStreamingIngestionCommand(database: string): ManagementCommand {
  return databaseCommand(
    `.alter database ${quoteName(database, 'database', 'database')} policy streamingingestion enable`,
    database,
  );
}

/** Destructive: streaming ingestion into the database (e.g. an IoT Operations dataflow) stops working. */
export function buildDisableStreamingIngestionCommand(database: string): ManagementCommand {
  return databaseCommand(
    `.alter database ${quoteName(database, 'database', 'database')} policy streamingingestion disable`,
    database,
    true,
  );
}

export function buildShowStreamingIngestionPolicyCommand(database: string): ManagementCommand {
  return databaseCommand(
    `.show database ${quoteName(database, 'database', 'database')} policy streamingingestion`,
    database,
  );
}

/** `.create table T (…)` does not name the database: the request is sent to it. */
export function buildCreateTableCommand(
  database: string,
  name: string,
  columns: readonly ColumnInput[],
): ManagementCommand {
  const db = checkEntityName(database, 'database', 'database');
  return databaseCommand(`.create table ${quoteName(name, 'table', 'name')} ${columnsText(columns)}`, db);
}

export function buildShowDatabasesCommand(): ManagementCommand {
  return clusterCommand('.show databases');
}

/** `.show databases details`: one row per database with, among others, its table and external table counts. */
export function buildShowDatabasesDetailsCommand(): ManagementCommand {
  return clusterCommand('.show databases details');
}

/** `.show table * policy update`: the update policy of every table of the database (one row per table). */
export function buildShowUpdatePoliciesCommand(database: string): ManagementCommand {
  return databaseCommand('.show table * policy update', checkEntityName(database, 'database', 'database'));
}

export interface UpdatePolicyInput {
  readonly source: string;
  readonly query: string;
  readonly isEnabled?: boolean;
  readonly isTransactional?: boolean;
  readonly propagateIngestionProperties?: boolean;
  /** `system` or an object id: the query then runs as that identity (its policy must allow AutomatedFlows). */
  readonly managedIdentity?: string;
}

/**
 * `.alter table T policy update` with the whole policy (destructive: it replaces the table's update policy). The JSON
 * goes in a ``` block, or in a string literal when a query holds ``` itself.
 */
export function buildAlterUpdatePolicyCommand(
  database: string,
  table: string,
  entries: readonly UpdatePolicyInput[],
  options: { pretty?: boolean } = {},
): ManagementCommand {
  const db = checkEntityName(database, 'database', 'database');
  if (!Array.isArray(entries) || entries.length === 0)
    throw new KqlInputError('must list at least one update policy (to remove it, delete it)', 'entries');
  const json = JSON.stringify(
    entries.map((e, i) =>
      inField(`entries[${i}]`, () => {
        if (typeof e.query !== 'string' || e.query.trim() === '')
          throw new KqlInputError('must be the query that fills the table', 'query');
        return {
          IsEnabled: e.isEnabled ?? true,
          Source: checkEntityName(e.source, 'table', 'source'),
          Query: e.query,
          IsTransactional: e.isTransactional ?? false,
          PropagateIngestionProperties: e.propagateIngestionProperties ?? false,
          ...(e.managedIdentity !== undefined
            ? { ManagedIdentity: checkObjectId(e.managedIdentity, { allowSystem: true }, 'managedIdentity') }
            : {}),
        };
      }),
    ),
    null,
    options.pretty ? 2 : undefined,
  );
  const literal = json.includes('```') || json.endsWith('`') ? stringLiteral(json) : `\`\`\`${json}\`\`\``;
  return databaseCommand(`.alter table ${quoteName(table, 'table', 'table')} policy update ${literal}`, db, true);
}

/** `.show functions`: the database's stored functions with their bodies (what an update policy's query may call). */
export function buildShowFunctionsCommand(database: string): ManagementCommand {
  return databaseCommand('.show functions', checkEntityName(database, 'database', 'database'));
}
