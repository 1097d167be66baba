// The local sandbox as a CloudAccount: its subscriptions, its ARM endpoint and certificate, and tokens minted the way it mints them.
import { readFileSync } from 'node:fs';
import type { TokenCredential } from '@azure/core-auth';
import type { CloudAccount, SubscriptionRef } from './model';

/** The JSON line `npm run sandbox` prints (and RunningSandbox.info() returns). */
export interface SandboxInfo {
  arm: string;
  certificate?: string;
  certificatePem?: string;
  subscriptions: { subscriptionId: string; displayName: string; tenantId: string }[];
  tenants?: unknown[];
  clusters?: Record<string, string>;
  callerObjectId?: string;
}

/** Accepts the JSON line itself or a path to a file holding it. */
export function readSandboxInfo(value: string): SandboxInfo {
  const text = value.trim().startsWith('{') ? value : readFileSync(value.trim(), 'utf8');
  const line =
    text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .find((l) => l.startsWith('{') && l.includes('"arm"')) ?? text;
  const info = JSON.parse(line) as SandboxInfo;
  if (typeof info.arm !== 'string' || !Array.isArray(info.subscriptions)) {
    throw new Error(
      'The sandbox setting is not the JSON line `npm run sandbox` prints (needs "arm" and "subscriptions").',
    );
  }
  return info;
}

export const SANDBOX_ARM_SCOPE = 'https://management.azure.com/.default';
export const KUSTO_SCOPE = 'https://kusto.kusto.windows.net/.default';

const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');

/** An unsigned JWT, the same shape the sandbox's own token() makes: it checks audience and tenant, not signatures. */
export function mintSandboxToken(
  scope: string,
  tenantId: string,
  objectId: string,
): { token: string; expiresOnTimestamp: number } {
  const now = Math.floor(Date.now() / 1000);
  const aud = scope.replace(/\/\.default$/, '').replace(/\/+$/, '');
  const claims = {
    aud,
    tid: tenantId,
    oid: objectId,
    iat: now,
    exp: now + 3600,
    iss: `https://sts.windows.net/${tenantId}/`,
  };
  return { token: `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`, expiresOnTimestamp: (now + 3600) * 1000 };
}

const DEFAULT_CALLER = '00000000-0000-0000-0000-0000000000aa';

export function createSandboxAccount(info: SandboxInfo): CloudAccount {
  const ca = info.certificatePem ?? (info.certificate ? readFileSync(info.certificate, 'utf8') : undefined);
  const caller = info.callerObjectId ?? DEFAULT_CALLER;
  return {
    kind: 'sandbox',
    endpoints: {
      armEndpoint: info.arm.replace(/\/+$/, ''),
      armScopes: [SANDBOX_ARM_SCOPE],
      portalUrl: 'https://portal.azure.com',
      ca,
    },
    isSignedIn: async () => true,
    listSubscriptions: async (): Promise<SubscriptionRef[]> =>
      info.subscriptions.map((s) => ({ subscriptionId: s.subscriptionId, name: s.displayName, tenantId: s.tenantId })),
    armCredential: (subscription): TokenCredential => ({
      // Asks for exactly the scope the ARM pipeline requests, so a wrong scope shows up as the sandbox's 401.
      getToken: async (scopes) =>
        mintSandboxToken([scopes].flat()[0] ?? SANDBOX_ARM_SCOPE, subscription.tenantId, caller),
    }),
    kustoToken: async (tenantId) => mintSandboxToken(KUSTO_SCOPE, tenantId, caller).token,
  };
}
