import type { ErrorRequestHandler, Response } from 'express';
import type { Caller } from './authentication';

/** CouchDB's error shape: `{ "error": "...", "reason": "..." }`, never a stack or a file path. */
export const sendError = (res: Response, status: number, error: string, reason: string): void => {
  res.status(status).json({ error, reason });
};

/** A refusal as CouchDB words it: 401 when nobody is signed in, 403 for a signed-in caller. */
export const refuse = (res: Response, caller: Caller, reason: string): void => {
  if (caller.name === null) sendError(res, 401, 'unauthorized', reason);
  else sendError(res, 403, 'forbidden', reason);
};

/** Too many attempts (sign-ins, sign-ups) from one account or address: CouchDB has no word for it. */
export const tooManyAttempts = (res: Response, retryAfter: number): void => {
  res.setHeader('Retry-After', String(retryAfter));
  sendError(res, 429, 'too_many_requests', `Too many attempts: try again in ${retryAfter} s.`);
};

/**
 * The last handler: whatever went wrong below (express's own URI decoding, a body that is not
 * JSON, a bug) is answered as JSON. Express's default would answer an HTML page with the stack
 * trace and the server's file paths.
 */
export const jsonErrors =
  (log: (line: string) => void): ErrorRequestHandler =>
  (error: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const status = (error as { status?: unknown } | null)?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      sendError(res, status, 'bad_request', 'The request could not be read.');
      return;
    }
    log(`Request failed: ${error instanceof Error ? error.message : String(error)}`);
    sendError(res, 500, 'internal_server_error', 'The server could not answer this request.');
  };
