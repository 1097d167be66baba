// The ARM stand-in: https, bearer tokens with an ARM audience, Microsoft.Resources, then one route table per provider.
import { createServer, Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultInjector } from '../faults';
import { applyFault, readBody, sendJson } from '../http';
import { ARM_AUDIENCES, audienceMatches, makeToken, normalizeAudience, readToken } from '../tokens';
import type { SandboxState } from '../types';
import { ArmContext, ArmError, page } from './common';
import { authorizationProvider } from './authorization';
import { cognitiveServicesProvider } from './cognitiveServices';
import { cosmosDbProvider } from './cosmosDb';
import { eventHubProvider } from './eventHub';
import { kustoProvider } from './kusto';
import { managedIdentityProvider } from './managedIdentity';
import { ArmProvider, dispatch, splitExtension } from './router';
import { storageProvider } from './storage';
import { LroManager, LroStyle } from './lro';

/**
 * One route table per provider under `/subscriptions/{s}[/resourceGroups/{rg}]/providers/`, and the extension
 * providers (Microsoft.Authorization) under any scope; add new ones here.
 */
export const PROVIDERS: readonly ArmProvider[] = [
  kustoProvider,
  managedIdentityProvider,
  authorizationProvider,
  storageProvider,
  eventHubProvider,
  cosmosDbProvider,
  cognitiveServicesProvider,
];

export interface ArmServerOptions {
  state: SandboxState;
  faults: FaultInjector;
  cert: string;
  key: string;
  lro: LroStyle;
  latencyMs: number;
}

export interface ArmServer {
  server: Server;
  lro: LroManager;
  setBase(url: string): void;
}

export function createArmServer(o: ArmServerOptions): ArmServer {
  let base = '';
  const lro = new LroManager(() => base, o.lro);
  const server = createServer({ cert: o.cert, key: o.key }, (req, res) => {
    handle(o, lro, base, req, res).catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'InternalServerError', message: String(e) } });
    });
  });
  return {
    server,
    lro,
    setBase: (u) => {
      base = u;
    },
  };
}

async function handle(
  o: ArmServerOptions,
  lro: LroManager,
  base: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  // Clients join `/{scope}` and a scope that starts with `/` into `//subscriptions/…`: ARM reads it as one slash (and
  // `new URL` would take `subscriptions` for a host).
  const url = new URL((req.url ?? '/').replace(/^\/{2,}/, '/'), base);
  const method = (req.method ?? 'GET').toUpperCase();
  const text = await readBody(req);
  const fault = await applyFault(o.faults, req, res, url.pathname, o.latencyMs);
  if (fault.handled) return;
  try {
    if (/^\/(?:[^/]+\/oauth2\/v2\.0\/)?token$/i.test(url.pathname) && method === 'POST')
      return tokenEndpoint(o.state, base, url, text, res);
    const claims = readToken(req.headers.authorization);
    if (!claims)
      throw new ArmError(
        401,
        'AuthenticationFailed',
        "Authentication failed. The 'Authorization' header is missing or not a bearer token.",
      );
    if (!audienceMatches(claims.aud, [...ARM_AUDIENCES, base])) {
      throw new ArmError(
        401,
        'InvalidAuthenticationToken',
        `The access token has an invalid audience '${claims.aud}': ARM expects https://management.azure.com/.`,
      );
    }
    if (claims.exp * 1000 < Date.now())
      throw new ArmError(401, 'ExpiredAuthenticationToken', 'The access token has expired.');
    let body: unknown;
    if (text && method !== 'GET') {
      try {
        body = JSON.parse(text);
      } catch {
        throw new ArmError(
          400,
          'InvalidRequestContent',
          'The request content was invalid and could not be deserialized.',
        );
      }
    }
    const ctx: ArmContext = {
      state: o.state,
      lro,
      req,
      res,
      url,
      method,
      body,
      fault: fault.rule,
      armBase: base,
      tokenTenant: claims.tid,
      caller: claims.oid,
    };
    route(ctx);
  } catch (e) {
    if (e instanceof ArmError) return sendJson(res, e.status, { error: { code: e.code, message: e.message } });
    throw e;
  }
}

function route(ctx: ArmContext): void {
  const parts = ctx.url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const low = parts.map((p) => p.toLowerCase());
  if (!ctx.url.searchParams.get('api-version')) {
    throw new ArmError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
  }
  if (ctx.method !== 'GET' && (low[0] === 'tenants' || (low[0] === 'subscriptions' && parts.length === 1))) {
    throw new ArmError(405, 'MethodNotAllowed', 'Read only.');
  }
  if (low[0] === 'tenants' && parts.length === 1) {
    return sendJson(
      ctx.res,
      200,
      page(
        ctx,
        ctx.state.tenants.map((t) => ({
          id: `/tenants/${t.tenantId}`,
          tenantId: t.tenantId,
          tenantCategory: 'Home',
          displayName: t.displayName,
          defaultDomain: t.defaultDomain ?? `${t.displayName.replace(/\W+/g, '').toLowerCase()}.onmicrosoft.com`,
          domains: [],
        })),
      ),
    );
  }
  const extension = splitExtension(PROVIDERS, parts);
  if (extension) return routeExtension(ctx, extension);
  if (low[0] !== 'subscriptions') throw new ArmError(404, 'NotFound', `No route for ${ctx.url.pathname}.`);
  // A token lists the subscriptions of its own tenant, as ARM does.
  const known = ctx.state.tenants.some((t) => t.tenantId === ctx.tokenTenant);
  const subs = ctx.state.subscriptions.filter((s) => !known || s.tenantId === ctx.tokenTenant);
  const subJson = (s: (typeof subs)[number]) => ({
    id: `/subscriptions/${s.subscriptionId}`,
    subscriptionId: s.subscriptionId,
    tenantId: s.tenantId,
    displayName: s.displayName,
    state: 'Enabled',
    authorizationSource: 'RoleBased',
    subscriptionPolicies: {
      locationPlacementId: 'Public_2014-09-01',
      quotaId: 'PayAsYouGo_2014-09-01',
      spendingLimit: 'Off',
    },
  });
  if (parts.length === 1) return sendJson(ctx.res, 200, page(ctx, subs.map(subJson)));
  const sub = subscriptionOf(ctx, parts[1]);
  if (parts.length === 2) return sendJson(ctx.res, 200, subJson(sub));
  let rg: string | undefined;
  let i = 2;
  if (low[2] === 'resourcegroups' && parts.length > 4) {
    rg = parts[3];
    i = 4;
  }
  if (low[i] !== 'providers') throw new ArmError(404, 'NotFound', `No route for ${ctx.url.pathname}.`);
  dispatch(
    PROVIDERS,
    ctx,
    { subscriptionId: sub.subscriptionId, resourceGroup: rg, id: `/${parts.slice(0, i).join('/')}` },
    parts[i + 1] ?? '',
    parts.slice(i + 2),
  );
}

/** A subscription the token may address: 404 when unknown, 401 when it belongs to another tenant than the token's. */
function subscriptionOf(ctx: ArmContext, id: string) {
  const known = ctx.state.tenants.some((t) => t.tenantId === ctx.tokenTenant);
  const sub = ctx.state.subscriptions.find((s) => s.subscriptionId.toLowerCase() === id.toLowerCase());
  if (!sub) throw new ArmError(404, 'SubscriptionNotFound', `The subscription '${id}' could not be found.`);
  if (known && sub.tenantId !== ctx.tokenTenant) {
    throw new ArmError(
      401,
      'InvalidAuthenticationTokenTenant',
      `The access token is from the wrong issuer: subscription '${sub.subscriptionId}' belongs to tenant '${sub.tenantId}'.`,
    );
  }
  return sub;
}

/** An extension provider below any scope: the root, a management group, or anything under a subscription. */
function routeExtension(ctx: ArmContext, e: { scope: string[]; namespace: string; rest: string[] }): void {
  const low = e.scope.map((p) => p.toLowerCase());
  const id = `/${e.scope.join('/')}`;
  if (!e.scope.length) return dispatch(PROVIDERS, ctx, { subscriptionId: '', id }, e.namespace, e.rest);
  if (low[0] === 'subscriptions' && e.scope.length >= 2) {
    const sub = subscriptionOf(ctx, e.scope[1]);
    const resourceGroup = low[2] === 'resourcegroups' ? e.scope[3] : undefined;
    if (low.length > 2 && !(low[2] === 'resourcegroups' && e.scope.length >= 4)) {
      throw new ArmError(400, 'InvalidScope', `The scope '${id}' is not valid.`);
    }
    return dispatch(PROVIDERS, ctx, { subscriptionId: sub.subscriptionId, resourceGroup, id }, e.namespace, e.rest);
  }
  const mg = /^\/providers\/microsoft\.management\/managementgroups\/([^/]+)$/i.exec(id)?.[1];
  if (mg) {
    const group = ctx.state.arm?.managementGroups.find((g) => g.name.toLowerCase() === mg.toLowerCase());
    if (!group) throw new ArmError(404, 'ManagementGroupNotFound', `The management group '${mg}' could not be found.`);
    return dispatch(PROVIDERS, ctx, { subscriptionId: '', id, managementGroup: group.name }, e.namespace, e.rest);
  }
  throw new ArmError(400, 'InvalidScope', `The scope '${id}' is not valid.`);
}

/** A sign-in stand-in: `resource` or `scope` (form or JSON) in, an unsigned token for that audience out. */
function tokenEndpoint(state: SandboxState, base: string, url: URL, text: string, res: ServerResponse): void {
  let fields: Record<string, string> = {};
  try {
    fields = text.trim().startsWith('{') ? JSON.parse(text) : Object.fromEntries(new URLSearchParams(text));
  } catch {
    /* answered below */
  }
  const aud = fields.resource ?? fields.scope?.split(/\s+/)[0];
  if (!aud) return sendJson(res, 400, { error: 'invalid_request', error_description: 'resource or scope is required' });
  const tenantFromPath = /^\/([^/]+)\/oauth2/i.exec(url.pathname)?.[1];
  const tid = fields.tenant ?? tenantFromPath ?? state.tenants[0]?.tenantId ?? '';
  const audience = normalizeAudience(aud) === normalizeAudience(base) ? base : aud.replace(/\/\.default$/, '');
  const token = makeToken(audience, tid, state.callerObjectId);
  const expiresOn = Math.floor(Date.now() / 1000) + 3600;
  sendJson(res, 200, {
    token_type: 'Bearer',
    access_token: token,
    expires_in: 3600,
    expires_on: expiresOn,
    resource: audience,
  });
}
