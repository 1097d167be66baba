// The sandbox's certificate is made in JavaScript (no openssl): Node's TLS and the real SDK clients accept it with the
// CA, refuse it without; the DER pieces are checked against known encodings.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, get, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { startSandbox } from '../../../sandbox';
import { createCertificate, objectId, time, tlv, unsignedInteger } from '../../../sandbox/tls';
import { KustoManagementClient } from '@azure/arm-kusto';
import { armClient, fixedCredential } from './helpers';

function fetchOver(port: number, host: string, ca?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get({ host, port, path: '/', ca, servername: host === '127.0.0.1' ? undefined : host }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d)).on('end', () => resolve(body));
    }).on('error', reject);
  });
}

describe('sandbox certificate (JavaScript, no openssl)', () => {
  it('encodes DER pieces as X.690 says', () => {
    assert.equal(objectId('1.2.840.113549.1.1.11').toString('hex'), '06092a864886f70d01010b');
    assert.equal(objectId('2.5.29.17').toString('hex'), '0603551d11');
    assert.equal(unsignedInteger(Buffer.from([0x80])).toString('hex'), '02020080');
    assert.equal(unsignedInteger(Buffer.from([0, 0, 5])).toString('hex'), '020105');
    assert.equal(tlv(0x04, Buffer.alloc(200)).subarray(0, 3).toString('hex'), '0481c8');
    assert.equal(tlv(0x04, Buffer.alloc(300)).subarray(0, 4).toString('hex'), '0482012c');
    assert.equal(time(new Date(Date.UTC(2026, 11, 6, 9, 5, 7))).toString('latin1'), '\x17\x0d261206090507Z');
    assert.equal(time(new Date(Date.UTC(2050, 0, 1))).toString('latin1'), '\x18\x0f20500101000000Z');
  });

  it('is a self-signed CA for 127.0.0.1 and localhost only, valid now', () => {
    const { certPem } = createCertificate();
    const x = new X509Certificate(certPem);
    assert.ok(x.ca);
    assert.equal(x.subject, 'CN=adx-identity sandbox');
    assert.equal(x.issuer, x.subject);
    assert.ok(x.verify(x.publicKey), 'signed by its own key');
    assert.ok(x.checkIssued(x));
    assert.equal(x.subjectAltName, 'DNS:localhost, IP Address:127.0.0.1');
    assert.equal(x.checkIP('127.0.0.1'), '127.0.0.1');
    assert.equal(x.checkHost('example.com'), undefined);
    assert.deepEqual(x.keyUsage, ['1.3.6.1.5.5.7.3.1']);
    assert.ok(new Date(x.validFrom) < new Date() && new Date() < new Date(x.validTo));
  });

  describe("Node's TLS", () => {
    const { certPem, keyPem } = createCertificate();
    let server: Server;
    let port: number;
    before(async () => {
      server = createServer({ cert: certPem, key: keyPem }, (_req, res) => res.end('ok'));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('accepts it with the certificate as CA, by IP and by name', async () => {
      assert.equal(await fetchOver(port, '127.0.0.1', certPem), 'ok');
      assert.equal(await fetchOver(port, 'localhost', certPem), 'ok');
    });

    it('refuses it without the CA, and with another certificate as CA', async () => {
      await assert.rejects(fetchOver(port, '127.0.0.1'), /self-signed certificate/);
      await assert.rejects(fetchOver(port, '127.0.0.1', createCertificate().certPem), /self-signed certificate/);
    });
  });

  it('the real ARM client lists clusters over it with the CA, and fails without', async () => {
    const sandbox = await startSandbox();
    try {
      const sub = sandbox.subscriptions[1].subscriptionId;
      const names: string[] = [];
      for await (const c of armClient(sandbox, sub).clusters.list()) names.push(c.name ?? '');
      assert.deepEqual(names.sort(), ['adxfull', 'adxuser']);
      // The same client without the CA: the pipeline's TLS refuses the self-signed certificate.
      const bare = new KustoManagementClient(fixedCredential(sandbox, 'arm'), sub, {
        endpoint: sandbox.arm,
        credentialScopes: ['https://management.azure.com/.default'],
        retryOptions: { maxRetries: 0 },
      });
      await assert.rejects(async () => {
        for await (const c of bare.clusters.list()) assert.fail(`listed ${c.name} over an untrusted certificate`);
      }, /self-signed certificate/);
    } finally {
      await sandbox.stop();
    }
  });

  it('runs with no openssl on PATH, stops when stdin closes and leaves no certificate behind', async () => {
    // PATH empty: nothing to shell out to. tsx runs the entry as the bundle would (node + the script).
    const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'sandbox/main.ts', '--stop-with-stdin'], {
      env: { ...process.env, PATH: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    try {
      const first = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const info = JSON.parse(first) as { arm: string; certificate: string; clusters: Record<string, string> };
      for (const url of [info.arm, ...Object.values(info.clusters)]) assert.match(url, /^https?:\/\/127\.0\.0\.1:\d+$/);
      assert.ok(existsSync(info.certificate));
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.stdin!.end();
      assert.equal(await exited, 0);
      assert.equal(existsSync(dirname(info.certificate)), false, 'the certificate folder is removed');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
