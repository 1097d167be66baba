// Each read the tree makes on a cluster: the core's command, what it is for (for error messages), and the core's parser.
import {
  buildShowClusterPrincipalsCommand,
  buildShowContinuousExportsCommand,
  buildShowDatabasePrincipalsCommand,
  buildShowDatabasesCommand,
  buildShowDatabasesDetailsCommand,
  buildShowExportFailuresCommand,
  buildShowExternalTableSchemaCommand,
  buildShowFunctionsCommand,
  buildShowUpdatePoliciesCommand,
  buildShowExternalTablesCommand,
  buildShowPolicyCommand,
  type ManagementCommand,
} from '../core/commands';
import {
  parseContinuousExportRows,
  parseDatabaseDetailsRows,
  parseDatabaseRows,
  parseExportFailureRows,
  parseExternalTableRows,
  parseExternalTableSchema,
  parseFunctionRows,
  parsePolicyRows,
  parsePrincipalRows,
  parseUpdatePolicyRows,
  type ContinuousExportRow,
  type DatabaseDetailsRow,
  type DatabaseRow,
  type ExportFailureRow,
  type ExternalTableRow,
  type ExternalTableSchemaRow,
  type FunctionRow,
  type ManagedIdentityPolicyEntry as PolicyRow,
  type PrincipalRow,
  type UpdatePolicyRow,
} from '../core/results';
import type { ResultTable } from './model';

/** One `.show … policy managed_identity` row per entity: the tree lists the entries. */
const policyEntries = (t: ResultTable): PolicyRow[] => parsePolicyRows(t).flatMap((r) => r.entries);

export interface Query<T> {
  readonly command: ManagementCommand;
  readonly action: string;
  readonly permission: string;
  readonly read: (table: ResultTable) => T[];
}

const DB_VIEWER = (db: string): string => `Database Viewer (or higher) on ${db}`;
const CLUSTER_MONITOR = 'AllDatabasesMonitor, AllDatabasesViewer or AllDatabasesAdmin on the cluster';

export const queries = {
  clusterPolicy: (): Query<PolicyRow> => ({
    command: buildShowPolicyCommand({ scope: 'cluster' }),
    action: 'show the cluster managed identity policy',
    permission: CLUSTER_MONITOR,
    read: policyEntries,
  }),
  clusterPrincipals: (): Query<PrincipalRow> => ({
    command: buildShowClusterPrincipalsCommand(),
    action: 'show the cluster principals',
    permission: CLUSTER_MONITOR,
    read: parsePrincipalRows,
  }),
  databases: (): Query<DatabaseRow> => ({
    command: buildShowDatabasesCommand(),
    action: 'show the databases',
    permission: 'Database Viewer on at least one database',
    read: parseDatabaseRows,
  }),
  databaseDetails: (): Query<DatabaseDetailsRow> => ({
    command: buildShowDatabasesDetailsCommand(),
    action: 'show the databases with their details',
    permission: 'AllDatabasesMonitor on the cluster',
    read: parseDatabaseDetailsRows,
  }),
  databasePrincipals: (db: string): Query<PrincipalRow> => ({
    command: buildShowDatabasePrincipalsCommand(db),
    action: `show the principals of ${db}`,
    permission: DB_VIEWER(db),
    read: parsePrincipalRows,
  }),
  databasePolicy: (db: string): Query<PolicyRow> => ({
    command: buildShowPolicyCommand({ scope: 'database', database: db }),
    action: `show the managed identity policy of ${db}`,
    permission: DB_VIEWER(db),
    read: policyEntries,
  }),
  externalTables: (db: string): Query<ExternalTableRow> => ({
    command: buildShowExternalTablesCommand(db),
    action: `show the external tables of ${db}`,
    permission: DB_VIEWER(db),
    read: parseExternalTableRows,
  }),
  externalTableSchema: (db: string, name: string): Query<ExternalTableSchemaRow> => ({
    command: buildShowExternalTableSchemaCommand(db, name),
    action: `show the columns of external table ${name}`,
    permission: DB_VIEWER(db),
    read: (t) => [parseExternalTableSchema(t)],
  }),
  functions: (db: string): Query<FunctionRow> => ({
    command: buildShowFunctionsCommand(db),
    action: `show the functions of ${db}`,
    permission: DB_VIEWER(db),
    read: parseFunctionRows,
  }),
  updatePolicies: (db: string): Query<UpdatePolicyRow> => ({
    command: buildShowUpdatePoliciesCommand(db),
    action: `show the update policies of ${db}`,
    permission: DB_VIEWER(db),
    read: parseUpdatePolicyRows,
  }),
  continuousExports: (db: string): Query<ContinuousExportRow> => ({
    command: buildShowContinuousExportsCommand(db),
    action: `show the continuous exports of ${db}`,
    permission: DB_VIEWER(db),
    read: parseContinuousExportRows,
  }),
  exportFailures: (db: string, name: string): Query<ExportFailureRow> => ({
    command: buildShowExportFailuresCommand(db, name),
    action: `show the failures of continuous export ${name}`,
    permission: DB_VIEWER(db),
    read: parseExportFailureRows,
  }),
};
