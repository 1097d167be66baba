// The CLI's credential and endpoint flags (--auth, --cloud, --sandbox, --resource-id): which account signs the requests,
// and how the cluster is found in ARM. Shared by every subcommand that reaches Azure.
import type { Catalog, ClusterRef } from '../services/catalog';
import { clusterRefById, clusterRefByUri, credentialAccount } from '../services/cliAccount';
import {
  armScopeOf,
  AUTH_MODES,
  CLOUDS,
  createCredential,
  describedCredential,
  missingEnvironment,
  type AuthMode,
  type CloudName,
} from '../services/credentials';
import type { ClientFactory } from '../services/factory';
import type { CloudAccount } from '../services/model';
import { createSandboxAccount, KUSTO_SCOPE, readSandboxInfo, SANDBOX_ARM_SCOPE } from '../services/sandboxAccount';
import { directClusterRef, staticTokenAccount } from '../services/workflows/run';

/** The flags this module reads (add them to a subcommand's accepted flags). */
export const AUTH_FLAGS = ['auth', 'cloud', 'sandbox', 'resource-id'] as const;

export const AUTH_USAGE = `Credentials and endpoints (docs/cli-auth.md):
  --auth MODE              none | default | cli | workload | pipelines | managed | env: the @azure/identity credential
                           (DefaultAzureCredential, AzureCliCredential, WorkloadIdentityCredential, AzurePipelinesCredential,
                           ManagedIdentityCredential, EnvironmentCredential); ARM tokens for ARM, Kusto tokens for Kusto.
                           A credential's client id comes from AZURE_CLIENT_ID. none: no Authorization header, no ARM.
  --cloud NAME             AzureCloud (default) | AzureChinaCloud | AzureUSGovernment: ARM, sign-in and Kusto endpoints
  --sandbox FILE|JSON      the line \`npm run sandbox\` prints: its ARM, Kusto, sign-in and certificate; without --auth it
                           uses the sandbox's test tokens
  --resource-id ID         the cluster's ARM resource id (default: found by --cluster URL through Azure Resource Graph)
Without --auth or --sandbox: no ARM, and a Kusto token from env ADX_IDENTITY_TOKEN when it is set.
`;

/** A bad flag or a missing variable: the caller prints it with its usage and exits 2. */
export class AuthUsageError extends Error {}

/** How the CLI reaches Azure: the account (none = no Authorization header), and whether it can read ARM. */
export interface CliAccess {
  readonly account?: CloudAccount;
  readonly arm: boolean;
  /** For messages: `--auth workload (AzureCloud)`, `the sandbox's test tokens`, … (never a secret). */
  readonly describe: string;
  /** Where tokens come from and go, when there is a credential (for reports; no secrets). */
  readonly endpoints?: { readonly arm: string; readonly authorityHost: string; readonly kustoScope: string };
}

type Env = Record<string, string | undefined>;

/** Builds the account the flags describe; throws AuthUsageError for bad flags or missing environment variables. */
export async function openCliAccess(
  o: Record<string, string>,
  factory: ClientFactory,
  env: Env = process.env,
): Promise<CliAccess> {
  const mode = o.auth as AuthMode | undefined;
  if (mode !== undefined && !AUTH_MODES.includes(mode))
    throw new AuthUsageError(
      `--auth must be one of ${AUTH_MODES.join(', ')} (the IoT Operations endpoint's is --endpoint-auth)`,
    );
  if (o.cloud !== undefined && !(o.cloud in CLOUDS))
    throw new AuthUsageError(`--cloud must be one of ${Object.keys(CLOUDS).join(', ')}`);
  if (o.cloud !== undefined && o.sandbox !== undefined)
    throw new AuthUsageError('--cloud and --sandbox both set the endpoints: give one');
  let sandbox: ReturnType<typeof readSandboxInfo> | undefined;
  if (o.sandbox !== undefined) {
    try {
      sandbox = readSandboxInfo(o.sandbox);
    } catch (e) {
      throw new AuthUsageError(`--sandbox: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (mode === 'none') return { arm: false, describe: '--auth none' };
  if (mode === undefined) {
    if (sandbox) {
      const endpoints = { arm: sandbox.arm, authorityHost: sandbox.arm, kustoScope: KUSTO_SCOPE };
      return { account: createSandboxAccount(sandbox), arm: true, describe: "the sandbox's test tokens", endpoints };
    }
    if (env.ADX_IDENTITY_TOKEN)
      return { account: staticTokenAccount(env.ADX_IDENTITY_TOKEN), arm: false, describe: 'ADX_IDENTITY_TOKEN' };
    return { arm: false, describe: 'no credential' };
  }
  const missing = missingEnvironment(mode, env);
  if (missing.length)
    throw new AuthUsageError(`--auth ${mode} needs these environment variables: ${missing.join(', ')}`);
  const cloud = CLOUDS[(o.cloud ?? 'AzureCloud') as CloudName];
  const sandboxAccount = sandbox ? createSandboxAccount(sandbox) : undefined;
  const ca = sandboxAccount?.endpoints.ca;
  const authorityHost = sandbox ? sandbox.arm.replace(/\/+$/, '') : cloud.authorityHost;
  const credential = describedCredential(
    mode,
    await createCredential(mode, { authorityHost, ...(sandbox ? { ca, disableInstanceDiscovery: true } : {}) }, env),
  );
  const endpoints = {
    arm: sandbox ? sandbox.arm : cloud.armEndpoint,
    authorityHost,
    kustoScope: sandbox ? KUSTO_SCOPE : cloud.kustoScope,
  };
  const account = credentialAccount(factory, {
    kind: sandbox ? 'sandbox' : 'azure',
    credential,
    armEndpoint: endpoints.arm,
    armScope: sandbox ? SANDBOX_ARM_SCOPE : armScopeOf(cloud.armEndpoint),
    kustoScope: endpoints.kustoScope,
    portalUrl: cloud.portalUrl,
    ...(ca ? { ca } : {}),
  });
  return { account, arm: true, describe: `--auth ${mode} (${sandbox ? 'sandbox' : cloud.name})`, endpoints };
}

/**
 * The cluster the flags name: by --resource-id, else by --cluster URL through Resource Graph (ARM facts then), or a
 * direct connection when there is no ARM. `warn` hears why ARM facts are missing when the lookup by URL fails.
 */
export async function cliClusterRef(
  o: Record<string, string>,
  access: CliAccess,
  catalog: Catalog,
  warn: (text: string) => void,
): Promise<ClusterRef> {
  const direct = (): ClusterRef =>
    access.account ? directClusterRef(o.cluster, 'account', access.account) : directClusterRef(o.cluster, 'none');
  if (!access.arm || !access.account) {
    if (o['resource-id'])
      throw new AuthUsageError(`--resource-id needs ARM: give --auth or --sandbox (${access.describe} has none)`);
    return direct();
  }
  if (o['resource-id']) {
    const ref = await clusterRefById(catalog, access.account, o['resource-id']);
    // An explicit --cluster wins for Kusto (a private endpoint, say); ARM still gives the facts.
    return o.cluster ? { ...ref, cluster: { ...ref.cluster, uri: o.cluster } } : ref;
  }
  try {
    return await clusterRefByUri(catalog, access.account, o.cluster);
  } catch (e) {
    warn(`no ARM facts for ${o.cluster}: ${e instanceof Error ? e.message : String(e)}\n`);
    return direct();
  }
}
