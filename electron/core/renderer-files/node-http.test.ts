import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveOverHttp } from './node-http';
import { createRendererFileHandler } from './renderer-files';

/** A raw request, so the path reaches the server exactly as written (fetch would normalise it). */
const rawGet = (port: number, path: string, method = 'GET') =>
  new Promise<{ status: number; body: string; headers: Record<string, unknown> }>(
    (resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path, method }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body, headers: res.headers });
        });
      });
      req.on('error', reject);
      req.end();
    },
  );

describe('the renderer over HTTP (browser mode)', () => {
  const base = mkdtempSync(join(tmpdir(), 'mmm-http-'));
  const root = join(base, 'renderer');
  const server = createServer((req, res) => {
    void serveOverHttp(createRendererFileHandler(root))(req, res);
  });
  let port = 0;

  beforeAll(async () => {
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<html>app</html>');
    writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(base, 'renderer-secret.txt'), 'secret next door');
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => {
    server.close();
  });

  it('serves files with their type and the security headers', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/assets/app.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('<html>app</html>');
  });

  it('refuses raw traversal, absolute-form targets and unusual methods', async () => {
    for (const path of [
      '/../renderer-secret.txt',
      '/%2e%2e/renderer-secret.txt',
      '/..%2f..%2fetc%2fpasswd',
      '//etc/passwd',
      'http://127.0.0.1/../renderer-secret.txt',
    ]) {
      const response = await rawGet(port, path);
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(response.body, path).not.toContain('secret');
    }
    expect((await rawGet(port, '/', 'POST')).status).toBe(405);
    expect((await rawGet(port, '/', 'TRACE')).status).toBe(400);
    expect((await rawGet(port, '/', 'HEAD')).status).toBe(200);
  });
});
