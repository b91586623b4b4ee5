import { realpath, readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../../shared/csp';

/**
 * The built renderer (`out/renderer`) as answers to requests: what the desktop app's `app://`
 * protocol handler returns (electron/main/app-protocol.ts) and what browser mode's HTTP server sends
 * (node-http.ts). One function, so the tests that load the page over HTTP prove the handler the
 * installed app uses.
 */

/** The types of the files a build contains. Anything else is not ours to serve: 404. */
export const RENDERER_CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export const RENDERER_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  // The built page carries the CSP in a meta tag too; the header makes it hold for every answer.
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  // frame-ancestors is ignored in a meta tag, so framing is refused here instead.
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

const answer = (status: number, text: string, extra: Record<string, string> = {}): Response =>
  new Response(text, {
    status,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      ...RENDERER_SECURITY_HEADERS,
      ...extra,
    },
  });

/** Why a path was refused, for tests and logs; `null` when it names a file inside the folder. */
export type RendererPathRefusal = 'malformed' | 'outside' | 'not-found';

/**
 * The file a URL path names inside `root`, or why there is none. Each segment is decoded on its
 * own and must be a plain name: no `.`/`..` (spelled in any encoding), no separators or NUL, no
 * drive letters or streams (`:`), no hidden files. The real path (symlinks followed) must still be
 * inside the real root, so a link in the folder cannot lead out of it either.
 */
export const resolveRendererFile = async (
  root: string,
  pathname: string,
): Promise<{ file: string } | { refused: RendererPathRefusal }> => {
  if (!pathname.startsWith('/')) return { refused: 'malformed' };
  const raw = pathname === '/' ? ['index.html'] : pathname.slice(1).split('/');
  const segments: string[] = [];
  for (const part of raw) {
    let name: string;
    try {
      name = decodeURIComponent(part);
    } catch {
      return { refused: 'malformed' };
    }
    if (name === '' || name === '.' || name === '..') return { refused: 'outside' };
    if (/[\\/\0:]/.test(name) || name.startsWith('.')) return { refused: 'outside' };
    segments.push(name);
  }
  const candidate = join(root, ...segments);
  const lexical = relative(root, candidate);
  if (lexical === '' || lexical.startsWith('..') || isAbsolute(lexical)) {
    return { refused: 'outside' };
  }
  let realRoot: string;
  let realFile: string;
  try {
    [realRoot, realFile] = await Promise.all([realpath(root), realpath(candidate)]);
  } catch {
    return { refused: 'not-found' };
  }
  if (!realFile.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep)) {
    return { refused: 'outside' };
  }
  const isFile = await stat(realFile).then(
    (s) => s.isFile(),
    () => false,
  );
  return isFile ? { file: realFile } : { refused: 'not-found' };
};

export interface RendererFileHandlerOptions {
  /** When set, requests for another host (`app://other/…`) are refused. */
  readonly host?: string;
}

/**
 * Answers a request for a file of the built renderer in `root`: GET and HEAD only, `/` is
 * index.html, every other path must name a file of a known type inside the folder; the rest is 404.
 */
export const createRendererFileHandler =
  (root: string, options: RendererFileHandlerOptions = {}) =>
  async (request: Request): Promise<Response> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return answer(405, 'Method not allowed', { Allow: 'GET, HEAD' });
    }
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return answer(400, 'Bad request');
    }
    if (options.host !== undefined && url.host !== options.host) return answer(404, 'Not found');
    const resolved = await resolveRendererFile(root, url.pathname);
    if ('refused' in resolved) {
      return resolved.refused === 'malformed'
        ? answer(400, 'Bad request')
        : answer(404, 'Not found');
    }
    const contentType = RENDERER_CONTENT_TYPES[extname(resolved.file).toLowerCase()];
    if (!contentType) return answer(404, 'Not found');
    let body: Buffer;
    try {
      body = await readFile(resolved.file);
    } catch {
      return answer(500, 'The app files could not be read.');
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: {
        'Content-Type': contentType,
        'Content-Length': String(body.length),
        // Built assets carry a content hash in their names; the page itself must be re-read.
        'Cache-Control': contentType.startsWith('text/html')
          ? 'no-cache'
          : 'public, max-age=31536000, immutable',
        ...RENDERER_SECURITY_HEADERS,
      },
    });
  };

export type RendererFileHandler = ReturnType<typeof createRendererFileHandler>;
