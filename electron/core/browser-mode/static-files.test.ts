import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaticHandler } from './static-files';

describe('static files of browser mode', () => {
  const root = mkdtempSync(join(tmpdir(), 'mmm-static-'));
  const secretDir = mkdtempSync(join(tmpdir(), 'mmm-secret-'));
  let base = '';
  const server = createServer((req, res) => {
    void createStaticHandler(join(root, 'renderer'))(req, res);
  });

  beforeAll(async () => {
    mkdirSync(join(root, 'renderer', 'assets'), { recursive: true });
    writeFileSync(join(root, 'renderer', 'index.html'), '<html>app</html>');
    writeFileSync(join(root, 'renderer', 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(root, 'renderer-secret.txt'), 'secret next door');
    writeFileSync(join(secretDir, 'key.txt'), 'secret');
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.close();
  });

  it('serves files with their type and the CSP', async () => {
    const response = await fetch(`${base}/assets/app.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/javascript');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers app routes with index.html and missing assets with 404', async () => {
    expect(await (await fetch(`${base}/programmes/42`)).text()).toBe('<html>app</html>');
    expect((await fetch(`${base}/assets/missing.js`)).status).toBe(404);
  });

  it('never serves a file outside its folder', async () => {
    for (const path of [
      '/../renderer-secret.txt',
      '/%2e%2e/renderer-secret.txt',
      '/..%2f..%2fetc%2fpasswd',
    ]) {
      const response = await fetch(`${base}${path}`);
      const body = await response.text();
      expect(body).not.toContain('secret');
      expect(body).not.toContain('root:');
    }
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await fetch(`${base}/`, { method: 'POST' })).status).toBe(405);
  });
});
