// Each read the tree makes on a cluster: the core's command, what it is for (for error messages), and the core's parser.
import {
  buildShowClusterPrincipalsCommand,
  buildShowContinuousExportsCommand,
  buildShowDatabasePrincipalsCommand,
  buildShowDatabasesCommand,
  buildShowExportFailuresCommand,
  buildShowExternalTableSchemaCommand,
  buildShowFunctionsCommand,
  buildShowUpdatePoliciesCommand,
  buildShowExternalTablesCommand,
  buildShowPolicyCommand,
  type ManagementCommand,
} from '../core/commands';
import * as read from './readers';
import type { ResultTable } from './model';
import type {
  ContinuousExportRow,
  DatabaseRow,
  ExportFailureRow,
  ExternalTableRow,
  ExternalTableSchemaRow,
  FunctionRow,
  PolicyRow,
  PrincipalRow,
  UpdatePolicyRow,
} from './rows';

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
    read: read.policy,
  }),
  clusterPrincipals: (): Query<PrincipalRow> => ({
    command: buildShowClusterPrincipalsCommand(),
    action: 'show the cluster principals',
    permission: CLUSTER_MONITOR,
    read: read.principals,
  }),
  databases: (): Query<DatabaseRow> => ({
    command: buildShowDatabasesCommand(),
    action: 'show the databases',
    permission: 'Database Viewer on at least one database',
    read: read.databases,
  }),
  databasePrincipals: (db: string): Query<PrincipalRow> => ({
    command: buildShowDatabasePrincipalsCommand(db),
    action: `show the principals of ${db}`,
    permission: DB_VIEWER(db),
    read: read.principals,
  }),
  databasePolicy: (db: string): Query<PolicyRow> => ({
    command: buildShowPolicyCommand({ scope: 'database', database: db }),
    action: `show the managed identity policy of ${db}`,
    permission: DB_VIEWER(db),
    read: read.policy,
  }),
  externalTables: (db: string): Query<ExternalTableRow> => ({
    command: buildShowExternalTablesCommand(db),
    action: `show the external tables of ${db}`,
    permission: DB_VIEWER(db),
    read: read.externalTables,
  }),
  externalTableSchema: (db: string, name: string): Query<ExternalTableSchemaRow> => ({
    command: buildShowExternalTableSchemaCommand(db, name),
    action: `show the columns of external table ${name}`,
    permission: DB_VIEWER(db),
    read: read.externalTableSchema,
  }),
  functions: (db: string): Query<FunctionRow> => ({
    command: buildShowFunctionsCommand(db),
    action: `show the functions of ${db}`,
    permission: DB_VIEWER(db),
    read: read.functions,
  }),
  updatePolicies: (db: string): Query<UpdatePolicyRow> => ({
    command: buildShowUpdatePoliciesCommand(db),
    action: `show the update policies of ${db}`,
    permission: DB_VIEWER(db),
    read: read.updatePolicies,
  }),
  continuousExports: (db: string): Query<ContinuousExportRow> => ({
    command: buildShowContinuousExportsCommand(db),
    action: `show the continuous exports of ${db}`,
    permission: DB_VIEWER(db),
    read: read.continuousExports,
  }),
  exportFailures: (db: string, name: string): Query<ExportFailureRow> => ({
    command: buildShowExportFailuresCommand(db, name),
    action: `show the failures of continuous export ${name}`,
    permission: DB_VIEWER(db),
    read: read.exportFailures,
  }),
};
