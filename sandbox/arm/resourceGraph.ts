// Azure Resource Graph (POST /providers/Microsoft.ResourceGraph/resources): only the fixed queries adx-identity sends
// are answered, over the live state; any other query gets the service's 400 (this is no KQL engine).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultInjector } from '../faults';
import { applyFault, readBody, sendJson } from '../http';
import { ARM_AUDIENCES, audienceMatches, readToken } from '../tokens';
import type { ClusterState, SandboxState, ScenarioPlacement } from '../types';
import { cognitiveAccountJson } from './cognitiveServices';
import { cosmosAccountJson } from './cosmosDb';
import { eventHubNamespaceJson } from './eventHub';
import { placedId } from './placed';
import { clusterJson, tenantOfSubscription } from './shapes';
import { storageAccountJson } from './storage';

export interface ResourceGraphOptions {
  state: SandboxState;
  faults: FaultInjector;
  latencyMs: number;
  base: () => string;
}

const PATH = /^\/providers\/microsoft\.resourcegraph\/resources$/i;
const COLUMNS = 'id, name, type, location, resourceGroup, subscriptionId, tenantId, sku, identity, properties';
const CLUSTERS = "resources | where type =~ 'microsoft.kusto/clusters'";

type Row = Record<string, unknown> & { id: string; subscriptionId: string };

const BY_NAME_COLUMNS = 'id, name, type, location, resourceGroup, subscriptionId, tenantId, kind, identity, properties';

/** The queries the sandbox knows, whitespace-normalised; captured groups are string literals' contents. */
const FIXED: { pattern: RegExp; rows: (state: SandboxState, args: string[]) => Row[] }[] = [
  {
    // every cluster (inventory)
    pattern: new RegExp(`^${esc(`${CLUSTERS} | project ${COLUMNS} | order by id asc`)}$`),
    rows: (s) => s.clusters.map((c) => clusterRow(s, c)),
  },
  {
    // one cluster by its URI (lowercase, no trailing slash)
    pattern: new RegExp(
      `^${esc(`${CLUSTERS} | where tolower(tostring(properties.uri)) == '`)}([^'\\\\]*)${esc(`' | project ${COLUMNS}`)}$`,
    ),
    rows: (s, [uri]) =>
      s.clusters.filter((c) => c.uri.replace(/\/+$/, '').toLowerCase() === uri).map((c) => clusterRow(s, c)),
  },
  {
    // one resource of a type the other end of an identity lives in, by name (resourceByNameQuery)
    pattern: new RegExp(
      `^${esc("resources | where type =~ '")}([a-z./]+)${esc("' and name =~ '")}([a-z0-9-]+)${esc(`' | project ${BY_NAME_COLUMNS}`)}$`,
    ),
    rows: (s, [type, name]) =>
      resourcesOfType(s, type).filter((r) => String(r.name).toLowerCase() === name.toLowerCase()),
  },
];

function esc(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export async function handleResourceGraph(
  o: ResourceGraphOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const url = new URL(req.url ?? '/', o.base());
  if (!PATH.test(url.pathname)) return false;
  const text = await readBody(req);
  if ((await applyFault(o.faults, req, res, url.pathname, o.latencyMs)).handled) return true;
  const fail = (status: number, code: string, message: string, details?: unknown[]) =>
    sendJson(res, status, { error: { code, message, ...(details ? { details } : {}) } });
  const claims = readToken(req.headers.authorization);
  if (!claims) return (fail(401, 'AuthenticationFailed', "The 'Authorization' header is missing."), true);
  if (!audienceMatches(claims.aud, [...ARM_AUDIENCES, o.base()]) || claims.exp * 1000 < Date.now())
    return (
      fail(401, 'InvalidAuthenticationToken', `The access token is not valid for ARM (audience '${claims.aud}').`),
      true
    );
  if ((req.method ?? '').toUpperCase() !== 'POST')
    return (fail(405, 'MethodNotAllowed', 'Resource Graph queries are POSTed.'), true);
  if (!url.searchParams.get('api-version'))
    return (
      fail(
        400,
        'MissingApiVersionParameter',
        'The api-version query parameter (?api-version=) is required for all requests.',
      ),
      true
    );
  let body: { query?: unknown; subscriptions?: unknown; options?: Record<string, unknown> };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return (fail(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized.'), true);
  }
  const query = typeof body.query === 'string' ? body.query.replace(/\s+/g, ' ').trim() : '';
  const fixed = FIXED.map((f) => ({ f, m: f.pattern.exec(query) })).find((x) => x.m);
  if (!fixed) {
    const details = [
      {
        code: 'InvalidQuery',
        message:
          'Query is invalid. Please refer to the documentation for the Azure Resource Graph service and fix the error before retrying.',
      },
      { code: 'UnsupportedQuery', message: 'The sandbox answers only the fixed queries adx-identity sends.' },
    ];
    return (
      fail(
        400,
        'BadRequest',
        `Please provide below info when asking for support: timestamp = ${new Date().toISOString()}, correlationId = ${randomUUID()}.`,
        details,
      ),
      true
    );
  }
  // The scope: the subscriptions asked for, else every subscription of the token's tenant (all, like GET /subscriptions,
  // for a token of no known tenant).
  const known = o.state.tenants.some((t) => t.tenantId === claims.tid);
  const inTenant = o.state.subscriptions
    .filter((s) => !known || s.tenantId === claims.tid)
    .map((s) => s.subscriptionId.toLowerCase());
  const asked = Array.isArray(body.subscriptions) ? body.subscriptions.map((s) => String(s).toLowerCase()) : inTenant;
  const scope = new Set(asked.filter((s) => inTenant.includes(s)));
  const all = fixed.f
    .rows(o.state, fixed.m!.slice(1))
    .filter((r) => scope.has(r.subscriptionId.toLowerCase()))
    .sort((a, b) => a.id.localeCompare(b.id));
  const top = Math.min(Number(body.options?.$top ?? 100) || 100, 1000);
  const skip =
    Number(Buffer.from(String(body.options?.$skipToken ?? ''), 'base64url').toString() || body.options?.$skip || 0) ||
    0;
  const data = all.slice(skip, skip + top);
  const more = skip + top < all.length;
  sendJson(res, 200, {
    totalRecords: all.length,
    count: data.length,
    resultTruncated: 'false',
    ...(more ? { $skipToken: Buffer.from(String(skip + top)).toString('base64url') } : {}),
    data,
    facets: [],
  });
  return true;
}

/** A cluster row as Resource Graph projects it: the ARM resource with `type` lower-cased and the subscription's ids. */
function clusterRow(state: SandboxState, c: ClusterState): Row {
  const arm = clusterJson(state, c);
  return {
    id: arm.id,
    name: arm.name,
    type: arm.type.toLowerCase(),
    location: arm.location,
    resourceGroup: c.resourceGroup.toLowerCase(),
    subscriptionId: c.subscriptionId,
    tenantId: tenantOfSubscription(state, c.subscriptionId),
    sku: arm.sku,
    identity: arm.identity,
    properties: arm.properties,
  };
}

/** Rows of one type: the resource as its ARM GET answers it, projected onto BY_NAME_COLUMNS. */
function resourcesOfType(state: SandboxState, type: string): Row[] {
  const arm = state.arm;
  if (!arm) return [];
  const byType: Record<string, () => { placed: ScenarioPlacement; json: Record<string, unknown> }[]> = {
    'microsoft.storage/storageaccounts': () =>
      arm.storageAccounts.map((a) => ({ placed: a, json: storageAccountJson(a) })),
    'microsoft.cognitiveservices/accounts': () =>
      arm.cognitiveAccounts.map((a) => ({ placed: a, json: cognitiveAccountJson(a) })),
    'microsoft.eventhub/namespaces': () =>
      arm.eventHubNamespaces.map((n) => ({ placed: n, json: eventHubNamespaceJson(n) })),
    'microsoft.documentdb/databaseaccounts': () =>
      arm.cosmosAccounts.map((a) => ({ placed: a, json: cosmosAccountJson(a) })),
    'microsoft.devices/iothubs': () =>
      arm.iotHubs.map((h) => ({
        placed: h,
        json: {
          id: placedId(h, 'Microsoft.Devices/IotHubs'),
          name: h.name,
          type: 'Microsoft.Devices/IotHubs',
          location: h.location ?? 'westeurope',
          properties: { provisioningState: 'Succeeded', state: 'Active', hostName: `${h.name}.azure-devices.net` },
        },
      })),
  };
  return (byType[type.toLowerCase()]?.() ?? []).map(({ placed, json }) => ({
    id: String(json.id),
    name: json.name,
    type: String(json.type).toLowerCase(),
    location: json.location,
    resourceGroup: placed.resourceGroup.toLowerCase(),
    subscriptionId: placed.subscriptionId,
    tenantId: tenantOfSubscription(state, placed.subscriptionId),
    kind: json.kind ?? '',
    identity: json.identity ?? null,
    properties: json.properties,
  }));
}
