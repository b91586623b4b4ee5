import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Serves a fetch-style handler (Request → Response, what Electron's `protocol.handle` takes) on a
 * Node HTTP server: browser mode, and the tests that load the built page through the very handler
 * the desktop app registers.
 */
export const serveOverHttp =
  (handler: (request: Request) => Promise<Response>) =>
  async (incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> => {
    const target = incoming.url ?? '/';
    // Origin-form only ("/path"): the path is kept exactly as sent, `//host/x` included, so the
    // handler judges what the client asked for and not what a URL parser made of it.
    let request: Request | undefined;
    try {
      if (target.startsWith('/')) {
        request = new Request(`http://${incoming.headers.host ?? 'localhost'}${target}`, {
          method: incoming.method ?? 'GET',
        });
      }
    } catch {
      // A Host header or method fetch refuses (CONNECT, TRACE, spaces): a bad request.
    }
    const response = request
      ? await handler(request)
      : new Response('Bad request', { status: 400 });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    outgoing.writeHead(response.status, headers);
    outgoing.end(response.body ? Buffer.from(await response.arrayBuffer()) : undefined);
  };
