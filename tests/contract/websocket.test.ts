import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createHostClient, HOST_WEBSOCKET_PATH } from '../../shared/contract';
import type { ClientMessage, HostPort } from '../../shared/contract';
import type { Host } from '../../electron/core/host/host';
import { silentLogger } from '../../electron/core/platform/logger';
import { attachWebSocketHost } from '../../electron/core/transport-ws/websocket-host';
import { runHostContractSuite } from './contract-suite';

const listen = async (host: Host, allowedOrigins: readonly string[] = []) => {
  const server: Server = createServer();
  const wss = attachWebSocketHost({
    server,
    host,
    logger: silentLogger,
    allowedOrigins: () => allowedOrigins,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = async () => {
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { url: `ws://127.0.0.1:${port}${HOST_WEBSOCKET_PATH}`, close };
};

const openSocket = async (url: string, origin?: string) => {
  const socket = new WebSocket(url, origin ? { origin } : {});
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return socket;
};

/** The Node-side twin of the renderer's WebSocket port. */
const nodeWebSocketPort = (socket: WebSocket): HostPort => ({
  send: (message: ClientMessage) => {
    socket.send(JSON.stringify(message));
    return true;
  },
  onMessage: (listener) => {
    const handler = (data: Buffer) => listener(JSON.parse(data.toString('utf8')) as unknown);
    socket.on('message', handler);
    return () => socket.off('message', handler);
  },
});

runHostContractSuite('WebSocket', async (host) => {
  const server = await listen(host);
  const socket = await openSocket(server.url);
  return {
    client: createHostClient(nodeWebSocketPort(socket)),
    sendRaw: (message) => {
      // JSON.stringify gives undefined for undefined and functions, whatever its type says.
      const text = JSON.stringify(message) as string | undefined;
      socket.send(typeof message === 'string' ? message : (text ?? 'undefined'));
    },
    close: async () => {
      socket.close();
      await server.close();
    },
  };
});

describe('WebSocket transport', () => {
  const stubHost: Host = {
    call: () => Promise.resolve({ ok: true, value: 'pong' }),
    watch: () => () => undefined,
  };

  it('refuses a browser page of another origin', async () => {
    const server = await listen(stubHost, ['http://127.0.0.1:5183']);
    await expect(openSocket(server.url, 'http://evil.example')).rejects.toThrow(/401|403/);
    const allowed = await openSocket(server.url, 'http://127.0.0.1:5183');
    allowed.close();
    await server.close();
  });

  it('answers a malformed JSON frame with nothing and keeps the connection', async () => {
    const server = await listen(stubHost);
    const socket = await openSocket(server.url);
    socket.send('{not json');
    socket.send(Buffer.from([0xff, 0x00, 0x13]));
    const client = createHostClient(nodeWebSocketPort(socket));
    await expect(client.call('app.info', {})).resolves.toEqual({ ok: true, value: 'pong' });
    socket.close();
    await server.close();
  });

  it('closes a connection that sends an oversized frame, without harming others', async () => {
    const server = await listen(stubHost);
    const big = await openSocket(server.url);
    const other = await openSocket(server.url);
    const closed = new Promise<number>((resolve) => big.once('close', (code) => resolve(code)));
    big.send('x'.repeat(9 * 1024 * 1024));
    expect(await closed).toBe(1009);
    const client = createHostClient(nodeWebSocketPort(other));
    await expect(client.call('app.info', {})).resolves.toMatchObject({ ok: true });
    other.close();
    await server.close();
  });
});
