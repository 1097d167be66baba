// A loopback proxy in front of the sandbox's Kusto server that records every request (method, path, command text) and
// can rewrite one answer, to see what a client sends and how it copes with a shape the sandbox never gives.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  /** The `csl` of a Kusto POST body, when there is one. */
  readonly csl?: string;
}

export interface RecordingProxy {
  /** The proxy's origin: `http://127.0.0.1:PORT`. */
  readonly origin: string;
  readonly log: RecordedRequest[];
  /** Rewrites the body of answers to commands it matches (the body is the service's JSON text). */
  rewrite?: (csl: string, body: string) => string;
  stop(): Promise<void>;
}

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const to = new URL(target);
  const proxy: RecordingProxy = { origin: '', log: [], stop: async () => undefined };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      let csl: string | undefined;
      try {
        csl = (JSON.parse(body.toString('utf8')) as { csl?: string }).csl;
      } catch {
        csl = undefined;
      }
      proxy.log.push({ method: req.method ?? '', path: req.url ?? '', ...(csl !== undefined ? { csl } : {}) });
      const headers = { ...req.headers, host: to.host };
      delete headers['accept-encoding'];
      const out = request(
        { host: to.hostname, port: to.port, path: req.url, method: req.method, headers },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on('data', (c: Buffer) => parts.push(c));
          answer.on('end', () => {
            let text = Buffer.concat(parts).toString('utf8');
            if (csl !== undefined && proxy.rewrite) text = proxy.rewrite(csl, text);
            const h = { ...answer.headers, 'content-length': String(Buffer.byteLength(text)) };
            delete h['transfer-encoding'];
            res.writeHead(answer.statusCode ?? 502, h).end(text);
          });
        },
      );
      out.on('error', (e) => res.writeHead(502).end(String(e)));
      out.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return Object.assign(proxy, {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  });
}
