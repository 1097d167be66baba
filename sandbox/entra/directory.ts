// Who the sandbox's token service knows: one pipeline app (secret + federated credentials), the Azure Pipelines service
// connection, and the managed identity endpoint's secret header. Fixed values, so tests and docs can name them.

/** The app a pipeline signs in as; its service principal is the scenario's caller, so the scenario's roles apply. */
export const SANDBOX_APP = {
  clientId: 'c1e00000-0000-4000-8000-0000000000c1',
  /** A test secret (never a real one): the EnvironmentCredential's AZURE_CLIENT_SECRET and the `az` shim's login. */
  clientSecret: 'sandbox-client-secret',
} as const;

/** The audience every federated assertion carries (Entra's token exchange audience). */
export const FEDERATION_AUDIENCE = 'api://AzureADTokenExchange';

/** Federated credentials of SANDBOX_APP: GitHub Actions, an AKS service account, and the Azure Pipelines connection. */
export const FEDERATED_CREDENTIALS = [
  {
    name: 'github-main',
    issuer: 'https://token.actions.githubusercontent.com',
    subject: 'repo:contoso/adx:ref:refs/heads/main',
  },
  { name: 'aks-auditor', issuer: 'https://oidc.sandbox-aks.invalid/', subject: 'system:serviceaccount:adx:auditor' },
  {
    name: 'pipelines-connection',
    issuer: 'https://vstoken.dev.azure.com/0f0f0f0f-0000-4000-8000-00000000a2d0',
    subject: 'sc://contoso/adx/adx-sandbox-connection',
  },
] as const;

/** The Azure Pipelines side: the service connection the OIDC request names and the job's System.AccessToken. */
export const PIPELINES = {
  serviceConnectionId: '5c000000-0000-4000-8000-00000000005c',
  systemAccessToken: 'sandbox-system-access-token',
  /** Path of the OIDC request endpoint on the sandbox host (SYSTEM_OIDCREQUESTURI). */
  oidcPath: '/_apis/distributedtask/hubs/build/plans/sandbox/jobs/sandbox/oidctoken',
} as const;

/** The App Service managed identity endpoint: IDENTITY_ENDPOINT is this path on the sandbox host. */
export const MANAGED_IDENTITY = {
  path: '/msi/token',
  /** IDENTITY_HEADER: the secret App Service hands the process, checked on every request. */
  header: 'sandbox-identity-header',
} as const;

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

/** An unsigned federated token (what a GitHub/AKS/Pipelines OIDC issuer signs), for token files and the OIDC endpoint. */
export function federatedToken(issuer: string, subject: string, lifetimeSeconds = 600): string {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    iss: issuer,
    sub: subject,
    aud: FEDERATION_AUDIENCE,
    iat: now,
    nbf: now,
    exp: now + lifetimeSeconds,
  };
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
}

export interface AssertionClaims {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  exp?: number;
}

/** Claims of a compact JWT, or undefined when it is not one. */
export function readAssertion(jwt: string): AssertionClaims | undefined {
  const part = jwt.split('.')[1];
  if (!part) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    return claims && typeof claims === 'object' ? (claims as AssertionClaims) : undefined;
  } catch {
    return undefined;
  }
}
