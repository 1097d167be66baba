// `--variant docs`: the answers the docs pages print, through the real azure-kusto-data client.
import assert from 'node:assert/strict';
import { startSandbox, RunningSandbox } from '../../../sandbox';
import { FULL_SYSTEM, kustoClient, kustoFailure, rowsOf } from './helpers';

describe('sandbox --variant docs', () => {
  let sandbox: RunningSandbox;
  before(async () => {
    sandbox = await startSandbox({ variant: 'docs' });
  });
  after(async () => {
    await sandbox.stop();
  });
  const mgmt = (db: string, csl: string) => kustoClient(sandbox, 'adxfull').executeMgmt(db, csl);
  const columnsOf = (r: Awaited<ReturnType<typeof mgmt>>) => r.primaryResults[0].columns.map((c) => c.name);

  it('shows a managed identity policy as (EntityName, Policies), cluster EntityName empty', async () => {
    const db = await mgmt('Analytics', '.show database Analytics policy managed_identity');
    assert.deepEqual(columnsOf(db), ['EntityName', 'Policies']);
    assert.equal(rowsOf(db)[0].EntityName, '[Analytics]');
    const cluster = rowsOf(await mgmt('Analytics', '.show cluster policy managed_identity'))[0];
    assert.equal(cluster.EntityName, '');
    const policies = JSON.parse(String(cluster.Policies)) as Record<string, unknown>[];
    assert.deepEqual(Object.keys(policies[0]), [
      'ObjectId',
      'ClientId',
      'TenantId',
      'DisplayName',
      'IsSystem',
      'AllowedUsages',
    ]);
    assert.equal(policies[0].ObjectId, FULL_SYSTEM);
  });

  it('answers .alter, .alter-merge and .delete with the same two columns; a deleted policy is []', async () => {
    const alter = await mgmt(
      'Archive',
      '.alter database Archive policy managed_identity ```[{"ObjectId":"system","AllowedUsages":"ExternalTable"}]```',
    );
    assert.deepEqual(columnsOf(alter), ['EntityName', 'Policies']);
    const merged = await mgmt(
      'Archive',
      '.alter-merge database Archive policy managed_identity ```[{"ObjectId":"system","AllowedUsages":"AutomatedFlows"}]```',
    );
    assert.match(String(rowsOf(merged)[0].Policies), /"AllowedUsages":"ExternalTable, AutomatedFlows"/);
    const deleted = await mgmt('Archive', '.delete database Archive policy managed_identity');
    assert.deepEqual(rowsOf(deleted)[0], { EntityName: '[Archive]', Policies: '[]' });
  });

  it('masks every connection string after the location, the auth mode included', async () => {
    const rows = rowsOf(await mgmt('Analytics', '.show external tables'));
    const byName = Object.fromEntries(rows.map((r) => [r.TableName, r]));
    const strings = (r: Record<string, unknown>) => JSON.parse(String(r.ConnectionStrings)) as string[];
    assert.deepEqual(strings(byName.ExportedEvents), ['https://contosoexports.blob.core.windows.net/events;*******']);
    assert.deepEqual(strings(byName.KeyedArchive), ['https://contosoarchive.blob.core.windows.net/archive;*******']);
    assert.doesNotMatch(JSON.stringify(rows), /impersonate|c2VjcmV0/);
    assert.equal(JSON.parse(String(byName.ExportedEvents.Properties)).Format, 'Csv');
  });

  it('describes a SQL external table by TargetEntityKind / TargetEntityName / TargetEntityConnectionString', async () => {
    const row = rowsOf(await mgmt('Analytics', '.show external table SqlEvents'))[0];
    const props = JSON.parse(String(row.Properties)) as Record<string, unknown>;
    assert.equal(props.TargetEntityKind, 'sqltable');
    assert.equal(props.TargetEntityName, 'dbo.Events');
    assert.match(String(props.TargetEntityConnectionString), /Authentication=Active Directory Integrated/);
    assert.equal('SqlTable' in props, false);
  });

  it('prints ExportProperties in PascalCase with numbers, as JSON text in string columns', async () => {
    await mgmt(
      'Analytics',
      '.create-or-alter continuous-export Sized over (Events) to table ExportedEvents with (managedIdentity="system", intervalBetweenRuns=1h, forcedLatency=10m, sizeLimit=104857600, distributed=false) <| Events',
    );
    const result = await mgmt('Analytics', '.show continuous-export Sized');
    const types = Object.fromEntries(result.primaryResults[0].columns.map((c) => [c.name, c.type]));
    assert.equal(types.ExportProperties, 'string');
    assert.equal(types.CursorScopedTables, 'string');
    const row = rowsOf(result)[0];
    assert.deepEqual(JSON.parse(String(row.ExportProperties)), {
      ManagedIdentity: 'system',
      SizeLimit: 104857600,
      Distributed: false,
    });
    assert.deepEqual(JSON.parse(String(row.CursorScopedTables)), ["['Analytics'].['Events']"]);
    assert.equal(row.ForcedLatency, 600_000); // the client reads a timespan as milliseconds
  });

  it('answers an unknown table in a query with KustoBadRequestException wrapping SEM0100', async () => {
    const client = kustoClient(sandbox, 'adxfull');
    try {
      await client.execute('Analytics', 'NoSuchTable | take 1');
      assert.fail('expected a semantic error');
    } catch (e) {
      const error = (e as { response: { data: { error: Record<string, unknown> } } }).response.data.error;
      assert.equal(error.code, 'General_BadRequest');
      assert.equal(error['@type'], 'Kusto.Data.Exceptions.KustoBadRequestException');
      assert.match(String(error['@message']), /^Request is invalid and cannot be processed: Semantic error: SEM0100: /);
      const inner = error.innererror as Record<string, unknown>;
      assert.equal(inner.code, 'SEM0100');
      assert.equal(inner['@type'], 'Kusto.Data.Exceptions.SemanticException');
      assert.equal(inner['@errorCode'], 'SEM0100');
      assert.match(String(inner.message), /^'table' operator: Failed to resolve table expression named 'NoSuchTable'$/);
    }
  });

  it('uses the documented codes for a missing database and table', async () => {
    const db = await kustoFailure(mgmt('Analytics', '.show database Nope policy managed_identity'));
    assert.deepEqual([db.status, db.code], [400, 'BadRequest_DatabaseNotExist']);
    const table = await kustoFailure(mgmt('Analytics', '.show table Nope policy update'));
    assert.deepEqual([table.status, table.code], [400, 'BadRequest_TableNotExist']);
  });

  it('answers 401 with a body that is not JSON', async () => {
    const res = await fetch(`${sandbox.clusters.adxfull}/v1/rest/mgmt`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sandbox.token('arm')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ db: 'Analytics', csl: '.show databases' }),
    });
    assert.equal(res.status, 401);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
    const text = await res.text();
    assert.throws(() => JSON.parse(text));
    assert.match(text, /audience/);
  });
});
