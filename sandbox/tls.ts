// A throw-away self-signed certificate for the ARM https server, written in JavaScript: no openssl on PATH needed.
// node:crypto makes the key and the signature but has no X.509 writer, so the certificate's DER is encoded here.
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SandboxCertificate {
  certPath: string;
  keyPath: string;
  certPem: string;
  keyPem: string;
  /** Removes the folder holding the two files. */
  remove(): void;
}

// --- DER (X.690) encoding of the few ASN.1 types a certificate needs ---

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let x = n; x > 0; x = Math.floor(x / 256)) bytes.unshift(x & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

const sequence = (...items: Buffer[]): Buffer => tlv(0x30, ...items);
const set = (...items: Buffer[]): Buffer => tlv(0x31, ...items);
const octetString = (bytes: Buffer): Buffer => tlv(0x04, bytes);
const bitString = (bytes: Buffer, unusedBits = 0): Buffer => tlv(0x03, Buffer.from([unusedBits]), bytes);
const boolean = (value: boolean): Buffer => tlv(0x01, Buffer.from([value ? 0xff : 0x00]));
const utf8String = (text: string): Buffer => tlv(0x0c, Buffer.from(text, 'utf8'));
/** [n] EXPLICIT, constructed. */
const explicit = (n: number, inner: Buffer): Buffer => tlv(0xa0 + n, inner);

export function objectId(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  const out = [40 * first + second];
  for (const arc of rest) {
    const base128 = [arc & 0x7f];
    for (let x = Math.floor(arc / 128); x > 0; x = Math.floor(x / 128)) base128.unshift((x & 0x7f) | 0x80);
    out.push(...base128);
  }
  return tlv(0x06, Buffer.from(out));
}

/** A non-negative INTEGER from big-endian bytes: minimal, with a 0x00 in front when the top bit would make it negative. */
export function unsignedInteger(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const body = bytes.subarray(start);
  return tlv(0x02, body[0] & 0x80 ? Buffer.concat([Buffer.from([0]), body]) : body);
}

/** UTCTime up to 2049, GeneralizedTime after (RFC 5280 4.1.2.5). */
export function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14); // YYYYMMDDHHMMSS
  return date.getUTCFullYear() < 2050
    ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`, 'ascii'))
    : tlv(0x18, Buffer.from(`${iso}Z`, 'ascii'));
}

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
};

const extension = (oid: string, critical: boolean, value: Buffer): Buffer =>
  sequence(objectId(oid), ...(critical ? [boolean(true)] : []), octetString(value));

function pem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

export interface CertificateOptions {
  commonName?: string;
  /** valid from an hour ago (clock skew) for this many days */
  days?: number;
}

/**
 * A P-256 key and a v3 certificate for 127.0.0.1 and localhost that is its own CA (CA:TRUE), so `ca: cert` alone
 * makes Node trust it. Only loopback names are in it: the sandbox never listens elsewhere.
 */
export function createCertificate(options: CertificateOptions = {}): { certPem: string; keyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const keyId = createHash('sha1').update(spki).digest();
  const name = sequence(
    set(sequence(objectId(OID.commonName), utf8String(options.commonName ?? 'adx-identity sandbox'))),
  );
  const algorithm = sequence(objectId(OID.ecdsaWithSha256));
  const notBefore = new Date(Date.now() - 3600_000);
  const notAfter = new Date(notBefore.getTime() + (options.days ?? 30) * 86_400_000);
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  // keyUsage bits: digitalSignature (0) and keyCertSign (5) = 1000 0100, the last 2 bits unused.
  const keyUsage = bitString(Buffer.from([0x84]), 2);
  const altNames = sequence(tlv(0x82, Buffer.from('localhost', 'ascii')), tlv(0x87, Buffer.from([127, 0, 0, 1])));
  const tbs = sequence(
    explicit(0, unsignedInteger(Buffer.from([2]))), // v3
    unsignedInteger(serial),
    algorithm,
    name,
    sequence(time(notBefore), time(notAfter)),
    name,
    spki,
    explicit(
      3,
      sequence(
        extension(OID.basicConstraints, true, sequence(boolean(true))),
        extension(OID.keyUsage, true, keyUsage),
        extension(OID.extKeyUsage, false, sequence(objectId(OID.serverAuth))),
        extension(OID.subjectAltName, false, altNames),
        extension(OID.subjectKeyIdentifier, false, octetString(keyId)),
        extension(OID.authorityKeyIdentifier, false, sequence(tlv(0x80, keyId))),
      ),
    ),
  );
  // ECDSA signatures from node:crypto are DER (r, s) by default: exactly what the signatureValue holds.
  const signature = sign('sha256', tbs, privateKey);
  const certificate = sequence(tbs, algorithm, bitString(signature));
  return {
    certPem: pem('CERTIFICATE', certificate),
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** The certificate and key, also as files (for NODE_EXTRA_CA_CERTS and the JSON line's `certificate`). */
export function makeCertificate(): SandboxCertificate {
  const { certPem, keyPem } = createCertificate();
  const dir = mkdtempSync(join(tmpdir(), 'adx-sandbox-'));
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  writeFileSync(keyPath, keyPem, { mode: 0o600 });
  writeFileSync(certPath, certPem);
  return { certPath, keyPath, certPem, keyPem, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
