// Plain ARM requests through the SDK pipeline (credential, retries, CA): Resource Graph queries and the subscription list.
import { ALL_CLUSTERS_QUERY } from '../core/resourceGraph';
import { toServiceError, type RequestContext } from './errors';
import { loadSdk, type ClientFactory } from './factory';
import type { CloudAccount, SubscriptionRef } from './model';

export const RESOURCE_GRAPH_API = '2021-03-01';
const SUBSCRIPTIONS_API = '2022-12-01';

/** Sends one ARM request and returns its JSON; a non-2xx answer becomes a ServiceError naming the action. */
export async function armJson<T>(
  factory: ClientFactory,
  account: CloudAccount,
  request: { method: 'GET' | 'POST'; url: string; body?: unknown },
  ctx: RequestContext,
): Promise<T> {
  try {
    return await factory.limit(async () => {
      const [sdk, client] = await Promise.all([loadSdk(), factory.armRest(account)]);
      const url = request.url.startsWith('https://') ? request.url : `${account.endpoints.armEndpoint}${request.url}`;
      const req = sdk.createPipelineRequest({
        url,
        method: request.method,
        timeout: factory.timeoutMs,
        ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
      });
      req.headers.set('accept', 'application/json');
      if (request.body !== undefined) req.headers.set('content-type', 'application/json');
      const res = await client.sendRequest(req);
      let json: unknown;
      try {
        json = res.bodyAsText ? JSON.parse(res.bodyAsText) : undefined;
      } catch {
        json = undefined;
      }
      if (res.status < 200 || res.status > 299) {
        const err = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
        throw new sdk.RestError(err?.message ?? `HTTP ${res.status}`, {
          statusCode: res.status,
          code: err?.code,
          response: res,
        });
      }
      return json as T;
    });
  } catch (e) {
    throw toServiceError(e, ctx);
  }
}

/** One Resource Graph row of a cluster query (the projected columns). */
export interface ClusterRow {
  readonly id: string;
  readonly name: string;
  readonly location?: string;
  readonly resourceGroup?: string;
  readonly subscriptionId: string;
  readonly tenantId?: string;
  readonly sku?: { name?: string; tier?: string; capacity?: number };
  readonly identity?: unknown;
  readonly properties?: { uri?: string; state?: string; enableStreamingIngest?: boolean } & Record<string, unknown>;
}

/** Runs a Resource Graph query over the subscriptions given (default: all the credential sees), following $skipToken. */
export async function queryResourceGraph<T = ClusterRow>(
  factory: ClientFactory,
  account: CloudAccount,
  query: string,
  subscriptions?: readonly string[],
): Promise<T[]> {
  const out: T[] = [];
  let skipToken: string | undefined;
  do {
    const page = await armJson<{ data?: T[]; $skipToken?: string }>(
      factory,
      account,
      {
        method: 'POST',
        url: `/providers/Microsoft.ResourceGraph/resources?api-version=${RESOURCE_GRAPH_API}`,
        body: {
          ...(subscriptions ? { subscriptions } : {}),
          query,
          options: { resultFormat: 'objectArray', $top: 1000, ...(skipToken ? { $skipToken: skipToken } : {}) },
        },
      },
      {
        action: 'query Azure Resource Graph',
        permission: 'Reader on the subscriptions (Microsoft.Kusto/clusters/read)',
      },
    );
    out.push(...(page.data ?? []));
    skipToken = page.$skipToken;
  } while (skipToken);
  return out;
}

/** Every Kusto cluster the account can see, through Resource Graph (one query, not one list per subscription). */
export function listAllClusters(factory: ClientFactory, account: CloudAccount, subscriptions?: readonly string[]) {
  return queryResourceGraph<ClusterRow>(factory, account, ALL_CLUSTERS_QUERY, subscriptions);
}

/** The subscriptions the credential can see (`GET /subscriptions`, following nextLink). */
export async function listSubscriptionsViaArm(
  factory: ClientFactory,
  account: CloudAccount,
): Promise<SubscriptionRef[]> {
  const out: SubscriptionRef[] = [];
  let url: string | undefined = `/subscriptions?api-version=${SUBSCRIPTIONS_API}`;
  while (url) {
    const page: { value?: { subscriptionId: string; displayName?: string; tenantId?: string }[]; nextLink?: string } =
      await armJson(
        factory,
        account,
        { method: 'GET', url },
        {
          action: 'list subscriptions',
          permission: 'any role on a subscription (Reader)',
        },
      );
    for (const s of page.value ?? [])
      out.push({
        subscriptionId: s.subscriptionId,
        name: s.displayName ?? s.subscriptionId,
        tenantId: s.tenantId ?? '',
      });
    url = page.nextLink;
  }
  return out;
}
