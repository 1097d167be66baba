// Kusto through the real azure-kusto-data client: policies, principals, streaming ingestion, tables, queries, errors.
import assert from 'node:assert/strict';
import { startSandbox, RunningSandbox } from '../../../sandbox';
import { FULL_SYSTEM, kustoClient, kustoFailure, rowsOf, SPARE_PRINCIPAL, TENANT } from './helpers';

describe('sandbox Kusto', () => {
  let sandbox: RunningSandbox;
  before(async () => {
    sandbox = await startSandbox();
  });
  after(async () => {
    await sandbox.stop();
  });
  const mgmt = (cluster: string, db: string, csl: string) => kustoClient(sandbox, cluster).executeMgmt(db, csl);
  const policyOf = async (cluster: string, db: string, csl: string) => {
    const row = rowsOf(await mgmt(cluster, db, csl))[0];
    return { row, policy: JSON.parse(String(row.Policy)) as Record<string, unknown>[] | null };
  };

  describe('managed identity policy', () => {
    it('shows the 5-column schema with service-filled fields', async () => {
      const result = await mgmt('adxfull', 'Analytics', '.show cluster policy managed_identity');
      assert.deepEqual(
        result.primaryResults[0].columns.map((c) => c.name),
        ['PolicyName', 'EntityName', 'Policy', 'ChildEntities', 'EntityType'],
      );
      const { policy } = await policyOf('adxfull', 'Analytics', '.show cluster policy managed_identity');
      assert.deepEqual(policy?.[0], {
        ObjectId: FULL_SYSTEM,
        ClientId: policy?.[0].ClientId,
        TenantId: TENANT,
        DisplayName: 'adxfull',
        IsSystem: true,
        AllowedUsages: 'AutomatedFlows, ExternalTable',
      });
      assert.equal(policy?.[1].DisplayName, 'id-adx-export');
      assert.equal(policy?.[1].ClientId, '0c000001-0000-4000-8000-000000000001');
    });

    it('replaces with .alter, adds usages with .alter-merge, removes with .delete', async () => {
      await mgmt(
        'adxfull',
        'Archive',
        '.alter database Archive policy managed_identity ```[{"ObjectId":"system","AllowedUsages":"ExternalTable"}]```',
      );
      await mgmt(
        'adxfull',
        'Archive',
        `.alter-merge database ['Archive'] policy managed_identity @'[{"ObjectId":"${FULL_SYSTEM}","AllowedUsages":"AutomatedFlows"},{"ObjectId":"0e000002-0000-4000-8000-000000000002","AllowedUsages":"NativeIngestion"}]'`,
      );
      const first = await policyOf('adxfull', 'Archive', '.show database Archive policy managed_identity');
      const row = first.row;
      let policy = first.policy;
      assert.equal(row.EntityName, '[Archive]');
      assert.equal(row.EntityType, 'Database');
      assert.deepEqual(
        policy?.map((e) => [e.ObjectId, e.AllowedUsages]),
        [
          [FULL_SYSTEM, 'ExternalTable, AutomatedFlows'],
          ['0e000002-0000-4000-8000-000000000002', 'NativeIngestion'],
        ],
      );
      await mgmt(
        'adxfull',
        'Archive',
        '.alter database Archive policy managed_identity ```[{"ObjectId":"system","AllowedUsages":"All"}]```',
      );
      ({ policy } = await policyOf('adxfull', 'Archive', '.show database Archive policy managed_identity'));
      assert.deepEqual(
        policy?.map((e) => e.AllowedUsages),
        ['All'],
      );
      await mgmt('adxfull', 'Archive', '.delete database Archive policy managed_identity');
      ({ policy } = await policyOf('adxfull', 'Archive', '.show database Archive policy managed_identity'));
      assert.equal(policy, null);
    });

    const refusals: [string, string, string, RegExp][] = [
      [
        'system identity missing',
        'adxnoid',
        '.alter cluster policy managed_identity ```[{"ObjectId":"system","AllowedUsages":"All"}]```',
        /no system-assigned/,
      ],
      [
        'identity not attached',
        'adxfull',
        `.alter cluster policy managed_identity \`\`\`[{"ObjectId":"${SPARE_PRINCIPAL}","AllowedUsages":"All"}]\`\`\``,
        /not assigned to cluster 'adxfull'/,
      ],
      [
        'merge with identity not attached',
        'adxuser',
        `.alter-merge cluster policy managed_identity \`\`\`[{"ObjectId":"${SPARE_PRINCIPAL}","AllowedUsages":"All"}]\`\`\``,
        /not assigned/,
      ],
      [
        'invalid JSON',
        'adxfull',
        '.alter cluster policy managed_identity ```[{"ObjectId": system}]```',
        /invalid JSON/,
      ],
      [
        'unknown usage',
        'adxfull',
        '.alter cluster policy managed_identity ```[{"ObjectId":"system","AllowedUsages":"AutomatedFlows, Teleport"}]```',
        /unknown usage 'Teleport'/,
      ],
      [
        'SandboxArtifacts in a database policy',
        'adxfull',
        '.alter database Analytics policy managed_identity ```[{"ObjectId":"system","AllowedUsages":"SandboxArtifacts"}]```',
        /cluster-level/,
      ],
      [
        'a follower database',
        'adxfull',
        '.alter database TelemetryFollower policy managed_identity ```[{"ObjectId":"system","AllowedUsages":"All"}]```',
        /follower/,
      ],
    ];
    for (const [what, cluster, csl, message] of refusals) {
      it(`refuses ${what}`, async () => {
        const err = await kustoFailure(mgmt(cluster, 'Analytics', csl));
        assert.equal(err.status, 400);
        assert.match(err.message, message);
      });
    }

    it('accepts SandboxArtifacts at cluster level', async () => {
      await mgmt(
        'adxsystem',
        'Telemetry',
        '.alter-merge cluster policy managed_identity ```[{"ObjectId":"system","AllowedUsages":"SandboxArtifacts"}]```',
      );
      const { policy } = await policyOf('adxsystem', 'Telemetry', '.show cluster policy managed_identity');
      assert.equal(policy?.[0].AllowedUsages, 'NativeIngestion, DataConnection, SandboxArtifacts');
    });
  });

  describe('principals', () => {
    it('shows cluster and database principals with the documented columns', async () => {
      const cluster = rowsOf(await mgmt('adxfull', 'Analytics', '.show cluster principals'));
      assert.deepEqual(
        cluster.map((r) => r.Role),
        ['AllDatabasesAdmin', 'AllDatabasesViewer'],
      );
      const result = await mgmt('adxfull', 'Analytics', '.show database Analytics principals');
      assert.deepEqual(
        result.primaryResults[0].columns.map((c) => c.name),
        [
          'Role',
          'PrincipalType',
          'PrincipalDisplayName',
          'PrincipalObjectId',
          'PrincipalFQN',
          'Notes',
          'RoleAssignmentIdentifier',
        ],
      );
      const system = rowsOf(result).find((r) => r.PrincipalObjectId === FULL_SYSTEM);
      assert.equal(system?.Role, 'Database Analytics Viewer');
      assert.equal(system?.PrincipalFQN, `aadapp=${FULL_SYSTEM};${TENANT}`);
      assert.equal(system?.PrincipalType, 'AAD Application');
    });

    it('adds idempotently, resolves system and drops', async () => {
      const add = ".add database Archive viewers ('aadapp=system;" + TENANT + "') 'export reads Archive'";
      await mgmt('adxfull', 'Archive', add);
      const rows = rowsOf(await mgmt('adxfull', 'Archive', add)).filter((r) => r.PrincipalObjectId === FULL_SYSTEM);
      assert.equal(rows.length, 1);
      assert.equal(rows[0].Notes, 'export reads Archive');
      await mgmt('adxfull', 'Archive', `.drop database Archive viewers ('aadapp=${FULL_SYSTEM};${TENANT}')`);
      const after = rowsOf(await mgmt('adxfull', 'Archive', '.show database Archive principals'));
      assert.equal(
        after.some((r) => r.PrincipalObjectId === FULL_SYSTEM),
        false,
      );
    });

    it('answers "not found in AAD tenant" for an unknown principal', async () => {
      const err = await kustoFailure(
        mgmt(
          'adxfull',
          'Archive',
          ".add database Archive users ('aadapp=12345678-1234-4123-8123-123456789012;" + TENANT + "')",
        ),
      );
      assert.equal(err.status, 400);
      assert.match(err.message, /not found in AAD tenant/);
    });

    it('accepts principal changes on a follower (follower page), in the follower form too', async () => {
      await mgmt('adxfull', 'TelemetryFollower', ".add follower database TelemetryFollower viewers ('aadapp=system')");
      const rows = rowsOf(await mgmt('adxfull', 'TelemetryFollower', '.show database TelemetryFollower principals'));
      assert.ok(
        rows.some((r) => r.PrincipalObjectId === FULL_SYSTEM && r.Role === 'Database TelemetryFollower Viewer'),
      );
    });
  });

  describe('streaming ingestion, tables, databases', () => {
    it('enables and shows the database streaming ingestion policy', async () => {
      await mgmt('adxfull', 'Analytics', ".alter database ['Analytics'] policy streamingingestion enable");
      const row = rowsOf(await mgmt('adxfull', 'Analytics', '.show database Analytics policy streamingingestion'))[0];
      assert.equal(JSON.parse(String(row.Policy)).IsEnabled, true);
      await mgmt('adxfull', 'Analytics', '.alter database Analytics policy streamingingestion disable');
      const off = rowsOf(await mgmt('adxfull', 'Analytics', '.show database Analytics policy streamingingestion'))[0];
      assert.equal(JSON.parse(String(off.Policy)).IsEnabled, false);
    });

    it('creates a table and lists tables and databases', async () => {
      await mgmt(
        'adxfull',
        'Analytics',
        '.create table thermostat (externalAssetId: string, CurrentTemperature: real, Timestamp: datetime)',
      );
      const tables = rowsOf(await mgmt('adxfull', 'Analytics', '.show tables')).map((r) => r.TableName);
      assert.ok(tables.includes('thermostat'));
      const dbs = rowsOf(await mgmt('adxfull', 'Analytics', '.show databases'));
      assert.deepEqual(
        dbs.map((r) => r.DatabaseName),
        ['Analytics', 'Archive', 'TelemetryFollower'],
      );
      assert.equal(dbs.find((r) => r.DatabaseName === 'TelemetryFollower')?.DatabaseAccessMode, 'ReadOnly');
    });
  });

  describe('queries (v2)', () => {
    it('serves take and count on seeded tables, with typed columns', async () => {
      const client = kustoClient(sandbox, 'adxfull');
      const rows = rowsOf(await client.execute('Analytics', 'Events | take 2'));
      assert.equal(rows.length, 2);
      assert.equal(rows[0].Name, 'start');
      assert.ok(rows[0].Timestamp instanceof Date);
      assert.deepEqual(rowsOf(await client.execute('Analytics', "database('Archive').Logs | count")), [{ Count: 1 }]);
    });

    it('fails in-band when the service reports an error inside a 200', async () => {
      await assert.rejects(
        kustoClient(sandbox, 'adxsystem').execute('Telemetry', 'Huge | take 1'),
        /E_QUERY_RESULT_SET_TOO_LARGE/,
      );
    });

    it('answers a semantic error for an unknown table', async () => {
      const err = await kustoFailure(kustoClient(sandbox, 'adxfull').execute('Analytics', 'Nope | take 1'));
      assert.equal(err.status, 400);
      assert.match(err.message, /SEM0100/);
    });
  });

  describe('syntax', () => {
    it('answers a syntax error for an unknown command, with its position', async () => {
      const err = await kustoFailure(mgmt('adxfull', 'Analytics', '.show cluster policy bogus'));
      assert.equal(err.code, 'BadRequest_SyntaxError');
      assert.match(err.message, /line:position=1:22/);
    });

    it('answers a syntax error for trailing junk', async () => {
      const err = await kustoFailure(mgmt('adxfull', 'Analytics', '.show cluster principals now'));
      assert.equal(err.code, 'BadRequest_SyntaxError');
    });

    it('accepts comments, bracketed names and h@ strings', async () => {
      await mgmt(
        'adxfull',
        'Analytics',
        "// grant\n.add database ['Archive'] viewers (h@'aadapp=ab000000-0000-4000-8000-0000000000b1') // app",
      );
      const rows = rowsOf(await mgmt('adxfull', 'Analytics', '.show database Archive principals'));
      assert.ok(rows.some((r) => r.PrincipalDisplayName === 'Reporting App' && r.Role === 'Database Archive Viewer'));
    });

    it('answers BadRequest_DatabaseNotExist for an unknown database (error-codes page)', async () => {
      const err = await kustoFailure(mgmt('adxfull', 'Analytics', '.show database Nope principals'));
      assert.equal(err.code, 'BadRequest_DatabaseNotExist');
    });
  });
});
