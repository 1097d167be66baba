// Counts every HTTP request this process makes (ARM, Kusto, auth metadata, tokens) with its start and end, by
// wrapping Node's http/https request functions before any SDK loads: what goes on the wire, whatever client sent it.
import http from 'node:http';
import https from 'node:https';

export interface Sent {
  readonly method: string;
  readonly host: string;
  readonly path: string;
  readonly body: string;
  readonly start: number;
  end: number;
}

export const sent: Sent[] = [];

function wrap(mod: typeof http | typeof https): void {
  const request = mod.request.bind(mod) as (...args: unknown[]) => http.ClientRequest;
  const record = (...args: unknown[]): http.ClientRequest => {
    const req = request(...args);
    const entry: Sent = {
      method: req.method,
      host: String(req.getHeader('host') ?? req.host),
      path: req.path,
      body: '',
      start: performance.now(),
      end: NaN,
    };
    const write = req.write.bind(req) as (chunk: unknown, ...rest: unknown[]) => boolean;
    (req as { write: unknown }).write = (chunk: unknown, ...rest: unknown[]) => {
      if (typeof chunk === 'string' || Buffer.isBuffer(chunk)) (entry as { body: string }).body += chunk.toString();
      return write(chunk, ...rest);
    };
    const end = req.end.bind(req) as (chunk?: unknown, ...rest: unknown[]) => http.ClientRequest;
    (req as { end: unknown }).end = (chunk?: unknown, ...rest: unknown[]) => {
      if (typeof chunk === 'string' || Buffer.isBuffer(chunk)) (entry as { body: string }).body += chunk.toString();
      return end(chunk, ...rest);
    };
    req.on('response', (res) =>
      res.on('end', () => (entry.end = performance.now())).on('close', () => (entry.end ||= performance.now())),
    );
    req.on('error', () => (entry.end = performance.now()));
    sent.push(entry);
    return req;
  };
  (mod as { request: unknown }).request = record;
  (mod as { get: unknown }).get = (...args: unknown[]) => {
    const req = record(...args);
    req.end();
    return req;
  };
}

wrap(http);
wrap(https);

/** Sequential waves: a request is in wave k+1 when the latest-wave request that ended before it started is in wave k. */
export function waves(list: readonly Sent[]): number {
  const byStart = [...list].sort((a, b) => a.start - b.start);
  const byEnd = [...list].sort((a, b) => a.end - b.end);
  const wave = new Map<Sent, number>();
  let done = 0;
  let before = 0;
  // Whatever ended before this request started also started before it, so its wave is already known.
  for (const s of byStart) {
    while (done < byEnd.length && byEnd[done].end <= s.start) before = Math.max(before, wave.get(byEnd[done++]) ?? 0);
    wave.set(s, before + 1);
  }
  return Math.max(0, ...wave.values());
}

/** Requests sent more than once with the same method, host, path and body. */
export function duplicates(list: readonly Sent[]): number {
  const seen = new Map<string, number>();
  for (const s of list) {
    const key = `${s.method} ${s.host}${s.path} ${s.body}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen.values()].reduce((n, c) => n + c - 1, 0);
}
