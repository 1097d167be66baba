// The CLI's credentials: one @azure/identity class per --auth mode, the cloud's endpoints, and what each mode reads.
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { loadSdk } from './factory';

export const AUTH_MODES = ['none', 'default', 'cli', 'workload', 'pipelines', 'managed', 'env'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];
export type CredentialMode = Exclude<AuthMode, 'none'>;

/** Where a cloud's ARM, sign-in and Kusto live. */
export interface CloudSettings {
  readonly name: string;
  readonly armEndpoint: string;
  readonly authorityHost: string;
  /** The Kusto token scope (the service's resource id for the cloud). */
  readonly kustoScope: string;
  readonly portalUrl: string;
}

export const CLOUDS = {
  AzureCloud: {
    name: 'AzureCloud',
    armEndpoint: 'https://management.azure.com',
    authorityHost: 'https://login.microsoftonline.com',
    kustoScope: 'https://kusto.kusto.windows.net/.default',
    portalUrl: 'https://portal.azure.com',
  },
  AzureChinaCloud: {
    name: 'AzureChinaCloud',
    armEndpoint: 'https://management.chinacloudapi.cn',
    authorityHost: 'https://login.chinacloudapi.cn',
    kustoScope: 'https://kusto.kusto.chinacloudapi.cn/.default',
    portalUrl: 'https://portal.azure.cn',
  },
  AzureUSGovernment: {
    name: 'AzureUSGovernment',
    armEndpoint: 'https://management.usgovcloudapi.net',
    authorityHost: 'https://login.microsoftonline.us',
    kustoScope: 'https://kusto.kusto.usgovcloudapi.net/.default',
    portalUrl: 'https://portal.azure.us',
  },
} as const satisfies Record<string, CloudSettings>;
export type CloudName = keyof typeof CLOUDS;

/** The ARM token scope of an ARM endpoint (`https://management.azure.com` → `https://management.azure.com/.default`). */
export const armScopeOf = (armEndpoint: string): string => `${armEndpoint.replace(/\/+$/, '')}/.default`;

/** How far to trust the sign-in endpoint: a sandbox's self-signed CA, and no instance discovery off Microsoft's hosts. */
export interface CredentialTrust {
  readonly authorityHost: string;
  readonly ca?: string;
  readonly disableInstanceDiscovery?: boolean;
}

type Env = Record<string, string | undefined>;

/** The environment variables each mode needs, as any one of the names in each group (read by the classes themselves). */
const NEEDS: Record<CredentialMode, readonly (readonly string[])[]> = {
  default: [],
  cli: [],
  managed: [],
  env: [['AZURE_TENANT_ID'], ['AZURE_CLIENT_ID'], ['AZURE_CLIENT_SECRET', 'AZURE_CLIENT_CERTIFICATE_PATH']],
  workload: [['AZURE_TENANT_ID'], ['AZURE_CLIENT_ID'], ['AZURE_FEDERATED_TOKEN_FILE']],
  pipelines: [
    ['AZURE_TENANT_ID', 'AZURESUBSCRIPTION_TENANT_ID'],
    ['AZURE_CLIENT_ID', 'AZURESUBSCRIPTION_CLIENT_ID'],
    ['AZURESUBSCRIPTION_SERVICE_CONNECTION_ID'],
    ['SYSTEM_ACCESSTOKEN'],
    ['SYSTEM_OIDCREQUESTURI'],
  ],
};

/** The variables a mode needs that are unset (names only: values are never shown). */
export function missingEnvironment(mode: CredentialMode, env: Env = process.env): string[] {
  return NEEDS[mode].filter((names) => !names.some((n) => env[n])).map((names) => names.join(' or '));
}

const first = (env: Env, ...names: string[]): string => names.map((n) => env[n]).find((v): v is string => !!v) ?? '';

/** The real credential class for a mode; each reads its own variables from the environment. */
export async function createCredential(
  mode: CredentialMode,
  trust: CredentialTrust,
  env: Env = process.env,
): Promise<TokenCredential> {
  const sdk = await loadSdk();
  const common = {
    authorityHost: trust.authorityHost,
    ...(trust.disableInstanceDiscovery ? { disableInstanceDiscovery: true } : {}),
    ...(trust.ca ? { tlsOptions: { ca: trust.ca } } : {}),
  };
  const clientId = env.AZURE_CLIENT_ID;
  switch (mode) {
    case 'default':
      return new sdk.DefaultAzureCredential({ ...common, ...(clientId ? { managedIdentityClientId: clientId } : {}) });
    case 'cli':
      return new sdk.AzureCliCredential(env.AZURE_TENANT_ID ? { tenantId: env.AZURE_TENANT_ID } : {});
    case 'workload':
      return new sdk.WorkloadIdentityCredential(common);
    case 'pipelines':
      return new sdk.AzurePipelinesCredential(
        first(env, 'AZURE_TENANT_ID', 'AZURESUBSCRIPTION_TENANT_ID'),
        first(env, 'AZURE_CLIENT_ID', 'AZURESUBSCRIPTION_CLIENT_ID'),
        first(env, 'AZURESUBSCRIPTION_SERVICE_CONNECTION_ID'),
        first(env, 'SYSTEM_ACCESSTOKEN'),
        common,
      );
    case 'managed':
      return clientId
        ? new sdk.ManagedIdentityCredential({ ...common, clientId })
        : new sdk.ManagedIdentityCredential(common);
    case 'env':
      return new sdk.EnvironmentCredential(common);
  }
}

/** A credential whose failures name the mode and the scope, and carry only the service's first line (never a secret). */
export function describedCredential(mode: CredentialMode, inner: TokenCredential): TokenCredential {
  // Kusto asks for a token on every request, and AzureCliCredential starts `az` each time: keep each scope's token.
  const cache = new Map<string, Promise<AccessToken>>();
  const fresh = (t: AccessToken) => t.expiresOnTimestamp - Date.now() > 5 * 60_000;
  return {
    getToken: async (scopes, options) => {
      const scope = [scopes].flat().join(' ');
      const cached = cache.get(scope);
      if (cached && fresh(await cached.catch(() => ({ token: '', expiresOnTimestamp: 0 })))) return cached;
      try {
        const pending = Promise.resolve(inner.getToken(scopes, options)).then((t) => {
          if (!t) throw new Error('no token returned');
          return t;
        });
        cache.set(scope, pending);
        return await pending;
      } catch (e) {
        cache.delete(scope);
        throw new Error(`--auth ${mode} could not get a token for ${scope}: ${failureReason(e).slice(0, 400)}`);
      }
    },
  };
}

/** What to fix: Entra's AADSTS reason, or, from a chain, the credential that failed rather than those not set up. */
function failureReason(e: unknown): string {
  const errors = (e as { errors?: unknown[] } | undefined)?.errors;
  if (Array.isArray(errors) && errors.length) {
    const failed = errors.find((x) => (x as Error | undefined)?.name !== 'CredentialUnavailableError');
    if (failed) return failureReason(failed);
    // A credential that tried and failed (a status, a network error) says more than those not set up here: it goes first.
    const lines = errors.map((x) =>
      String((x as Error)?.message)
        .split(/\r?\n/)[0]
        .replace(/\s*To troubleshoot, visit \S+/, ''),
    );
    const tried = (l: string) => /failed|\b\d{3}\b|network|AADSTS|refused|ECONN|certificate/i.test(l);
    const ordered = [...lines.filter(tried), ...lines.filter((l) => !tried(l))];
    return `no credential of the chain could be used: ${ordered.join(' | ')}`;
  }
  const text = e instanceof Error ? e.message : String(e);
  return /AADSTS\d+:[^\r\n]*/.exec(text)?.[0] ?? text.replace(/\s*\r?\n\s*/g, ' ');
}
