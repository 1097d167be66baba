// An Entra-style token service on the sandbox's https host: OIDC discovery, the v2 token endpoint (client secret and
// federated assertions), the App Service managed identity endpoint and the Azure Pipelines OIDC request endpoint.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultInjector } from '../faults';
import { applyFault, readBody, sendJson } from '../http';
import { ARM_AUDIENCES, KUSTO_AUDIENCES, makeToken, normalizeAudience } from '../tokens';
import type { SandboxState } from '../types';
import {
  FEDERATED_CREDENTIALS,
  FEDERATION_AUDIENCE,
  federatedToken,
  MANAGED_IDENTITY,
  PIPELINES,
  readAssertion,
  SANDBOX_APP,
} from './directory';

export interface EntraOptions {
  state: SandboxState;
  faults: FaultInjector;
  latencyMs: number;
  /** The sandbox's https origin: the authority host and the issuer's host. */
  base: () => string;
}

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const LIFETIME = 3599;

/** Answers the token service's routes; false for any other request (which then goes on to ARM). */
export async function handleEntra(o: EntraOptions, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = new URL(req.url ?? '/', o.base());
  const method = (req.method ?? 'GET').toUpperCase();
  const discovery = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/i.exec(url.pathname);
  const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/i.exec(url.pathname);
  const mi = url.pathname === MANAGED_IDENTITY.path;
  const oidc = url.pathname === PIPELINES.oidcPath;
  if (!(discovery && method === 'GET') && !(token && method === 'POST') && !(mi && method === 'GET') && !oidc)
    return false;
  const text = await readBody(req);
  if ((await applyFault(o.faults, req, res, url.pathname, o.latencyMs)).handled) return true;
  if (discovery) openIdConfiguration(o, discovery[1], res);
  else if (token) tokenRequest(o, token[1], text, res);
  else if (mi) managedIdentity(o, url, req, res);
  else pipelinesOidc(url, method, req, res);
  return true;
}

const knownTenant = (o: EntraOptions, tenant: string) =>
  o.state.tenants.some((t) => t.tenantId.toLowerCase() === tenant.toLowerCase());

function openIdConfiguration(o: EntraOptions, tenant: string, res: ServerResponse): void {
  if (!knownTenant(o, tenant))
    return entraError(
      res,
      400,
      'invalid_tenant',
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID.`,
    );
  const root = `${o.base()}/${tenant}`;
  sendJson(res, 200, {
    token_endpoint: `${root}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${o.base()}/${tenant}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${root}/v2.0`,
    request_uri_parameter_supported: false,
    authorization_endpoint: `${root}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${root}/oauth2/v2.0/devicecode`,
    end_session_endpoint: `${root}/oauth2/v2.0/logout`,
    tenant_region_scope: 'EU',
    cloud_instance_name: 'sandbox.invalid',
  });
}

/** The audiences a token can be issued for: ARM, Kusto, the sandbox's ARM URL and each cluster's URI. */
function knownResource(o: EntraOptions, resource: string): boolean {
  const known = [...ARM_AUDIENCES, ...KUSTO_AUDIENCES, o.base(), ...o.state.clusters.map((c) => c.uri).filter(Boolean)];
  return known.some((k) => normalizeAudience(k) === normalizeAudience(resource));
}

function tokenRequest(o: EntraOptions, tenant: string, text: string, res: ServerResponse): void {
  const f = Object.fromEntries(new URLSearchParams(text));
  if (!knownTenant(o, tenant)) return entraError(res, 400, 'invalid_request', 90002, `Tenant '${tenant}' not found.`);
  if (f.grant_type !== 'client_credentials')
    return entraError(
      res,
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${f.grant_type ?? ''}'.`,
    );
  if (f.client_id !== SANDBOX_APP.clientId)
    return entraError(
      res,
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${f.client_id ?? ''}' was not found in the directory '${tenant}'.`,
    );
  if (f.client_secret !== undefined) {
    if (f.client_secret !== SANDBOX_APP.clientSecret)
      return entraError(
        res,
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided for app '${f.client_id}'.`,
      );
  } else if (f.client_assertion !== undefined) {
    if (f.client_assertion_type !== JWT_BEARER)
      return entraError(res, 400, 'invalid_request', 50027, `client_assertion_type must be ${JWT_BEARER}.`);
    const why = assertionProblem(f.client_assertion);
    if (why) return entraError(res, 400, 'invalid_client', 70021, why);
  } else {
    return entraError(
      res,
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  }
  const scopes = (f.scope ?? '').split(/\s+/).filter((s) => s && !['openid', 'profile', 'offline_access'].includes(s));
  if (scopes.length !== 1 || !scopes[0].endsWith('/.default'))
    return entraError(
      res,
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope '${f.scope ?? ''}' is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.`,
    );
  const resource = scopes[0].slice(0, -'/.default'.length);
  if (!knownResource(o, resource))
    return entraError(
      res,
      400,
      'invalid_resource',
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${tenant}.`,
    );
  sendJson(res, 200, {
    token_type: 'Bearer',
    expires_in: LIFETIME,
    ext_expires_in: LIFETIME,
    access_token: makeToken(resource, tenant, o.state.callerObjectId, LIFETIME),
  });
}

/** Why a federated assertion matches none of the app's federated credentials, or undefined when one matches. */
function assertionProblem(assertion: string): string | undefined {
  const c = readAssertion(assertion);
  if (!c) return 'The client assertion is not a JWT.';
  const aud = [c.aud ?? []].flat();
  if (!aud.includes(FEDERATION_AUDIENCE))
    return `AADSTS700212: No matching federated identity record found for presented assertion audience '${aud.join(',')}'.`;
  if (typeof c.exp !== 'number' || c.exp * 1000 < Date.now())
    return 'AADSTS700024: Client assertion is not within its valid time range.';
  const match = FEDERATED_CREDENTIALS.some((f) => f.issuer === c.iss && f.subject === c.sub);
  return match
    ? undefined
    : `AADSTS700213: No matching federated identity record found for presented assertion subject '${c.sub ?? ''}' (issuer '${c.iss ?? ''}').`;
}

/** App Service (2019-08-01): GET with X-IDENTITY-HEADER; `expires_on` is a string of epoch seconds. */
function managedIdentity(o: EntraOptions, url: URL, req: IncomingMessage, res: ServerResponse): void {
  if (req.headers['x-identity-header'] !== MANAGED_IDENTITY.header)
    return sendJson(res, 401, { statusCode: 401, message: 'Unauthorized: the X-IDENTITY-HEADER is missing or wrong.' });
  if (url.searchParams.get('api-version') !== '2019-08-01')
    return sendJson(res, 400, { statusCode: 400, message: 'api-version 2019-08-01 is required.' });
  const resource = url.searchParams.get('resource') ?? '';
  if (!knownResource(o, resource))
    return sendJson(res, 400, {
      statusCode: 400,
      message: `AADSTS500011: The resource principal named ${resource} was not found.`,
      correlationId: randomUUID(),
    });
  const clientId = url.searchParams.get('client_id');
  const resId = url.searchParams.get('mi_res_id');
  const objectId = url.searchParams.get('object_id') ?? url.searchParams.get('principal_id');
  let oid = o.state.callerObjectId;
  let tenant = o.state.tenants[0]?.tenantId ?? '';
  if (clientId || resId || objectId) {
    const uai = o.state.userAssignedIdentities.find(
      (u) => u.clientId === clientId || u.id.toLowerCase() === resId?.toLowerCase() || u.principalId === objectId,
    );
    if (!uai)
      return sendJson(res, 400, {
        statusCode: 400,
        message: 'No user-assigned identity with that id is assigned to this app.',
        correlationId: randomUUID(),
      });
    oid = uai.principalId;
    tenant = uai.tenantId || tenant;
  }
  const expiresOn = Math.floor(Date.now() / 1000) + LIFETIME;
  sendJson(res, 200, {
    access_token: makeToken(resource, tenant, oid, LIFETIME),
    expires_on: String(expiresOn),
    resource,
    token_type: 'Bearer',
    client_id: clientId ?? SANDBOX_APP.clientId,
  });
}

/** Azure Pipelines' OIDC request: POST with the job's System.AccessToken, answers `{oidcToken}` for the connection. */
function pipelinesOidc(url: URL, method: string, req: IncomingMessage, res: ServerResponse): void {
  if (method !== 'POST') return sendJson(res, 405, { message: 'POST only.' });
  if (req.headers.authorization !== `Bearer ${PIPELINES.systemAccessToken}`)
    return sendJson(res, 401, { message: 'TF400813: The user is not authorized to access this resource.' });
  if (url.searchParams.get('api-version') !== '7.1')
    return sendJson(res, 400, { message: 'The requested REST API version is not supported here (7.1 is).' });
  if (url.searchParams.get('serviceConnectionId') !== PIPELINES.serviceConnectionId)
    return sendJson(res, 404, {
      message: `Service connection '${url.searchParams.get('serviceConnectionId') ?? ''}' was not found.`,
    });
  const cred = FEDERATED_CREDENTIALS.find((f) => f.name === 'pipelines-connection')!;
  sendJson(res, 200, { oidcToken: federatedToken(cred.issuer, cred.subject) });
}

function entraError(res: ServerResponse, status: number, error: string, code: number, message: string): void {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  // A message that names its own AADSTS code wins over the caller's general one.
  const own = /^AADSTS(\d+):/.exec(message);
  const text = own ? message : `AADSTS${code}: ${message}`;
  code = own ? Number(own[1]) : code;
  sendJson(res, status, {
    error,
    error_description: `${text}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
  });
}
