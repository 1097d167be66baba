// A throw-away self-signed certificate for the ARM https server (openssl must be on PATH).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SandboxCertificate {
  certPath: string;
  keyPath: string;
  certPem: string;
  keyPem: string;
}

export function makeCertificate(): SandboxCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'adx-sandbox-'));
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  const config = join(dir, 'openssl.cnf');
  // A CA:TRUE cert that is also the server cert, so `ca: cert` is enough for Node to trust it.
  writeFileSync(
    config,
    [
      '[req]',
      'distinguished_name=dn',
      'x509_extensions=ext',
      'prompt=no',
      '[dn]',
      'CN=adx-identity sandbox',
      '[ext]',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      'basicConstraints=critical,CA:TRUE',
      'keyUsage=digitalSignature,keyEncipherment,keyCertSign',
      'extendedKeyUsage=serverAuth',
      '',
    ].join('\n'),
  );
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-keyout',
        keyPath,
        '-out',
        certPath,
        '-config',
        config,
      ],
      { stdio: 'pipe' },
    );
  } catch (e) {
    throw new Error(`the sandbox needs openssl on PATH to make its certificate: ${(e as Error).message}`);
  }
  return { certPath, keyPath, certPem: readFileSync(certPath, 'utf8'), keyPem: readFileSync(keyPath, 'utf8') };
}
