// A fixed catalog of builder outputs covering every builder and option; the judge must accept every one.
import * as c from '../../../src/core/commands';

export const OBJECT_ID = '6a2f1c3e-8b4d-4e5f-9a01-23456789abcd';
export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

export interface CatalogEntry {
  readonly label: string;
  readonly command: c.ManagementCommand;
  /** Names the parser must read back, in order (a subset check from the first name). */
  readonly names?: readonly string[];
  /** String values the parser must read back, in order. */
  readonly strings?: readonly string[];
}

const db = { scope: 'database', database: 'Sales.EU' } as const;
const columns = [
  { name: 'x', type: 'int' },
  { name: 's', type: 'string' },
  { name: 'when it happened', type: 'datetime' },
];

export function catalog(): CatalogEntry[] {
  return [
    { label: 'show cluster policy', command: c.buildShowPolicyCommand({ scope: 'cluster' }) },
    { label: 'show database policy', command: c.buildShowPolicyCommand(db), names: ['Sales.EU'] },
    {
      label: 'alter cluster policy',
      command: c.buildAlterPolicyCommand({ scope: 'cluster' }, [
        { objectId: 'system', usages: ['AutomatedFlows', 'SandboxArtifacts'] },
        { objectId: OBJECT_ID, usages: ['All'] },
      ]),
    },
    {
      label: 'alter-merge database policy',
      command: c.buildAlterPolicyCommand(db, [{ objectId: OBJECT_ID, usages: ['ExternalTable', 'AutomatedFlows'] }], {
        merge: true,
      }),
      names: ['Sales.EU'],
    },
    { label: 'delete cluster policy', command: c.buildDeletePolicyCommand({ scope: 'cluster' }) },
    {
      label: 'delete database policy',
      command: c.buildDeletePolicyCommand({ scope: 'database', database: 'table' }),
      names: ['table'],
    },
    ...(['admins', 'users', 'viewers', 'unrestrictedviewers', 'ingestors', 'monitors'] as const).map((role) => ({
      label: `add ${role}`,
      command: c.buildAddPrincipalCommand(
        'Sales',
        role,
        { kind: 'app', objectId: OBJECT_ID, tenant: TENANT },
        'It\'s the "export" identity\nline 2',
      ),
      strings: [`aadapp=${OBJECT_ID};${TENANT}`, 'It\'s the "export" identity\nline 2'],
    })),
    {
      label: 'add system identity',
      command: c.buildAddPrincipalCommand('my db', 'viewers', { kind: 'system', objectId: OBJECT_ID, tenant: TENANT }),
      names: ['my db'],
      strings: [`aadapp=${OBJECT_ID};${TENANT}`],
    },
    {
      label: 'drop principal',
      command: c.buildDropPrincipalCommand('Sales', 'ingestors', {
        kind: 'system',
        objectId: OBJECT_ID,
        tenant: 'contoso.onmicrosoft.com',
      }),
    },
    {
      label: 'add follower principal',
      command: c.buildAddFollowerPrincipalCommand(
        'my db',
        'viewers',
        { kind: 'app', objectId: OBJECT_ID, tenant: TENANT },
        'n',
      ),
      names: ['my db'],
      strings: [`aadapp=${OBJECT_ID};${TENANT}`, 'n'],
    },
    {
      label: 'drop follower principal',
      command: c.buildDropFollowerPrincipalCommand('Sales', 'monitors', {
        kind: 'app',
        objectId: OBJECT_ID,
        tenant: TENANT,
      }),
    },
    {
      label: 'show database principals',
      command: c.buildShowDatabasePrincipalsCommand('2024-data'),
      names: ['2024-data'],
    },
    { label: 'show cluster principals', command: c.buildShowClusterPrincipalsCommand() },
    {
      label: 'storage external table, impersonate',
      command: c.buildCreateStorageExternalTableCommand({
        database: 'Sales',
        name: 'ExportTarget',
        columns,
        format: 'csv',
        auth: 'impersonate',
        uris: ['https://acct.blob.core.windows.net/container', 'https://acct2.blob.core.windows.net/c2/folder'],
      }),
      strings: [
        'https://acct.blob.core.windows.net/container;impersonate',
        'https://acct2.blob.core.windows.net/c2/folder;impersonate',
      ],
    },
    {
      label: 'storage external table, user-assigned identity',
      command: c.buildCreateStorageExternalTableCommand({
        database: 'Sales',
        name: 'ext.parquet',
        columns,
        format: 'parquet',
        auth: { managedIdentity: OBJECT_ID },
        uris: ['abfss://fs@acct.dfs.core.windows.net/path'],
      }),
      names: ['ext.parquet'],
    },
    {
      label: 'storage external table, system identity',
      command: c.buildCreateStorageExternalTableCommand({
        database: 'Sales',
        name: 'E',
        columns,
        format: 'json',
        auth: { managedIdentity: 'system' },
        uris: ['https://a.blob.core.windows.net/c'],
      }),
      strings: ['https://a.blob.core.windows.net/c;managed_identity=system'],
    },
    {
      label: 'sql external table',
      command: c.buildCreateSqlExternalTableCommand({
        database: 'Sales',
        name: 'SqlExt',
        columns,
        sqlTable: 'dbo.Orders',
        connectionString:
          'Server=tcp:srv.database.windows.net,1433;Authentication=Active Directory Integrated;Initial Catalog=Db;',
      }),
      strings: [
        'Server=tcp:srv.database.windows.net,1433;Authentication=Active Directory Integrated;Initial Catalog=Db;',
      ],
    },
    {
      label: 'sql external table, quote in connection string',
      command: c.buildCreateSqlExternalTableCommand({
        database: 'Sales',
        name: 'SqlExt',
        columns,
        sqlTable: 'Orders',
        connectionString: "Server=x;Password=it's;",
      }),
      strings: ["Server=x;Password=it's;"],
    },
    {
      label: 'sql external table, newline in connection string',
      command: c.buildCreateSqlExternalTableCommand({
        database: 'Sales',
        name: 'SqlExt',
        columns,
        sqlTable: 'Orders',
        connectionString: "Server=x;\nDatabase='y'",
      }),
      strings: ["Server=x;\nDatabase='y'"],
    },
    {
      label: 'storage external table, create-or-alter with folder and description',
      command: c.buildCreateStorageExternalTableCommand({
        database: 'Sales',
        name: 'Lake',
        columns,
        format: 'parquet',
        auth: { managedIdentity: 'system' },
        uris: ['https://a.blob.core.windows.net/c'],
        orAlter: true,
        folder: 'Exports/2026',
        docString: 'It\'s "the" lake',
      }),
      names: ['Lake'],
      strings: ['https://a.blob.core.windows.net/c;managed_identity=system', 'Exports/2026', 'It\'s "the" lake'],
    },
    {
      label: 'sql external table, create-or-alter on a user-assigned identity',
      command: c.buildCreateSqlExternalTableCommand({
        database: 'Sales',
        name: 'SqlExt',
        columns,
        sqlTable: 'dbo.Orders',
        orAlter: true,
        folder: 'sql',
        connectionString: c.sqlConnectionString('Server=tcp:srv.database.windows.net,1433;Initial Catalog=Db', {
          managedIdentity: OBJECT_ID,
        }),
      }),
      strings: [
        `Server=tcp:srv.database.windows.net,1433;Initial Catalog=Db;Authentication="Active Directory Managed Identity";User Id=${OBJECT_ID};`,
        'sql',
      ],
    },
    {
      label: 'show external table schema',
      command: c.buildShowExternalTableSchemaCommand('Sales', 'ext.parquet'),
      names: ['ext.parquet'],
    },
    {
      label: 'continuous export, minimal',
      command: c.buildCreateOrAlterContinuousExportCommand({
        database: 'Sales',
        name: 'MyExport',
        externalTable: 'ExportTarget',
        query: 'T | where x > 1',
      }),
    },
    {
      label: 'continuous export, every property',
      command: c.buildCreateOrAlterContinuousExportCommand({
        database: 'Sales',
        name: 'export-1',
        externalTable: 'Export Target',
        query: 'T1 | join (T2) on x | project x, s = "a|b"',
        overTables: ['T1', 'table 2'],
        managedIdentity: OBJECT_ID,
        intervalBetweenRuns: '1h',
        forcedLatency: '10m',
        sizeLimit: 104857600,
        distributed: true,
        distribution: 'per_node',
        parquetRowGroupSize: 100000,
        isDisabled: false,
      }),
      names: ['export-1', 'T1', 'table 2', 'Export Target'],
      strings: [OBJECT_ID, 'per_node'],
    },
    {
      label: 'continuous export, clock interval',
      command: c.buildCreateOrAlterContinuousExportCommand({
        database: 'Sales',
        name: 'E',
        externalTable: 'X',
        query: 'T',
        intervalBetweenRuns: '00:05:00',
        forcedLatency: '1.00:00:00',
        distribution: 'per_shard',
        distributed: false,
        isDisabled: true,
      }),
    },
    { label: 'show continuous exports', command: c.buildShowContinuousExportsCommand('Sales') },
    {
      label: 'show continuous export',
      command: c.buildShowContinuousExportCommand('Sales', 'my export'),
      names: ['my export'],
    },
    { label: 'export failures', command: c.buildShowExportFailuresCommand('Sales', 'E') },
    { label: 'exported artifacts', command: c.buildShowExportedArtifactsCommand('Sales', 'E.1') },
    { label: 'enable export', command: c.buildEnableContinuousExportCommand('Sales', 'E') },
    { label: 'disable export', command: c.buildDisableContinuousExportCommand('Sales', 'where') },
    { label: 'drop export', command: c.buildDropContinuousExportCommand('Sales', 'E') },
    { label: 'enable streaming', command: c.buildEnableStreamingIngestionCommand('Telemetry') },
    { label: 'disable streaming', command: c.buildDisableStreamingIngestionCommand('Tele metry') },
    { label: 'show update policies', command: c.buildShowUpdatePoliciesCommand('Sales') },
    { label: 'show functions', command: c.buildShowFunctionsCommand('Sales') },
    {
      label: 'alter update policy, two entries, one on an identity',
      command: c.buildAlterUpdatePolicyCommand('Sales', 'Enriched Orders', [
        { source: 'Orders', query: "Orders | where s == \"a|b\" | extend t = 'it\\'s'", managedIdentity: OBJECT_ID },
        {
          source: 'Orders',
          query: 'Orders',
          isEnabled: false,
          isTransactional: true,
          propagateIngestionProperties: true,
        },
      ]),
      names: ['Enriched Orders'],
    },
    {
      label: 'alter update policy, pretty-printed for editing',
      command: c.buildAlterUpdatePolicyCommand(
        'Sales',
        'T',
        [{ source: 'Orders', query: 'Orders | take 1', managedIdentity: OBJECT_ID }],
        { pretty: true },
      ),
    },
    {
      label: 'alter update policy, a query holding ```',
      command: c.buildAlterUpdatePolicyCommand('Sales', 'T', [
        { source: 'Orders', query: 'Orders | extend x = "```"', managedIdentity: 'system' },
      ]),
    },
    { label: 'show streaming policy', command: c.buildShowStreamingIngestionPolicyCommand('Telemetry') },
    {
      label: 'create table, every column type',
      command: c.buildCreateTableCommand(
        'Sales',
        'Readings',
        [
          'bool',
          'boolean',
          'datetime',
          'date',
          'decimal',
          'dynamic',
          'guid',
          'uniqueid',
          'int',
          'int32',
          'long',
          'int64',
          'real',
          'double',
          'string',
          'timespan',
          'time',
        ].map((type, i) => ({ name: `c${i}`, type })),
      ),
    },
    { label: 'show databases', command: c.buildShowDatabasesCommand() },
    { label: 'show external tables', command: c.buildShowExternalTablesCommand('Sales') },
  ];
}
