// The sandbox's own control path on ARM's host, for a sandbox running in another process:
// `POST /sandbox/continuous-exports/run[?cluster=NAME]` runs the continuous exports now (needs a sandbox ARM token).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson } from './http';
import { runContinuousExports } from './kusto/exportRuns';
import { ARM_AUDIENCES, audienceMatches, readToken } from './tokens';
import type { SandboxState } from './types';

export interface ControlOptions {
  state: SandboxState;
  base: () => string;
}

export async function handleControl(o: ControlOptions, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = new URL(req.url ?? '/', o.base());
  if (url.pathname !== '/sandbox/continuous-exports/run') return false;
  await readBody(req);
  if ((req.method ?? '').toUpperCase() !== 'POST') {
    sendJson(res, 405, { error: { code: 'MethodNotAllowed', message: 'POST to run the continuous exports.' } });
    return true;
  }
  const claims = readToken(req.headers.authorization);
  if (!claims || !audienceMatches(claims.aud, [...ARM_AUDIENCES, o.base()]) || claims.exp * 1000 < Date.now()) {
    sendJson(res, 401, { error: { code: 'AuthenticationFailed', message: 'A sandbox ARM token is required.' } });
    return true;
  }
  const cluster = url.searchParams.get('cluster') ?? undefined;
  if (cluster && !o.state.clusters.some((c) => c.name.toLowerCase() === cluster.toLowerCase())) {
    sendJson(res, 404, { error: { code: 'NotFound', message: `No cluster '${cluster}' in the sandbox.` } });
    return true;
  }
  sendJson(res, 200, { runs: runContinuousExports(o.state, cluster) });
  return true;
}
