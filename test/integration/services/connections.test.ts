// Direct connections (by URL, with the account's Kusto token or with no auth at all) and ARM paging.
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ClientFactory } from '../../../src/services/factory';
import { KustoService } from '../../../src/services/kusto';
import { readSandboxInfo } from '../../../src/services/sandboxAccount';
import { childrenAt, setup, type Setup } from './sandbox';

describe('services: direct connections', () => {
  let s: Setup;
  before(async () => {
    s = await setup();
  });
  after(async () => {
    await s.stop();
  });
  beforeEach(() => {
    s.direct.length = 0;
    s.model.invalidate();
  });

  it('a cluster added with auth none (the emulator way) lists its databases through `.show databases`', async () => {
    s.direct.push({ uri: s.sandbox.clusters.adxfull, auth: 'none' });
    const roots = await s.model.getChildren();
    assert.equal(roots.at(-1)?.label, 'Direct connections');
    const [cluster] = await childrenAt(s.model, 'Direct connections');
    assert.equal(cluster.label, new URL(s.sandbox.clusters.adxfull).host);
    assert.match(cluster.contextValue, /^adxIdentity\.cluster;direct;removable;/);
    assert.match(cluster.description ?? '', / · no auth$/);
    // No ARM facts for a direct connection: no Identities branch, no data connections.
    assert.deepEqual(
      (await s.model.getChildren(cluster)).map((n) => n.label),
      ['Managed identity policy', 'Cluster principals', 'Databases'],
    );
    const dbs = await childrenAt(s.model, 'Direct connections', cluster.label, 'Databases');
    assert.deepEqual(
      dbs.map((d) => [d.label, d.description]),
      [
        ['Analytics', undefined],
        ['Archive', undefined],
        ['TelemetryFollower', 'read-only (follower)'],
      ],
    );
    const dbKids = await childrenAt(s.model, 'Direct connections', cluster.label, 'Databases', 'Analytics');
    assert.deepEqual(
      dbKids.map((n) => n.label),
      ['Principals', 'Managed identity policy', 'External tables', 'Continuous exports', 'Update policies'],
    );
    const policy = await childrenAt(s.model, 'Direct connections', cluster.label, 'Managed identity policy');
    // Without ARM facts the names come from what the service fills in (IsSystem, DisplayName).
    assert.deepEqual(
      policy.map((p) => `${p.label}: ${p.description}`),
      ['System-assigned: AutomatedFlows, ExternalTable', 'id-adx-export: AutomatedFlows'],
    );
  });

  it('a cluster added with the signed-in account sends a Kusto token', async () => {
    s.direct.push({ uri: `${s.sandbox.clusters.adxuser}/`, name: 'mine', auth: 'account' });
    const principals = await childrenAt(s.model, 'Direct connections', 'mine', 'Cluster principals');
    assert.deepEqual(
      principals.map((n) => n.label),
      ['AllDatabasesAdmin → Ada Admin'],
    );
  });

  it('reads the sandbox setting as the JSON line or as a file holding it', async () => {
    const line = JSON.stringify(s.sandbox.info());
    assert.equal(readSandboxInfo(line).arm, s.sandbox.arm);
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const file = `${mkdtempSync('/tmp/adx-sandbox-')}/info.json`;
    writeFileSync(file, `starting...\n${line}\n`);
    assert.equal(readSandboxInfo(file).subscriptions.length, 2);
    assert.throws(() => readSandboxInfo('{"nope": 1}'), /needs "arm" and "subscriptions"/);
  });
});

describe('services: ARM paging', () => {
  let s: Setup;
  before(async () => {
    s = await setup({ scale: { subscriptions: 1, clustersPerSubscription: 3, databasesPerCluster: 120 } });
  });
  after(async () => {
    await s.stop();
  });

  it('follows nextLink pages: all 120 databases of a cluster are listed (pages of 50)', async () => {
    const path = ['Scale subscription 0', 'scale-s000-c001', 'Databases'];
    // A pass-through rule only counts the requests.
    s.sandbox.faults.add({ path: '/clusters/scale-s000-c001/databases' });
    const dbs = await childrenAt(s.model, ...path);
    assert.equal(dbs.length, 120);
    assert.equal(new Set(dbs.map((c) => c.label)).size, 120);
    assert.equal(s.sandbox.faults.hits[0], 3);
  });
});

describe('services: Kusto client identity', () => {
  it('names the connector and never sends the OS user name', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers);
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            Tables: [
              {
                TableName: 'Table_0',
                Columns: [{ ColumnName: 'x', DataType: 'Int32', ColumnType: 'int' }],
                Rows: [[1]],
              },
            ],
          }),
        );
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const factory = new ClientFactory({ version: '9.9.9' });
    try {
      const uri = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const table = await new KustoService(factory).run(
        { uri, auth: { kind: 'none' } },
        { text: '.show version' },
        { action: 'x', permission: 'y' },
      );
      assert.deepEqual(table, { columns: [{ name: 'x', type: 'int' }], rows: [[1]] });
      const mgmt = seen.find((h) => h['x-ms-app'] !== undefined) ?? seen.at(-1)!;
      assert.match(String(mgmt['x-ms-app']), /adx-identity/);
      assert.equal(mgmt['x-ms-user'], '[none]');
      assert.equal(mgmt.authorization, undefined);
    } finally {
      await factory.dispose();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
