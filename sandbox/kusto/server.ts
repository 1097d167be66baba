// One Kusto endpoint per cluster: auth metadata, /v1/rest/mgmt (v1 tables) and /v2/rest/query (v2 frames).
import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { FaultInjector } from '../faults';
import { applyFault, readBody, sendJson } from '../http';
import { audienceMatches, KUSTO_AUDIENCES, readToken } from '../tokens';
import type { ClusterState, SandboxState } from '../types';
import { KustoSyntaxError } from './commands';
import { runManagement } from './mgmt';
import { runQuery } from './query';
import { KustoError, v1DataSet, v2Frames } from './results';
import { docsVariant, sendUnauthorizedText } from './variants';

export interface KustoServerOptions {
  state: SandboxState;
  cluster: ClusterState;
  faults: FaultInjector;
  latencyMs: number;
}

export function createKustoServer(o: KustoServerOptions): Server {
  return createServer((req, res) => {
    handle(o, req, res).catch((e: unknown) => {
      if (!res.headersSent)
        sendJson(
          res,
          500,
          new KustoError(
            500,
            'InternalServiceError',
            'Kusto.Common.Svc.Exceptions.InternalServiceException',
            String(e),
            false,
          ).body(randomUUID()),
        );
    });
  });
}

const AUTH_METADATA = {
  AzureAD: {
    LoginEndpoint: 'https://login.microsoftonline.com',
    LoginMfaRequired: false,
    KustoClientAppId: 'db662dc1-0cfe-4e1c-a843-19a68e65be58',
    KustoClientRedirectUri: 'https://microsoft/kustoclient',
    KustoServiceResourceId: 'https://kusto.kusto.windows.net',
    FirstPartyAuthorityUrl: 'https://login.microsoftonline.com/f8cdef31-a31e-4b4a-93e4-5f571e91255a',
  },
  dSTS: {
    CloudEndpoint: 'https://dsts.core.windows.net',
    CloudEndpointSuffix: 'core.windows.net',
    DstsRealm: 'realm://dsts.core.windows.net',
    DstsInstance: 'prod-dsts.dsts.core.windows.net',
    KustoDnsHostName: 'kusto.windows.net',
    ServiceName: 'kusto',
  },
};

async function handle(o: KustoServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sandbox');
  res.on('close', () => {
    if (!res.writableFinished) o.faults.abandoned.push(`/${o.cluster.name}${url.pathname}`);
  });
  const text = await readBody(req);
  const fault = await applyFault(o.faults, req, res, `/${o.cluster.name}${url.pathname}`, o.latencyMs, text);
  if (fault.handled) return;
  const activityId = randomUUID();
  const fail = (e: KustoError) =>
    e.status === 401 && docsVariant(o.state)
      ? sendUnauthorizedText(res, e.message)
      : sendJson(res, e.status, e.body(activityId));
  try {
    if (req.method === 'GET' && url.pathname === '/v1/rest/auth/metadata') return sendJson(res, 200, AUTH_METADATA);
    const isMgmt = url.pathname === '/v1/rest/mgmt';
    if (req.method !== 'POST' || (!isMgmt && url.pathname !== '/v2/rest/query')) {
      throw new KustoError(
        404,
        'NotFound',
        'Kusto.Common.Svc.Exceptions.NotFoundException',
        `No such endpoint: ${req.method} ${url.pathname}`,
      );
    }
    const caller = checkAuth(o.cluster, req.headers.authorization);
    let body: { db?: string; csl?: string };
    try {
      body = JSON.parse(text);
    } catch {
      throw new KustoError(
        400,
        'BadRequest',
        'Kusto.Data.Exceptions.KustoBadRequestException',
        'The request body is not valid JSON.',
      );
    }
    const csl = String(body.csl ?? '');
    const db = body.db && body.db !== 'NetDefaultDB' ? body.db : undefined;
    if (isMgmt) {
      return sendJson(res, 200, v1DataSet([runManagement(o.state, o.cluster, db, csl, caller)]));
    }
    const r = runQuery(o.cluster, db, csl);
    return sendJson(res, 200, v2Frames(r.schema, r.rows, r.inBandError));
  } catch (e) {
    if (e instanceof KustoSyntaxError) return fail(syntax(e.detail, e.where()));
    if (e instanceof KustoError) return fail(e);
    throw e;
  }
}

function syntax(detail: string, where: string): KustoError {
  return new KustoError(
    400,
    'BadRequest_SyntaxError',
    'Kusto.Data.Exceptions.SyntaxException',
    `Syntax error: SYN0002: A recognition error occurred. ${detail} [line:position=${where}]`,
  );
}

/** No Authorization header = emulator no-auth mode; a token must be for Kusto or for this cluster. Returns the caller's oid. */
function checkAuth(cluster: ClusterState, authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const claims = readToken(authorization);
  const unauthorized = (why: string) =>
    new KustoError(401, 'Unauthorized', 'Kusto.Common.Svc.Exceptions.UnauthorizedOperationException', why);
  if (!claims) throw unauthorized('The bearer token could not be read.');
  if (!audienceMatches(claims.aud, [...KUSTO_AUDIENCES, cluster.uri]))
    throw unauthorized(`Token audience '${claims.aud}' is not valid for this cluster (expected a Kusto audience).`);
  if (claims.exp * 1000 < Date.now()) throw unauthorized('The token has expired.');
  return claims.oid;
}
