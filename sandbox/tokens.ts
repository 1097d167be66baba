// Unsigned JWTs: enough for the clients (which only carry them) and for the audience checks.

export const ARM_AUDIENCES = ['https://management.azure.com', 'https://management.core.windows.net'];
export const KUSTO_AUDIENCES = [
  'https://kusto.kusto.windows.net',
  'https://help.kusto.windows.net',
  'https://api.kusto.windows.net',
];

export interface TokenClaims {
  aud: string;
  tid: string;
  oid: string;
  exp: number;
  iat: number;
  iss: string;
}

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

export function makeToken(aud: string, tid: string, oid: string, lifetimeSeconds = 3600): string {
  const now = Math.floor(Date.now() / 1000);
  const claims: TokenClaims = {
    aud,
    tid,
    oid,
    iat: now,
    exp: now + lifetimeSeconds,
    iss: `https://sts.windows.net/${tid}/`,
  };
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
}

/** Claims of a bearer token, or undefined when it is not a JWT at all. */
export function readToken(authorization: string | undefined): TokenClaims | undefined {
  const m = /^Bearer\s+([^.\s]+)\.([^.\s]+)\.?\S*$/i.exec(authorization ?? '');
  if (!m) return undefined;
  try {
    return JSON.parse(Buffer.from(m[2], 'base64url').toString('utf8')) as TokenClaims;
  } catch {
    return undefined;
  }
}

/** `https://x/.default`, `https://x/` and `https://x` name the same audience. */
export function normalizeAudience(aud: string): string {
  return aud
    .replace(/\/\.default$/, '')
    .replace(/\/+$/, '')
    .toLowerCase();
}

export function audienceMatches(aud: string | undefined, allowed: string[]): boolean {
  if (!aud) return false;
  const a = normalizeAudience(aud);
  return allowed.some((x) => normalizeAudience(x) === a);
}
