// A dropped connection is retried for reads only: a change may already have been applied when the socket died.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ServiceError } from '../../../src/services/errors';
import { ClientFactory } from '../../../src/services/factory';
import { KustoService } from '../../../src/services/kusto';
import { FAST } from './sandbox';

const V1 = JSON.stringify({
  Tables: [{ TableName: 'Table_0', Columns: [{ ColumnName: 'x', DataType: 'Int32', ColumnType: 'int' }], Rows: [[1]] }],
});

describe('services: Kusto retries on a dropped connection', () => {
  let server: Server;
  let requests = 0;
  let uri = '';
  before(async () => {
    // Every first attempt of a command dies with the socket; the next one answers.
    server = createServer((req, res) => {
      const mgmt = req.method === 'POST' && req.url === '/v1/rest/mgmt';
      if (mgmt) requests++;
      if (mgmt && requests % 2 === 1) {
        req.socket.destroy();
        return;
      }
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(V1);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    uri = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  beforeEach(() => {
    requests = 0;
  });

  it('retries a .show command and succeeds', async () => {
    const factory = new ClientFactory(FAST);
    try {
      const t = await new KustoService(factory).run(
        { uri, auth: { kind: 'none' } },
        { text: '.show cluster principals' },
        { action: 'show', permission: 'p' },
      );
      assert.deepEqual(t.rows, [[1]]);
      assert.equal(requests, 2);
    } finally {
      await factory.dispose();
    }
  });

  it('does not retry a change', async () => {
    const factory = new ClientFactory(FAST);
    try {
      await assert.rejects(
        new KustoService(factory).run(
          { uri, auth: { kind: 'none' } },
          { text: '.alter cluster policy managed_identity ```[]```' },
          { action: 'alter the policy', permission: 'p' },
        ),
        (e: unknown) =>
          e instanceof ServiceError &&
          e.kind === 'network' &&
          /^Could not alter the policy: cannot reach the service/.test(e.message),
      );
      assert.equal(requests, 1);
    } finally {
      await factory.dispose();
    }
  });
});
