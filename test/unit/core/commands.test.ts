import * as assert from 'node:assert/strict';
import * as c from '../../../src/core/commands';
import { KqlInputError, KqlNameError } from '../../../src/core/kql';
import { OBJECT_ID as ID, TENANT } from './catalog';

const fieldError = (field: string, text: RegExp) => (e: unknown) =>
  e instanceof KqlInputError && e.field === field && text.test(e.message);

describe('managed identity policy commands', () => {
  const cluster = { scope: 'cluster' } as const;
  const db = { scope: 'database', database: 'Sales' } as const;

  it('show and delete, at both scopes', () => {
    assert.deepEqual(c.buildShowPolicyCommand(cluster), {
      text: '.show cluster policy managed_identity',
      scope: 'cluster',
      destructive: false,
    });
    assert.deepEqual(c.buildShowPolicyCommand({ scope: 'database', database: 'my db' }), {
      text: ".show database ['my db'] policy managed_identity",
      scope: 'database',
      database: 'my db',
      destructive: false,
    });
    assert.deepEqual(c.buildDeletePolicyCommand(cluster), {
      text: '.delete cluster policy managed_identity',
      scope: 'cluster',
      destructive: true,
    });
    assert.deepEqual(c.buildDeletePolicyCommand(db), {
      text: '.delete database Sales policy managed_identity',
      scope: 'database',
      database: 'Sales',
      destructive: true,
    });
  });

  it('alter replaces (destructive) and alter-merge adds, with JSON from the entries', () => {
    const entries = [
      { objectId: 'system', usages: ['AutomatedFlows', 'ExternalTable'] },
      { objectId: ID, usages: ['All'] },
    ];
    const json = `[{"ObjectId":"system","AllowedUsages":"AutomatedFlows,ExternalTable"},{"ObjectId":"${ID}","AllowedUsages":"All"}]`;
    assert.deepEqual(c.buildAlterPolicyCommand(cluster, entries), {
      text: `.alter cluster policy managed_identity \`\`\`${json}\`\`\``,
      scope: 'cluster',
      destructive: true,
    });
    assert.deepEqual(c.buildAlterPolicyCommand(db, entries, { merge: true }), {
      text: `.alter-merge database Sales policy managed_identity \`\`\`${json}\`\`\``,
      scope: 'database',
      database: 'Sales',
      destructive: false,
    });
  });

  it('allows SandboxArtifacts at cluster scope only', () => {
    assert.match(
      c.buildAlterPolicyCommand(cluster, [{ objectId: ID, usages: ['SandboxArtifacts'] }]).text,
      /SandboxArtifacts/,
    );
    assert.throws(
      () => c.buildAlterPolicyCommand(db, [{ objectId: ID, usages: ['SandboxArtifacts'] }]),
      fieldError('entries[0].usages[0]', /only be allowed by the cluster-level policy/),
    );
  });

  it('refuses unknown, miscased, duplicate and missing usages, bad or duplicate ids, and no entries', () => {
    assert.throws(
      () => c.buildAlterPolicyCommand(db, [{ objectId: ID, usages: ['Everything'] }]),
      fieldError('entries[0].usages[0]', /unknown usage "Everything"/),
    );
    assert.throws(
      () => c.buildAlterPolicyCommand(db, [{ objectId: ID, usages: ['automatedflows'] }]),
      /did you mean AutomatedFlows\?/,
    );
    assert.throws(
      () => c.buildAlterPolicyCommand(db, [{ objectId: ID, usages: ['All', 'All'] }]),
      fieldError('entries[0].usages[1]', /listed twice/),
    );
    assert.throws(
      () => c.buildAlterPolicyCommand(db, [{ objectId: ID, usages: [] }]),
      fieldError('entries[0].usages', /at least one usage/),
    );
    assert.throws(
      () => c.buildAlterPolicyCommand(db, [{ objectId: 'me', usages: ['All'] }]),
      fieldError('entries[0].objectId', /GUID/),
    );
    assert.throws(
      () =>
        c.buildAlterPolicyCommand(db, [
          { objectId: ID, usages: ['All'] },
          { objectId: ID.toUpperCase(), usages: ['All'] },
        ]),
      fieldError('entries[1].objectId', /listed twice/),
    );
    assert.throws(() => c.buildAlterPolicyCommand(db, []), fieldError('entries', /at least one identity/));
  });

  it('refuses a database name the service would refuse', () => {
    assert.throws(() => c.buildShowPolicyCommand({ scope: 'database', database: "x'; .drop" }), KqlNameError);
  });
});

describe('database principal commands', () => {
  const app = { kind: 'app', objectId: ID, tenant: TENANT } as const;

  it('add an app with notes, the system identity without', () => {
    assert.deepEqual(c.buildAddPrincipalCommand('Sales', 'viewers', app, "export's identity"), {
      text: `.add database Sales viewers ('aadapp=${ID};${TENANT}') 'export\\'s identity'`,
      scope: 'database',
      database: 'Sales',
      destructive: false,
    });
    assert.equal(
      c.buildAddPrincipalCommand('Sales', 'ingestors', { kind: 'system', objectId: ID, tenant: TENANT }).text,
      `.add database Sales ingestors ('aadapp=${ID};${TENANT}')`,
    );
  });

  it('never writes aadapp=system: the system identity needs its object id, and the message says where it is', () => {
    for (const objectId of ['system', '', undefined])
      assert.throws(
        () =>
          c.buildAddPrincipalCommand('Sales', 'viewers', {
            kind: 'system',
            objectId,
            tenant: TENANT,
          } as c.PrincipalInput),
        fieldError('principal.objectId', /object id is required: .*identity\.principalId.*IsSystem/),
      );
  });

  it('follower databases take principals through .add|.drop follower database, for the roles a follower has', () => {
    assert.deepEqual(c.buildAddFollowerPrincipalCommand('Sales', 'viewers', app, 'n'), {
      text: `.add follower database Sales viewers ('aadapp=${ID};${TENANT}') 'n'`,
      scope: 'database',
      database: 'Sales',
      destructive: false,
    });
    assert.equal(
      c.buildDropFollowerPrincipalCommand('my db', 'admins', app).text,
      `.drop follower database ['my db'] admins ('aadapp=${ID};${TENANT}')`,
    );
    assert.throws(() => c.buildAddFollowerPrincipalCommand('Sales', 'ingestors', app), fieldError('role', /follower/));
  });

  it('drop is destructive; show lists a database or the cluster', () => {
    assert.deepEqual(c.buildDropPrincipalCommand('a-b', 'monitors', app), {
      text: `.drop database ['a-b'] monitors ('aadapp=${ID};${TENANT}')`,
      scope: 'database',
      database: 'a-b',
      destructive: true,
    });
    assert.equal(c.buildShowDatabasePrincipalsCommand('Sales').text, '.show database Sales principals');
    assert.deepEqual(c.buildShowClusterPrincipalsCommand(), {
      text: '.show cluster principals',
      scope: 'cluster',
      destructive: false,
    });
  });

  it('refuses unknown roles, an app without a GUID, and a bad tenant', () => {
    assert.throws(
      () => c.buildAddPrincipalCommand('Sales', 'owners' as c.DatabaseRole, app),
      fieldError('role', /not a database role/),
    );
    assert.throws(
      () => c.buildAddPrincipalCommand('Sales', 'users', { kind: 'app', objectId: 'system', tenant: TENANT }),
      fieldError('principal.objectId', /GUID/),
    );
    assert.throws(
      () => c.buildAddPrincipalCommand('Sales', 'users', { kind: 'system', objectId: ID, tenant: '' }),
      fieldError('principal.tenant', /tenant/),
    );
  });
});

describe('external table commands', () => {
  const columns = [
    { name: 'x', type: 'int' },
    { name: 's', type: 'string' },
  ];

  it('storage with impersonation appends ;impersonate to each URI', () => {
    assert.deepEqual(
      c.buildCreateStorageExternalTableCommand({
        database: 'Sales',
        name: 'Ext',
        columns,
        format: 'csv',
        auth: 'impersonate',
        uris: ['https://a.blob.core.windows.net/c', 'https://b.blob.core.windows.net/d'],
      }),
      {
        text:
          '.create external table Ext (x:int, s:string) kind=storage dataformat=csv ' +
          "(h@'https://a.blob.core.windows.net/c;impersonate', h@'https://b.blob.core.windows.net/d;impersonate')",
        scope: 'database',
        database: 'Sales',
        destructive: false,
      },
    );
  });

  it('storage with a managed identity appends ;managed_identity=…', () => {
    assert.equal(
      c.buildCreateStorageExternalTableCommand({
        database: 'Sales',
        name: 'ext 1',
        columns,
        format: 'parquet',
        auth: { managedIdentity: ID },
        uris: ['https://a.blob.core.windows.net/c'],
      }).text,
      `.create external table ['ext 1'] (x:int, s:string) kind=storage dataformat=parquet (h@'https://a.blob.core.windows.net/c;managed_identity=${ID}')`,
    );
  });

  it('SQL with the connection string hidden', () => {
    assert.deepEqual(
      c.buildCreateSqlExternalTableCommand({
        database: 'Sales',
        name: 'SqlExt',
        columns,
        sqlTable: 'Orders',
        connectionString:
          'Server=tcp:s.database.windows.net,1433;Authentication=Active Directory Integrated;Initial Catalog=Db;',
      }),
      {
        text:
          '.create external table SqlExt (x:int, s:string) kind=sql table=Orders ' +
          "(h@'Server=tcp:s.database.windows.net,1433;Authentication=Active Directory Integrated;Initial Catalog=Db;')",
        scope: 'database',
        database: 'Sales',
        destructive: false,
      },
    );
  });

  it('refuses URIs with credentials, bad formats, bad auth, duplicate or untyped columns', () => {
    const base = {
      database: 'Sales',
      name: 'E',
      columns,
      format: 'csv',
      auth: 'impersonate' as const,
      uris: ['https://a/c'],
    };
    assert.throws(
      () => c.buildCreateStorageExternalTableCommand({ ...base, uris: ['https://a/c?sig=secret'] }),
      fieldError('uris[0]', /without credentials/),
    );
    assert.throws(
      () => c.buildCreateStorageExternalTableCommand({ ...base, uris: ['https://a/c;key'] }),
      fieldError('uris[0]', /URI/),
    );
    assert.throws(
      () => c.buildCreateStorageExternalTableCommand({ ...base, uris: [] }),
      fieldError('uris', /at least one/),
    );
    assert.throws(
      () => c.buildCreateStorageExternalTableCommand({ ...base, format: 'xlsx' }),
      fieldError('format', /not a data format/),
    );
    assert.throws(
      () => c.buildCreateStorageExternalTableCommand({ ...base, auth: { managedIdentity: 'me' } }),
      fieldError('auth.managedIdentity', /GUID/),
    );
    assert.throws(
      () =>
        c.buildCreateStorageExternalTableCommand({
          ...base,
          columns: [
            { name: 'x', type: 'int' },
            { name: 'x', type: 'long' },
          ],
        }),
      fieldError('columns[1].name', /declared twice/),
    );
    assert.throws(
      () => c.buildCreateStorageExternalTableCommand({ ...base, columns: [{ name: 'x', type: 'varchar' }] }),
      fieldError('columns[0].type', /column type/),
    );
    assert.throws(
      () => c.buildCreateStorageExternalTableCommand({ ...base, columns: [{ name: 'a;b', type: 'int' }] }),
      fieldError('columns[0].name', /';'/),
    );
  });

  it('show external tables is sent to the database', () => {
    assert.deepEqual(c.buildShowExternalTablesCommand('Sales'), {
      text: '.show external tables',
      scope: 'database',
      database: 'Sales',
      destructive: false,
    });
  });

  it('create-or-alter with a folder and a description, and the columns of one table', () => {
    assert.equal(
      c.buildCreateStorageExternalTableCommand({
        database: 'Sales',
        name: 'Lake',
        columns,
        format: 'parquet',
        auth: { managedIdentity: 'system' },
        uris: ['https://a.blob.core.windows.net/c'],
        orAlter: true,
        folder: 'Exports/2026',
        docString: 'Written by "EventsToLake"',
      }).text,
      ".create-or-alter external table Lake (x:int, s:string) kind=storage dataformat=parquet (h@'https://a.blob.core.windows.net/c;managed_identity=system')" +
        " with (folder='Exports/2026', docString='Written by \"EventsToLake\"')",
    );
    assert.deepEqual(c.buildShowExternalTableSchemaCommand('Sales', 'my table'), {
      text: ".show external table ['my table'] cslschema",
      scope: 'database',
      database: 'Sales',
      destructive: false,
    });
  });

  it('update policy: the whole policy in a ``` block (a string literal when a query holds ```), destructive', () => {
    const command = c.buildAlterUpdatePolicyCommand('Sales', 'Enriched', [
      { source: 'Raw', query: 'Enrich()', managedIdentity: ID },
    ]);
    assert.deepEqual(command, {
      text: `.alter table Enriched policy update \`\`\`[{"IsEnabled":true,"Source":"Raw","Query":"Enrich()","IsTransactional":false,"PropagateIngestionProperties":false,"ManagedIdentity":"${ID}"}]\`\`\``,
      scope: 'database',
      database: 'Sales',
      destructive: true,
    });
    assert.match(
      c.buildAlterUpdatePolicyCommand('Sales', 'T', [{ source: 'Raw', query: 'Raw | extend x = "```"' }]).text,
      /^\.alter table T policy update '\[\{"IsEnabled":true/,
    );
    assert.throws(() => c.buildAlterUpdatePolicyCommand('Sales', 'T', []), fieldError('entries', /at least one/));
    assert.throws(
      () => c.buildAlterUpdatePolicyCommand('Sales', 'T', [{ source: 'Raw', query: ' ' }]),
      fieldError('entries[0].query', /query/),
    );
    assert.throws(
      () => c.buildAlterUpdatePolicyCommand('Sales', 'T', [{ source: 'Raw', query: 'Raw', managedIdentity: 'me' }]),
      fieldError('entries[0].managedIdentity', /GUID/),
    );
  });

  it('SQL connection strings for impersonation and for system- and user-assigned identities', () => {
    const server = 'Server=tcp:s.database.windows.net,1433;Initial Catalog=Db';
    assert.equal(c.sqlConnectionString(server, 'impersonate'), `${server};Authentication=Active Directory Integrated;`);
    assert.equal(
      c.sqlConnectionString(`${server};`, { managedIdentity: 'system' }),
      `${server};Authentication="Active Directory Managed Identity";`,
    );
    assert.equal(
      c.sqlConnectionString(server, { managedIdentity: ID }),
      `${server};Authentication="Active Directory Managed Identity";User Id=${ID};`,
    );
    assert.throws(
      () => c.sqlConnectionString(server, { managedIdentity: 'sys' }),
      fieldError('auth.managedIdentity', /GUID/),
    );
  });
});

describe('continuous export commands', () => {
  const base = { database: 'Sales', name: 'MyExport', externalTable: 'Ext', query: 'T | where x > 1' };

  it('always writes the quoted managedIdentity, system by default', () => {
    assert.deepEqual(c.buildCreateOrAlterContinuousExportCommand(base), {
      text: '.create-or-alter continuous-export MyExport to table Ext with (managedIdentity="system") <| T | where x > 1',
      scope: 'database',
      database: 'Sales',
      destructive: false,
    });
  });

  it('writes every property in a fixed order, with over (…)', () => {
    assert.equal(
      c.buildCreateOrAlterContinuousExportCommand({
        ...base,
        overTables: ['T', 'T 2'],
        managedIdentity: ID,
        intervalBetweenRuns: '00:05:00',
        forcedLatency: '10m',
        sizeLimit: 104857600,
        distributed: true,
        distribution: 'per_node',
        parquetRowGroupSize: 100000,
        isDisabled: false,
      }).text,
      `.create-or-alter continuous-export MyExport over (T, ['T 2']) to table Ext with (managedIdentity="${ID}", ` +
        'intervalBetweenRuns=time(00:05:00), forcedLatency=10m, sizeLimit=104857600, distributed=true, distribution="per_node", ' +
        'parquetRowGroupSize=100000, isDisabled=false) <| T | where x > 1',
    );
  });

  it('passes the query through verbatim', () => {
    const query = "T\n| where s == 'a\\'b' // comment\n| project x";
    assert.ok(c.buildCreateOrAlterContinuousExportCommand({ ...base, query }).text.endsWith(`<| ${query}`));
  });

  it('refuses an interval of 1 minute or less, bad sizes, distributions and identities', () => {
    assert.throws(
      () => c.buildCreateOrAlterContinuousExportCommand({ ...base, intervalBetweenRuns: '1m' }),
      fieldError('intervalBetweenRuns', /more than 1 minute/),
    );
    assert.throws(
      () => c.buildCreateOrAlterContinuousExportCommand({ ...base, intervalBetweenRuns: '00:01:00' }),
      fieldError('intervalBetweenRuns', /more than 1 minute/),
    );
    assert.ok(
      c
        .buildCreateOrAlterContinuousExportCommand({ ...base, intervalBetweenRuns: '61s' })
        .text.includes('intervalBetweenRuns=61s'),
    );
    assert.throws(
      () => c.buildCreateOrAlterContinuousExportCommand({ ...base, sizeLimit: 2 * 1024 ** 3 }),
      fieldError('sizeLimit', /104857600 to 1073741824/),
    );
    assert.throws(
      () => c.buildCreateOrAlterContinuousExportCommand({ ...base, sizeLimit: 1000 }),
      fieldError('sizeLimit', /104857600 to 1073741824/),
    );
    assert.throws(
      () => c.buildCreateOrAlterContinuousExportCommand({ ...base, distribution: 'random' as c.ExportDistribution }),
      fieldError('distribution', /single, per_node, per_shard/),
    );
    assert.throws(
      () => c.buildCreateOrAlterContinuousExportCommand({ ...base, managedIdentity: 'mine' }),
      fieldError('managedIdentity', /GUID/),
    );
    assert.throws(
      () => c.buildCreateOrAlterContinuousExportCommand({ ...base, query: '  ' }),
      fieldError('query', /KQL query/),
    );
    assert.throws(
      () => c.buildCreateOrAlterContinuousExportCommand({ ...base, overTables: [] }),
      fieldError('overTables', /at least one/),
    );
  });

  it('show, failures, artifacts, enable, disable, drop', () => {
    const sent = { scope: 'database', database: 'Sales' };
    assert.deepEqual(c.buildShowContinuousExportsCommand('Sales'), {
      text: '.show continuous-exports',
      ...sent,
      destructive: false,
    });
    assert.deepEqual(c.buildShowContinuousExportCommand('Sales', 'E 1'), {
      text: ".show continuous-export ['E 1']",
      ...sent,
      destructive: false,
    });
    assert.equal(c.buildShowExportFailuresCommand('Sales', 'E').text, '.show continuous-export E failures');
    assert.equal(
      c.buildShowExportedArtifactsCommand('Sales', 'E').text,
      '.show continuous-export E exported-artifacts',
    );
    assert.equal(c.buildEnableContinuousExportCommand('Sales', 'E').text, '.enable continuous-export E');
    assert.deepEqual(c.buildDisableContinuousExportCommand('Sales', 'E'), {
      text: '.disable continuous-export E',
      ...sent,
      destructive: false,
    });
    assert.deepEqual(c.buildDropContinuousExportCommand('Sales', 'E'), {
      text: '.drop continuous-export E',
      ...sent,
      destructive: true,
    });
  });
});

describe('database commands', () => {
  it('streaming ingestion enable, disable (destructive), show', () => {
    assert.deepEqual(c.buildEnableStreamingIngestionCommand('Tele'), {
      text: '.alter database Tele policy streamingingestion enable',
      scope: 'database',
      database: 'Tele',
      destructive: false,
    });
    assert.deepEqual(c.buildDisableStreamingIngestionCommand('Tele'), {
      text: '.alter database Tele policy streamingingestion disable',
      scope: 'database',
      database: 'Tele',
      destructive: true,
    });
    assert.equal(
      c.buildShowStreamingIngestionPolicyCommand('Tele').text,
      '.show database Tele policy streamingingestion',
    );
  });

  it('create table is sent to its database; show databases is cluster-wide', () => {
    assert.deepEqual(
      c.buildCreateTableCommand('Sales', 'Readings', [
        { name: 'at', type: 'datetime' },
        { name: 'value x', type: 'real' },
      ]),
      {
        text: ".create table Readings (at:datetime, ['value x']:real)",
        scope: 'database',
        database: 'Sales',
        destructive: false,
      },
    );
    assert.deepEqual(c.buildShowDatabasesCommand(), { text: '.show databases', scope: 'cluster', destructive: false });
    assert.throws(() => c.buildCreateTableCommand('Sales', 'T', []), fieldError('columns', /at least one column/));
  });
});
