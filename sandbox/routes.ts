// Puts extra route handlers in front of a server's own request handler (the token service and Resource Graph on ARM's host).
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { sendJson } from './http';

/** Answers the request and returns true, or returns false (without reading the body) to let the next handler answer. */
export type Route = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export function routeFirst(server: Server, routes: Route[]): void {
  const own = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      for (const route of routes) if (await route(req, res)) return;
      for (const handler of own) handler(req, res);
    })().catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'InternalServerError', message: String(e) } });
    });
  });
}
