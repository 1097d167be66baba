// Real SDK clients pointed at a running sandbox.
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { KustoManagementClient } from '@azure/arm-kusto';
import { Client, KustoConnectionStringBuilder } from 'azure-kusto-data';
import { request } from 'node:https';
import type { RunningSandbox } from '../../../sandbox';

/** A credential that always hands out a sandbox token for one audience, whatever scope is asked. */
export function fixedCredential(sandbox: RunningSandbox, audience: string, tenantId?: string): TokenCredential {
  return {
    getToken: async (): Promise<AccessToken> => ({
      token: sandbox.token(audience, tenantId),
      expiresOnTimestamp: Date.now() + 3_600_000,
    }),
  };
}

/** A credential that, like a real one, gives a token for the audience of the scope asked. */
export function scopedCredential(sandbox: RunningSandbox, tenantId?: string): TokenCredential {
  return {
    getToken: async (scopes): Promise<AccessToken> => {
      const scope = Array.isArray(scopes) ? scopes[0] : scopes;
      return {
        token: sandbox.token(scope.replace(/\/\.default$/, ''), tenantId),
        expiresOnTimestamp: Date.now() + 3_600_000,
      };
    },
  };
}

export const FAST_RETRY = { maxRetries: 1, retryDelayInMs: 10, maxRetryDelayInMs: 50 };

export function armClient(
  sandbox: RunningSandbox,
  subscriptionId: string,
  credential?: TokenCredential,
): KustoManagementClient {
  return new KustoManagementClient(credential ?? fixedCredential(sandbox, 'arm'), subscriptionId, {
    endpoint: sandbox.arm,
    credentialScopes: ['https://management.azure.com/.default'],
    tlsOptions: { ca: sandbox.certificatePem },
    retryOptions: FAST_RETRY,
  });
}

/** Options for other ARM SDK clients (msi, subscriptions). */
export function armOptions(sandbox: RunningSandbox) {
  return {
    endpoint: sandbox.arm,
    credentialScopes: ['https://management.azure.com/.default'],
    tlsOptions: { ca: sandbox.certificatePem },
    retryOptions: FAST_RETRY,
  };
}

export function kustoClient(sandbox: RunningSandbox, cluster: string, credential?: TokenCredential): Client {
  const url = sandbox.clusters[cluster];
  return credential ? new Client(KustoConnectionStringBuilder.withTokenCredential(url, credential)) : new Client(url);
}

export const LRO_FAST = { updateIntervalInMs: 5 };

/** The first primary table of a result, as objects keyed by column name. */
export function rowsOf(result: { primaryResults: { toJSON(): { data: unknown[] } }[] }): Record<string, unknown>[] {
  return result.primaryResults[0].toJSON().data as Record<string, unknown>[];
}

/** Status and `@message` of a failed Kusto call (the client throws the raw HTTP error). */
export async function kustoFailure(p: Promise<unknown>): Promise<{ status: number; message: string; code: string }> {
  try {
    await p;
  } catch (e) {
    const r = (e as { response?: { status: number; data?: { error?: Record<string, string> } } }).response;
    if (!r) throw e;
    return { status: r.status, message: r.data?.error?.['@message'] ?? '', code: r.data?.error?.code ?? '' };
  }
  throw new Error('expected the Kusto call to fail');
}

/** Status and code of a failed ARM call (RestError). */
export async function armFailure(p: Promise<unknown>): Promise<{ status: number; code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    const r = e as { statusCode?: number; code?: string; message: string };
    return { status: r.statusCode ?? 0, code: r.code ?? '', message: r.message };
  }
  throw new Error('expected the ARM call to fail');
}

export const SUB_DEV = 'aaaaaaaa-0000-4000-8000-000000000001';
export const SUB_PROD = 'aaaaaaaa-0000-4000-8000-000000000002';
export const TENANT = '11111111-1111-4111-8111-111111111111';
export const UAI_EXPORT =
  '/subscriptions/aaaaaaaa-0000-4000-8000-000000000002/resourceGroups/rg-identities/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-adx-export';
export const UAI_INGEST =
  '/subscriptions/aaaaaaaa-0000-4000-8000-000000000002/resourceGroups/rg-identities/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-adx-ingest';
export const UAI_SPARE =
  '/subscriptions/aaaaaaaa-0000-4000-8000-000000000002/resourceGroups/rg-identities/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-spare';
export const SPARE_PRINCIPAL = '0e000003-0000-4000-8000-000000000003';
export const EXPORT_PRINCIPAL = '0e000001-0000-4000-8000-000000000001';
export const FULL_SYSTEM = '5e000003-0000-4000-8000-000000000003';

/** A raw https request to the sandbox's ARM endpoint (status and body text), for what an SDK would hide. */
export function rawArm(
  sandbox: RunningSandbox,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
) {
  return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = request(
      `${sandbox.arm}${path}`,
      { method: init.method ?? 'GET', headers: init.headers, ca: sandbox.certificatePem },
      (res) => {
        let body = '';
        res.on('data', (d) => {
          body += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}
