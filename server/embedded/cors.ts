import type { RequestHandler } from 'express';

/**
 * express-pouchdb has no CORS. Browser clients (browser mode, the dev renderer) send the session
 * cookie, so origins are an allow-list, never `*`, and credentials are allowed.
 */
export const corsFor =
  (allowedOrigins: readonly string[]): RequestHandler =>
  (req, res, next) => {
    const origin = req.headers.origin;
    if (origin !== undefined && allowedOrigins.includes(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Vary', 'Origin');
      res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, POST, PUT, DELETE, OPTIONS');
      res.setHeader(
        'Access-Control-Allow-Headers',
        'Accept, Authorization, Content-Type, Origin, Referer, X-Requested-With',
      );
      res.setHeader('Access-Control-Expose-Headers', 'ETag, Content-Type');
      res.setHeader('Access-Control-Max-Age', '600');
    }
    if (req.method === 'OPTIONS' && origin !== undefined) {
      res.status(allowedOrigins.includes(origin) ? 204 : 403).end();
      return;
    }
    next();
  };
