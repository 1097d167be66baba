// Small helpers shared by the ARM and Kusto servers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultInjector } from './faults';

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'x-ms-request-id': cryptoId(),
    ...headers,
  });
  res.end(text);
}

let counter = 0;
function cryptoId(): string {
  return `sandbox-${Date.now().toString(36)}-${(counter++).toString(36)}`;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Applies a matching fault rule. Returns true when the fault answered the request itself,
 * or the rule (to be applied by the route, e.g. LRO rules) when the request should go on.
 */
export async function applyFault(
  faults: FaultInjector,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  latencyMs: number,
  body?: string,
) {
  if (latencyMs > 0) await sleep(latencyMs);
  const rule = faults.take(req.method ?? 'GET', path, body);
  if (!rule) return { handled: false as const };
  if (rule.latencyMs) await sleep(rule.latencyMs);
  if (rule.malformedBody) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"value": [ this is not json');
    return { handled: true as const };
  }
  if (rule.status) {
    const headers: Record<string, string> =
      rule.retryAfter !== undefined ? { 'retry-after': String(rule.retryAfter) } : {};
    const code = rule.status === 429 ? 'TooManyRequests' : rule.status >= 500 ? 'InternalServerError' : 'InjectedFault';
    const message = rule.message ?? `Injected fault: ${rule.status} for ${req.method} ${path}`;
    // One body that reads as an ARM error and as a Kusto error alike.
    sendJson(
      res,
      rule.status,
      { error: { code, message, '@type': 'Sandbox.InjectedFault', '@message': message, '@permanent': false } },
      headers,
    );
    return { handled: true as const };
  }
  return { handled: false as const, rule };
}
