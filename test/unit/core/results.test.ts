import * as assert from 'node:assert/strict';
import {
  ResultShapeError,
  describeConnection,
  parseContinuousExportRows,
  parseDatabaseDetailsRows,
  parseDatabaseRows,
  parseExportFailureRows,
  parseExportedArtifactRows,
  parseExternalTableRows,
  NOT_RETURNED,
  parseExternalTableSchema,
  parseCslSchema,
  parsePolicyRows,
  parsePrincipalRows,
  parseUpdatePolicyRows,
  type ResultTable,
} from '../../../src/core/results';

const ID = '6a2f1c3e-8b4d-4e5f-9a01-23456789abcd';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

/** Builds a table from named columns, in the order given (tests shuffle it to prove lookup is by name). */
function table(columns: string[], ...rows: unknown[][]): ResultTable {
  return { columns: columns.map((name) => ({ name, type: 'string' })), rows };
}

describe('policy rows', () => {
  const policy = JSON.stringify([
    {
      ObjectId: 'system',
      ClientId: 'c1',
      TenantId: TENANT,
      DisplayName: 'mycluster',
      IsSystem: true,
      AllowedUsages: 'AutomatedFlows, ExternalTable',
    },
    { ObjectId: ID, AllowedUsages: 'All' },
  ]);

  it('reads columns by name in any order, service-filled fields included, extra columns ignored', () => {
    const rows = parsePolicyRows(
      table(
        ['Extra', 'Policy', 'EntityType', 'PolicyName', 'ChildEntities', 'EntityName'],
        ['x', policy, 'Database', 'ManagedIdentityPolicy', '', '[Sales]'],
      ),
    );
    assert.deepEqual(rows, [
      {
        policyName: 'ManagedIdentityPolicy',
        entityName: '[Sales]',
        entityType: 'Database',
        childEntities: '',
        entries: [
          {
            objectId: 'system',
            usages: ['AutomatedFlows', 'ExternalTable'],
            clientId: 'c1',
            tenantId: TENANT,
            displayName: 'mycluster',
            isSystem: true,
          },
          { objectId: ID, usages: ['All'] },
        ],
      },
    ]);
  });

  it('reads an already-parsed dynamic cell and a missing policy as no entries', () => {
    const cols = ['PolicyName', 'EntityName', 'Policy', 'ChildEntities', 'EntityType'];
    assert.deepEqual(
      parsePolicyRows(table(cols, ['p', '', [{ ObjectId: ID, AllowedUsages: 'All' }], null, 'Cluster']))[0].entries,
      [{ objectId: ID, usages: ['All'] }],
    );
    assert.deepEqual(parsePolicyRows(table(cols, ['p', '', null, null, 'Cluster']))[0].entries, []);
    assert.deepEqual(parsePolicyRows(table(cols, ['p', '', 'null', null, 'Cluster']))[0].entries, []);
  });

  it('reads the (EntityName, Policies) layout of the show-managed-identity-policy page as well', () => {
    const policies = `[{"ObjectId":"${ID}","ClientId":"${ID}","TenantId":"${TENANT}","DisplayName":"mi","IsSystem":false,"AllowedUsages":"NativeIngestion, ExternalTable"}]`;
    const rows = parsePolicyRows(table(['EntityName', 'Policies'], ['[MyDatabase]', policies]));
    assert.equal(rows.length, 1);
    assert.equal(rows[0].entityName, '[MyDatabase]');
    assert.deepEqual(rows[0].entries[0].usages, ['NativeIngestion', 'ExternalTable']);
    assert.equal(rows[0].entries[0].displayName, 'mi');
  });

  it('an unknown shape names both documented layouts instead of answering empty; refuses a policy that is not an array', () => {
    assert.throws(
      () => parsePolicyRows(table(['PolicyName', 'EntityName', 'Policys', 'ChildEntities', 'EntityType'])),
      (e: unknown) =>
        e instanceof ResultShapeError &&
        /unknown shape \(not the policy table \(5 columns\): missing column Policy; not the entity policies \(EntityName, Policies\): missing column Policies; got: .*Policys/.test(
          e.message,
        ),
    );
    assert.throws(
      () => parsePolicyRows(table(['EntityName', 'Policies'], ['', '{"ObjectId":"x"}'])),
      /Policies is not a JSON array/,
    );
    const cols = ['PolicyName', 'EntityName', 'Policy', 'ChildEntities', 'EntityType'];
    assert.throws(() => parsePolicyRows(table(cols, ['p', '', '{"ObjectId":"x"}', '', 'Cluster'])), /not a JSON array/);
    assert.throws(() => parsePolicyRows(table(cols, ['p', '', '[{', '', 'Cluster'])), /expected JSON/);
  });
});

describe('principal rows', () => {
  const cols = ['Role', 'PrincipalType', 'PrincipalDisplayName', 'PrincipalObjectId', 'PrincipalFQN', 'Notes'];
  it('reads every documented column and the newer RoleAssignmentIdentifier', () => {
    const rows = parsePrincipalRows(
      table([...cols, 'RoleAssignmentIdentifier'].reverse(), [
        'ra-1',
        'export identity',
        `aadapp=${ID};${TENANT}`,
        ID,
        'mi-export',
        'AAD Application',
        'Database Sales Viewer',
      ]),
    );
    assert.deepEqual(rows, [
      {
        role: 'Database Sales Viewer',
        principalType: 'AAD Application',
        displayName: 'mi-export',
        objectId: ID,
        fqn: `aadapp=${ID};${TENANT}`,
        notes: 'export identity',
        roleAssignmentIdentifier: 'ra-1',
      },
    ]);
  });
  it('names every missing column', () => {
    assert.throws(
      () => parsePrincipalRows(table(['Role', 'PrincipalType'])),
      /missing columns PrincipalDisplayName, PrincipalObjectId, PrincipalFQN, Notes/,
    );
  });
});

describe('continuous export rows', () => {
  it('reads the documented columns, the identity from ExportProperties, typed dates and booleans', () => {
    const cols = [
      'Name',
      'ExternalTableName',
      'Query',
      'ForcedLatency',
      'IntervalBetweenRuns',
      'CursorScopedTables',
      'ExportProperties',
      'LastRunTime',
      'StartCursor',
      'IsDisabled',
      'LastRunResult',
      'ExportedTo',
      'IsRunning',
    ];
    const rows = parseContinuousExportRows(
      table(cols, [
        'E',
        'Ext',
        'T | take 1',
        null,
        '01:00:00',
        "[\"['Sales'].['T']\"]",
        '{"SizeLimit":104857600,"ManagedIdentity":"system"}',
        '2024-05-01T10:00:00Z',
        '1234',
        false,
        'Completed',
        '2024-05-01T09:00:00Z',
        'False',
      ]),
    );
    assert.deepEqual(rows, [
      {
        name: 'E',
        externalTableName: 'Ext',
        query: 'T | take 1',
        intervalBetweenRuns: '01:00:00',
        cursorScopedTables: ["['Sales'].['T']"],
        exportProperties: { SizeLimit: 104857600, ManagedIdentity: 'system' },
        managedIdentity: 'system',
        lastRunTime: new Date('2024-05-01T10:00:00Z'),
        startCursor: '1234',
        isDisabled: false,
        lastRunResult: 'Completed',
        exportedTo: new Date('2024-05-01T09:00:00Z'),
        isRunning: false,
      },
    ]);
  });
  it('an export without an identity has none; a bad date is an error', () => {
    const cols = ['Name', 'ExternalTableName', 'Query', 'IsDisabled', 'ExportProperties', 'LastRunTime'];
    assert.equal(
      parseContinuousExportRows(table(cols, ['E', 'X', 'T', true, '{}', null]))[0].managedIdentity,
      undefined,
    );
    assert.throws(
      () => parseContinuousExportRows(table(cols, ['E', 'X', 'T', true, '{}', 'yesterday'])),
      /LastRunTime: expected a datetime/,
    );
  });
  it('failures and exported artifacts', () => {
    assert.deepEqual(
      parseExportFailureRows(
        table(
          ['Timestamp', 'OperationId', 'Name', 'LastSuccessRun', 'FailureKind', 'Details'],
          ['2024-05-01T10:00:00Z', 'op1', 'E', null, 'Failure', 'Forbidden (403)'],
        ),
      ),
      [
        {
          timestamp: new Date('2024-05-01T10:00:00Z'),
          operationId: 'op1',
          name: 'E',
          failureKind: 'Failure',
          details: 'Forbidden (403)',
        },
      ],
    );
    assert.deepEqual(
      parseExportedArtifactRows(
        table(['NumRecords', 'Path', 'ExternalTableName', 'Timestamp'], [42, 'https://a/b/1.csv', 'Ext', null]),
      ),
      [{ externalTableName: 'Ext', path: 'https://a/b/1.csv', numRecords: 42 }],
    );
    assert.throws(
      () => parseExportedArtifactRows(table(['Path'])),
      /missing columns Timestamp, ExternalTableName, NumRecords/,
    );
  });
});

describe('external table rows', () => {
  it('derives the auth mode of each connection and keeps no secret', () => {
    const rows = parseExternalTableRows(
      table(
        ['TableName', 'TableType', 'Folder', 'DocString', 'Properties', 'ConnectionStrings'],
        [
          'Ext',
          'Blob',
          '',
          'docs',
          '{}',
          JSON.stringify([
            'https://a.blob.core.windows.net/c;impersonate',
            `https://b.blob.core.windows.net/c;managed_identity=${ID}`,
            'https://c.blob.core.windows.net/c;*******',
            'https://d.blob.core.windows.net/c?sv=2020&sig=SECRET',
            'https://e.blob.core.windows.net/c',
          ]),
        ],
      ),
    );
    assert.deepEqual(rows, [
      {
        name: 'Ext',
        tableType: 'Blob',
        docString: 'docs',
        connections: [
          { location: 'https://a.blob.core.windows.net/c', auth: { mode: 'impersonate' } },
          { location: 'https://b.blob.core.windows.net/c', auth: { mode: 'managedIdentity', identity: ID } },
          // The docs' sample masks everything after ';': the mode is hidden, not "key or SAS".
          { location: 'https://c.blob.core.windows.net/c', auth: { mode: 'hidden' } },
          { location: 'https://d.blob.core.windows.net/c', auth: { mode: 'keyOrSas' } },
          { location: 'https://e.blob.core.windows.net/c', auth: { mode: 'none' } },
        ],
      },
    ]);
    assert.ok(!JSON.stringify(rows).includes('SECRET'));
  });
  it('reads SQL connection strings', () => {
    assert.deepEqual(
      describeConnection(
        'Server=tcp:s.database.windows.net,1433;Authentication=Active Directory Integrated;Initial Catalog=Db;',
      ),
      { location: 'Server=tcp:s.database.windows.net,1433;Initial Catalog=Db', auth: { mode: 'impersonate' } },
    );
    assert.deepEqual(describeConnection('Server=s;Database=Db;User ID=admin;Password=SECRET'), {
      location: 'Server=s;Initial Catalog=Db',
      auth: { mode: 'keyOrSas' },
    });
    assert.deepEqual(
      describeConnection(
        'Server=s;Initial Catalog=Db;Authentication="Active Directory Managed Identity";User Id=' + ID,
      ),
      { location: 'Server=s;Initial Catalog=Db', auth: { mode: 'managedIdentity', identity: ID } },
    );
    assert.deepEqual(describeConnection('https://a.blob.core.windows.net/c;managed_identity=system'), {
      location: 'https://a.blob.core.windows.net/c',
      auth: { mode: 'managedIdentity', identity: 'system' },
    });
  });
});

describe('external tables: documented variants', () => {
  it('reads the 5-column layout: a SQL table names its connection in Properties (TargetEntity…)', () => {
    const properties = {
      TargetEntityKind: 'sqltable`',
      TargetEntityName: 'MySqlTable',
      TargetEntityConnectionString:
        'Server=tcp:myserver.database.windows.net,1433;Authentication=Active Directory Integrated;Initial Catalog=mydatabase;',
      FireTriggers: true,
      CreateIfNotExists: true,
      PrimaryKey: 'x',
    };
    const [row] = parseExternalTableRows(
      table(
        ['TableName', 'TableType', 'Folder', 'DocString', 'Properties'],
        ['MySqlExternalTable', 'Sql', 'ExternalTables', 'Docs', JSON.stringify(properties)],
      ),
    );
    assert.equal(row.sqlTable, 'MySqlTable');
    assert.deepEqual(row.connections, [
      {
        location: 'Server=tcp:myserver.database.windows.net,1433;Initial Catalog=mydatabase',
        auth: { mode: 'impersonate' },
      },
    ]);
    assert.equal(
      row.notRecreatable,
      'its properties FireTriggers, CreateIfNotExists, PrimaryKey would not be carried over',
    );
  });

  it('a storage table in the 5-column layout has its connections hidden, never none', () => {
    const [row] = parseExternalTableRows(
      table(
        ['TableName', 'TableType', 'Folder', 'DocString', 'Properties'],
        ['T', 'Blob', 'ExternalTables', 'Docs', '{}'],
      ),
    );
    assert.deepEqual(row.connections, [{ location: NOT_RETURNED, auth: { mode: 'hidden' } }]);
  });

  it('an answer with neither connection strings nor properties is an unknown shape naming both layouts', () => {
    assert.throws(
      () => parseExternalTableRows(table(['TableName', 'TableType'], ['T', 'Blob'])),
      /external tables: unknown shape \(not the external tables with connection strings: missing column ConnectionStrings; not the external tables \(5 columns.*missing column Properties/,
    );
  });
});

describe('external tables: what a recreate needs', () => {
  const columns = [
    'TableName',
    'TableType',
    'Folder',
    'DocString',
    'Properties',
    'ConnectionStrings',
    'Partitions',
    'PathFormat',
  ];
  const row = (properties: unknown, partitions: unknown = [], pathFormat = '') =>
    parseExternalTableRows(
      table(columns, [
        'T',
        'Blob',
        '',
        '',
        JSON.stringify(properties),
        '["https://a.blob.core.windows.net/c;impersonate"]',
        JSON.stringify(partitions),
        pathFormat,
      ]),
    )[0];

  it('reads the format (lower case) and the SQL table, and says nothing against a plain table', () => {
    const t = row({
      Format: 'Parquet',
      Compressed: false,
      IncludeHeaders: 'None',
      Encoding: 'UTF8NoBOM',
      NamePrefix: null,
    });
    assert.equal(t.format, 'parquet');
    assert.equal(t.notRecreatable, undefined);
    assert.equal(row({ Format: null, SqlTable: 'dbo.Orders' }).sqlTable, 'dbo.Orders');
    assert.equal(row({ TargetEntityName: 'Orders', TargetEntityKind: 'sqltable' }).sqlTable, 'Orders');
  });
  it('names what a recreate would lose: partitions, a path format, other properties, unreadable properties', () => {
    assert.equal(row({ Format: 'Csv' }, [{ Name: 'Day', Function: 'bin' }]).notRecreatable, 'it is partitioned');
    assert.equal(row({ Format: 'Csv' }, [], 'datetime_pattern("yyyy", Day)').notRecreatable, 'it has a path format');
    assert.equal(
      row({ Format: 'Csv', Compressed: true, IncludeHeaders: 'All' }).notRecreatable,
      'its properties Compressed, IncludeHeaders would not be carried over',
    );
    assert.equal(
      parseExternalTableRows(
        table(['TableName', 'TableType', 'Properties', 'ConnectionStrings'], ['T', 'Blob', 'not json', '[]']),
      )[0].notRecreatable,
      'its properties could not be read',
    );
  });
  it('reads a CSL schema, bracketed names included', () => {
    assert.deepEqual(parseCslSchema("x:long,s:string,['when it happened']:datetime,[\"a'b\"]:dynamic, ['c\\'d']:Int"), [
      { name: 'x', type: 'long' },
      { name: 's', type: 'string' },
      { name: 'when it happened', type: 'datetime' },
      { name: "a'b", type: 'dynamic' },
      { name: "c'd", type: 'int' },
    ]);
    assert.deepEqual(
      parseExternalTableSchema(
        table(['TableName', 'Schema', 'DatabaseName', 'Folder', 'DocString'], ['T', 'x:long', 'Db', '', '']),
      ),
      { name: 'T', columns: [{ name: 'x', type: 'long' }] },
    );
    assert.throws(() => parseCslSchema('x long'), /expected :/);
    assert.throws(() => parseCslSchema("['x:long"), /expected \]/);
    assert.throws(() => parseExternalTableSchema(table(['TableName', 'Schema'])), /expected one row, got 0/);
  });
});

describe('update policy rows', () => {
  it('one row per entry, the target table from EntityName, tables without a policy left out', () => {
    const policy = JSON.stringify([
      {
        IsEnabled: true,
        Source: 'Raw',
        Query: 'Enrich()',
        IsTransactional: false,
        PropagateIngestionProperties: false,
        ManagedIdentity: ID,
      },
      { IsEnabled: false, Source: 'Raw', Query: 'Raw | take 1', IsTransactional: true },
    ]);
    assert.deepEqual(
      parseUpdatePolicyRows(
        table(
          ['EntityType', 'Policy', 'PolicyName', 'EntityName', 'ChildEntities'],
          ['Table', policy, 'TableUpdatePolicy', '[Sales].[Enriched]', ''],
          ['Table', null, 'TableUpdatePolicy', '[Sales].[Raw]', ''],
          ['Table', 'null', 'TableUpdatePolicy', '[Sales].[X]', ''],
        ),
      ),
      [
        { table: 'Enriched', source: 'Raw', query: 'Enrich()', isEnabled: true, managedIdentity: ID },
        { table: 'Enriched', source: 'Raw', query: 'Raw | take 1', isEnabled: false, isTransactional: true },
      ],
    );
    assert.throws(
      () =>
        parseUpdatePolicyRows(
          table(
            ['PolicyName', 'EntityName', 'Policy', 'ChildEntities', 'EntityType'],
            ['P', '[a].[b]', '{"x":1}', '', 'Table'],
          ),
        ),
      /expected an array/,
    );
  });
});

describe('database rows', () => {
  it('needs only DatabaseName', () => {
    assert.deepEqual(
      parseDatabaseRows(
        table(
          ['DatabaseName', 'PersistentStorage', 'Version', 'IsCurrent', 'DatabaseAccessMode', 'PrettyName', 'More'],
          ['Sales', 'https://…', 'v7', true, 'ReadWrite', 'Sales DB', 1],
        ),
      ),
      [{ name: 'Sales', prettyName: 'Sales DB', accessMode: 'ReadWrite', isCurrent: true, version: 'v7' }],
    );
    assert.deepEqual(parseDatabaseRows(table(['DatabaseName'], ['A'])), [{ name: 'A' }]);
    assert.throws(() => parseDatabaseRows(table(['Name'], ['A'])), /databases: missing column DatabaseName/);
  });
});

describe('parseDatabaseDetailsRows (.show databases details)', () => {
  it('reads each database with its table and external table counts, by name', () => {
    assert.deepEqual(
      parseDatabaseDetailsRows(
        table(
          ['NumberOfExternalTables', 'DatabaseName', 'AuthorizedPrincipals', 'NumberOfTables'],
          [2, 'Sales', '[]', 14],
          [0, 'Empty', '[]', 0],
        ),
      ),
      [
        { name: 'Sales', tables: 14, externalTables: 2 },
        { name: 'Empty', tables: 0, externalTables: 0 },
      ],
    );
  });

  it('a cell that is not a count leaves that count unknown (the database is then read in full)', () => {
    assert.deepEqual(
      parseDatabaseDetailsRows(
        table(['DatabaseName', 'NumberOfTables', 'NumberOfExternalTables'], ['A', null, '3'], ['B', -1, 1.5]),
      ),
      [{ name: 'A', externalTables: 3 }, { name: 'B' }],
    );
  });

  it('without the counts the answer is not the details layout', () => {
    assert.throws(
      () => parseDatabaseDetailsRows(table(['DatabaseName', 'NumberOfTables'], ['A', 1])),
      (e: unknown) => e instanceof ResultShapeError && /missing column NumberOfExternalTables/.test(e.message),
    );
  });
});
