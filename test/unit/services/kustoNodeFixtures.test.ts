// The real azure-kusto-data client reads responses recorded by its own maintainers (test/fixtures/kusto-node, see SOURCE.md)
// from a loopback server; the product's result adapter and error mapping run over what it returns.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { readRows } from '../../../src/core/results/table';
import { kustoType } from '../../../src/core/results/shapes';
import { ServiceError } from '../../../src/services/errors';
import { ClientFactory } from '../../../src/services/factory';
import { KustoService } from '../../../src/services/kusto';

const fixture = (name: string): string =>
  readFileSync(path.join(__dirname, '../../fixtures/kusto-node', `${name}.json`), 'utf8');

interface Reply {
  readonly status: number;
  readonly body: string;
  readonly type?: string;
}

describe('kusto-node recorded responses through the real client and the product adapter', () => {
  let server: Server;
  let uri: string;
  let reply: Reply = { status: 200, body: '{}' };
  const ctx = { action: 'read the fixture', permission: 'Database Viewer' };
  let service: KustoService;
  let factory: ClientFactory;

  before(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.url?.startsWith('/v1/rest/auth/metadata')) return void res.writeHead(404).end();
        res.writeHead(reply.status, { 'content-type': reply.type ?? 'application/json' }).end(reply.body);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    uri = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    factory = new ClientFactory({ retry: { maxRetries: 0, retryDelayInMs: 1, maxRetryDelayInMs: 1 }, timeoutMs: 5000 });
    service = new KustoService(factory);
  });
  after(async () => {
    await factory.dispose();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  const run = (text: string) => service.run({ uri, auth: { kind: 'none' } }, { text, database: 'Db' }, ctx);

  it('v1 (management): columns by name, rows as sent; read by column name', async () => {
    reply = { status: 200, body: fixture('v1') };
    const table = await run('.show something');
    assert.deepEqual(
      table.columns.map((c) => c.name),
      ['ResourceTypeName', 'StorageRoot'],
    );
    const names = readRows(table, 'fixture', ['ResourceTypeName'], (r) => r.string('ResourceTypeName'));
    assert.equal(names[0], 'SecuredReadyForAggregationQueue');
    assert.equal(names.length, JSON.parse(fixture('v1')).Tables[0].Rows.length);
  });

  it('v1 with several tables: the primary result is adapted, DataType names map to Kusto types', async () => {
    reply = { status: 200, body: fixture('v1_2') };
    const table = await run('.show something');
    assert.ok(table.columns.length > 0 && table.rows.length > 0);
    // The client drops v1 DataType (it reads ColumnType only), so a type is either absent or a known Kusto name.
    for (const c of table.columns)
      if (c.type) assert.ok(/^(string|long|int|datetime|guid|dynamic)$/.test(kustoType(c.type)));
  });

  it('v2 (query): PrimaryResult frame with Kusto types; values read by type', async () => {
    reply = { status: 200, body: fixture('v2') };
    const table = await run('temp | take 3');
    assert.deepEqual(
      table.columns.map((c) => `${c.name}:${c.type}`),
      [
        'Timestamp:datetime',
        'Name:string',
        'Altitude:long',
        'Temperature:real',
        'IsFlying:bool',
        'TimeFlying:timespan',
      ],
    );
    const rows = readRows(table, 'fixture', ['Timestamp', 'Name'], (r) => ({
      at: r.date('Timestamp'),
      name: r.string('Name'),
      altitude: r.number('Altitude'),
      flying: r.boolean('IsFlying'),
    }));
    assert.equal(rows.length, 3);
    assert.deepEqual(rows[0], { at: new Date('2016-06-06T15:35:00Z'), name: 'foo', altitude: 101, flying: false });
    // The recorded answer ends with an all-null row: read as absent values, not as an error or a dropped row.
    assert.deepEqual(rows[2], { at: undefined, name: '', altitude: undefined, flying: undefined });
  });

  it('v2 with an error in QueryCompletionInformation: an error with a message, never an empty table', async () => {
    reply = { status: 200, body: fixture('v2error') };
    await assert.rejects(
      run('temp | take 3'),
      (e: unknown) => e instanceof ServiceError && /Could not read the fixture: .+/.test(e.message),
    );
  });

  it('documented errors: a DatabaseNotExist code is "not found"; an innererror chain keeps SEM0100', async () => {
    reply = {
      status: 400,
      body: JSON.stringify({
        error: {
          code: 'BadRequest_DatabaseNotExist',
          message: 'Request is invalid and cannot be executed.',
          '@type': 'Kusto.Data.Exceptions.DatabaseNotFoundException',
          '@message': "Database 'Nope' was not found.",
          '@permanent': true,
        },
      }),
    };
    await assert.rejects(
      run('.show database Nope principals'),
      (e: unknown) =>
        e instanceof ServiceError && e.kind === 'notFound' && /Database 'Nope' was not found/.test(e.message),
    );
    reply = {
      status: 400,
      body: JSON.stringify({
        error: {
          code: 'General_BadRequest',
          message: 'Request is invalid and cannot be executed.',
          '@type': 'Kusto.Data.Exceptions.KustoBadRequestException',
          '@message': 'Semantic error: Query could not be parsed.',
          innererror: {
            code: 'SEM0100',
            message: "'Nope' operator: Failed to resolve table or column expression named 'Nope'",
            '@type': 'Kusto.Data.Exceptions.SemanticException',
          },
        },
      }),
    };
    await assert.rejects(
      run('Nope'),
      (e: unknown) =>
        e instanceof ServiceError && /Semantic error.* ← SEM0100: 'Nope' operator: Failed to resolve/.test(e.message),
    );
  });

  it('a 401 whose body is not JSON is "sign in again", with the permission, and nothing of the body breaks it', async () => {
    reply = { status: 401, body: '<html><body>401 - Unauthorized: Access is denied</body></html>', type: 'text/html' };
    await assert.rejects(
      run('.show databases'),
      (e: unknown) =>
        e instanceof ServiceError &&
        e.kind === 'unauthenticated' &&
        /401\). Sign in again; it needs Database Viewer/.test(e.message),
    );
  });
});
