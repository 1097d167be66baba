// The one place that builds SDK clients: ARM (Kusto management, MSI) and Kusto data-plane, loaded on first use.
import type { KustoManagementClient } from '@azure/arm-kusto';
import type { ManagedServiceIdentityClient } from '@azure/arm-msi';
import type { ServiceClient } from '@azure/core-client';
import type { Client as KustoClient } from 'azure-kusto-data';
import type { CloudAccount, SubscriptionRef } from './model';
import { createLimiter, type Limiter } from './limit';

type Sdk = typeof import('./sdk');
let sdkPromise: Promise<Sdk> | undefined;
/** Loads dist/sdk.js on first use, keeping the Azure SDKs out of activation. */
export function loadSdk(): Promise<Sdk> {
  // require, not import(): the bundle maps './sdk' to dist/sdk.js, and plain-Node tests (tsx, CommonJS) can load it too.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  sdkPromise ??= Promise.resolve().then(() => require('./sdk') as Sdk);
  return sdkPromise;
}

export interface RetryOptions {
  readonly maxRetries: number;
  readonly retryDelayInMs: number;
  readonly maxRetryDelayInMs: number;
}

export interface FactoryOptions {
  /** Retries of 429/5xx (ARM pipeline and our Kusto wrapper). */
  readonly retry?: RetryOptions;
  /** Per-request timeout. */
  readonly timeoutMs?: number;
  /** How many requests may run at once across the whole tree. */
  readonly concurrency?: number;
  readonly version?: string;
}

/** How a Kusto cluster is reached: with a Kusto-audience token, or with no Authorization header (the emulator). */
export type KustoAuth =
  { readonly kind: 'token'; readonly getToken: () => Promise<string> } | { readonly kind: 'none' };

/** Tenant-level ARM calls (Resource Graph, the subscription list) are for no one subscription. */
const NO_SUBSCRIPTION: SubscriptionRef = { subscriptionId: '', name: '', tenantId: '' };

const OTHER_CLIENTS = {
  authorization: 'AuthorizationManagementClient',
  storage: 'StorageManagementClient',
  eventHub: 'EventHubManagementClient',
  cosmos: 'CosmosDBManagementClient',
} as const;
export type OtherClientKind = keyof typeof OTHER_CLIENTS;

export const DEFAULT_RETRY: RetryOptions = { maxRetries: 3, retryDelayInMs: 800, maxRetryDelayInMs: 30_000 };
export const DEFAULT_CONCURRENCY = 16;

export class ClientFactory {
  readonly limit: Limiter;
  readonly retry: RetryOptions;
  readonly timeoutMs: number;
  readonly concurrency: number;
  private readonly arms = new Map<string, Promise<KustoManagementClient>>();
  private readonly kustos = new Map<string, Promise<KustoClient>>();
  private readonly rests = new Map<CloudAccount, Promise<ServiceClient>>();

  constructor(private readonly options: FactoryOptions = {}) {
    this.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    this.limit = createLimiter(this.concurrency);
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  private pipelineOptions(account: CloudAccount) {
    const { armEndpoint, armScopes, ca } = account.endpoints;
    return {
      endpoint: armEndpoint,
      credentialScopes: armScopes,
      retryOptions: this.retry,
      userAgentOptions: { userAgentPrefix: `adx-identity/${this.options.version ?? '0'}` },
      ...(ca ? { tlsOptions: { ca } } : {}),
    };
  }

  /** The Kusto management client for one subscription, with the account's ARM credential. */
  arm(account: CloudAccount, subscription: SubscriptionRef): Promise<KustoManagementClient> {
    const key = `${account.kind}|${account.endpoints.armEndpoint}|${subscription.tenantId}|${subscription.subscriptionId}`;
    let client = this.arms.get(key);
    if (!client) {
      client = loadSdk().then(
        (sdk) =>
          new sdk.KustoManagementClient(
            account.armCredential(subscription),
            subscription.subscriptionId,
            this.pipelineOptions(account),
          ),
      );
      this.arms.set(key, client);
    }
    return client;
  }

  /** The user-assigned identity client for one subscription. */
  async msi(account: CloudAccount, subscription: SubscriptionRef): Promise<ManagedServiceIdentityClient> {
    const sdk = await loadSdk();
    return new sdk.ManagedServiceIdentityClient(
      account.armCredential(subscription),
      subscription.subscriptionId,
      this.pipelineOptions(account),
    );
  }

  /**
   * A management client of another provider (Authorization, Storage, Event Hubs, Cosmos DB) for one subscription,
   * with the same pipeline as the Kusto one.
   */
  async other<K extends OtherClientKind>(
    kind: K,
    account: CloudAccount,
    subscription: SubscriptionRef,
  ): Promise<InstanceType<Sdk[(typeof OTHER_CLIENTS)[K]]>> {
    const sdk = await loadSdk();
    const Ctor = sdk[OTHER_CLIENTS[kind]] as unknown as new (
      credential: ReturnType<CloudAccount['armCredential']>,
      subscriptionId: string,
      options: ReturnType<ClientFactory['pipelineOptions']>,
    ) => InstanceType<Sdk[(typeof OTHER_CLIENTS)[K]]>;
    return new Ctor(account.armCredential(subscription), subscription.subscriptionId, this.pipelineOptions(account));
  }

  /** A plain ARM client (Resource Graph, subscriptions) with the same pipeline: credential, scopes, retries, CA. */
  armRest(account: CloudAccount): Promise<ServiceClient> {
    let client = this.rests.get(account);
    if (!client) {
      client = loadSdk().then(
        (sdk) =>
          new sdk.ServiceClient({
            credential: account.armCredential(NO_SUBSCRIPTION),
            ...this.pipelineOptions(account),
          }),
      );
      this.rests.set(account, client);
    }
    return client;
  }

  /** The Kusto data-plane client for a cluster URI; `cacheKey` separates auth identities for the same URI. */
  kusto(uri: string, auth: KustoAuth, cacheKey: string = auth.kind): Promise<KustoClient> {
    const key = `${uri}|${cacheKey}`;
    let client = this.kustos.get(key);
    if (!client) {
      client = this.buildKusto(uri, auth);
      this.kustos.set(key, client);
      client.catch(() => this.kustos.delete(key));
    }
    return client;
  }

  /**
   * A client of its own, for one cancellable request: closing it (on cancel) aborts that request's HTTP call without
   * touching the requests that share the cached client. The caller closes it when done.
   */
  kustoOwn(uri: string, auth: KustoAuth): Promise<KustoClient> {
    return this.buildKusto(uri, auth);
  }

  private async buildKusto(uri: string, auth: KustoAuth): Promise<KustoClient> {
    const sdk = await loadSdk();
    const host = new URL(uri).hostname;
    // The client refuses hosts outside the public Kusto domains; a cluster the user added by URL is trusted by that act.
    if (!isLoopback(host)) sdk.kustoTrustedEndpoints.addTrustedHosts([new sdk.MatchRule(host, true)], false);
    const kcsb =
      auth.kind === 'token'
        ? sdk.KustoConnectionStringBuilder.withTokenProvider(uri, auth.getToken)
        : new sdk.KustoConnectionStringBuilder(uri);
    // Named connector details, and sendUser=false, so the OS user name never leaves the machine.
    kcsb.setConnectorDetails(
      'adx-identity',
      this.options.version ?? '0',
      'adx-identity',
      this.options.version ?? '0',
      false,
    );
    const client = new sdk.KustoClient(kcsb);
    await cloudInfoOnce(sdk, uri);
    return client;
  }

  /** Closes Kusto clients (their keep-alive sockets would outlive a test otherwise). */
  async dispose(): Promise<void> {
    const clients = await Promise.allSettled([...this.kustos.values()]);
    for (const c of clients) if (c.status === 'fulfilled') c.value.close();
    this.kustos.clear();
    this.arms.clear();
    this.rests.clear();
  }
}

/**
 * The client reads a cluster's `/v1/rest/auth/metadata` before its first request and caches the answer per host, but
 * parallel first requests each fetch it: one request in flight per host, awaited before a client is handed out.
 */
const cloudInfo = new Map<string, Promise<unknown>>();

function cloudInfoOnce(sdk: Awaited<ReturnType<typeof loadSdk>>, uri: string): Promise<unknown> {
  const { protocol, host } = new URL(uri);
  const key = `${protocol}//${host}`;
  let pending = cloudInfo.get(key);
  if (!pending) {
    pending = sdk.CloudSettings.getCloudInfoForCluster(uri);
    cloudInfo.set(key, pending);
    // A failed read is not kept: the next client asks again (the SDK caches only answers).
    pending.catch(() => cloudInfo.delete(key));
  }
  return pending;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\./.test(host);
}
