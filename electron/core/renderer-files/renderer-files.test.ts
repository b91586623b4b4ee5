import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRendererFileHandler, resolveRendererFile } from './renderer-files';

// A built renderer next to files it must never give away: a sibling folder whose name starts
// like the root's, a secret one level up, and symlinks leading out.
const base = mkdtempSync(join(tmpdir(), 'mmm-renderer-'));
const root = join(base, 'renderer');
mkdirSync(join(root, 'assets'), { recursive: true });
writeFileSync(join(root, 'index.html'), '<html>app</html>');
writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
writeFileSync(join(root, 'assets', 'app.css'), 'body{}');
writeFileSync(join(root, 'favicon.svg'), '<svg/>');
writeFileSync(join(root, 'assets', 'notes.xyz'), 'unknown type');
writeFileSync(join(root, '.env'), 'SECRET=1');
writeFileSync(join(base, 'secret.txt'), 'secret one level up');
mkdirSync(join(base, 'renderer-secret'));
writeFileSync(join(base, 'renderer-secret', 'key.js'), 'secret next door');
symlinkSync(join(base, 'secret.txt'), join(root, 'assets', 'link.js'));
symlinkSync(base, join(root, 'up'));

const handler = createRendererFileHandler(root, { host: 'mmm' });
const get = (path: string, init?: RequestInit) => handler(new Request(`app://mmm${path}`, init));

describe('the renderer file handler (app:// and browser mode)', () => {
  it('serves the page and its assets with their types, the CSP and nosniff', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(await page.text()).toBe('<html>app</html>');
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await get('/index.html')).status).toBe(200);

    const script = await get('/assets/app.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
    expect(script.headers.get('cache-control')).toContain('immutable');
    expect((await get('/assets/app.css')).headers.get('content-type')).toBe(
      'text/css; charset=utf-8',
    );
    expect((await get('/favicon.svg')).headers.get('content-type')).toBe('image/svg+xml');
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('/assets/app.js', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('14');
    expect(await head.text()).toBe('');
    const post = await get('/', { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('answers 404 for missing files, folders, unknown types, hidden files and other hosts', async () => {
    for (const path of ['/missing.js', '/assets', '/assets/', '/assets/notes.xyz', '/.env']) {
      expect((await get(path)).status, path).toBe(404);
    }
    // No single-page fallback: the app routes in the hash, so an unknown path is just unknown.
    expect((await get('/programmes/42')).status).toBe(404);
    expect((await handler(new Request('app://other/index.html'))).status).toBe(404);
  });

  it('never answers with a file outside its folder, however the path is spelled', async () => {
    for (const path of [
      '/../secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E/secret.txt',
      '/.%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/assets%5c..%5c..%5csecret.txt',
      '/%2fetc%2fpasswd',
      '//etc/passwd',
      '/C:%5cWindows%5cwin.ini',
      '/c:/Windows/win.ini',
      '/index.html%00.js',
      '/../renderer-secret/key.js',
      '/%2e%2e/renderer-secret/key.js',
      '/assets/link.js',
      '/up/secret.txt',
      '/up/renderer-secret/key.js',
    ]) {
      const response = await get(path);
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      const body = await response.text();
      expect(body, path).not.toContain('secret');
      expect(body, path).not.toContain('root:');
    }
  });

  it('judges the raw path itself, before any URL parser normalises it', async () => {
    const outside = [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/.%2E/secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/..%5csecret.txt',
      '//etc/passwd',
      '/%2fetc/passwd',
      `/${encodeURIComponent(join(base, 'secret.txt'))}`,
      '/assets/link.js',
      '/up/secret.txt',
      '/.env',
    ];
    for (const path of outside) {
      expect(await resolveRendererFile(root, path), path).toEqual({ refused: 'outside' });
    }
    expect(await resolveRendererFile(root, 'index.html')).toEqual({ refused: 'malformed' });
    expect(await resolveRendererFile(root, '/%E0%A4%A')).toEqual({ refused: 'malformed' });
    expect(await resolveRendererFile(root, '/nothing.js')).toEqual({ refused: 'not-found' });
    expect(await resolveRendererFile(root, '/assets/app.js')).toEqual({
      file: join(realpathSync(root), 'assets', 'app.js'),
    });
  });
});
