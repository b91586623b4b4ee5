import express from 'express';
import type { Request, RequestHandler, Response } from 'express';
import type { Authentication, Caller } from './authentication';
import { sendError, tooManyAttempts } from './replies';
import { setCookieHeader } from './session-cookie';

/**
 * `/_session`, answered by the guard for everyone: sign-in (`POST`, throttled, with the cookie
 * `SameSite=Strict`), who am I (`GET`), sign-out (`DELETE`). Shapes as CouchDB's.
 */
const parseForm: readonly RequestHandler[] = [
  express.json({ limit: '16kb' }),
  express.urlencoded({ extended: false, limit: '16kb' }),
];

const readBody = (req: Request, res: Response) =>
  new Promise<unknown>((resolve) => {
    const [json, form] = parseForm;
    if (!json || !form) {
      resolve(undefined);
      return;
    }
    json(req, res, (jsonError: unknown) => {
      if (jsonError) {
        resolve(undefined);
        return;
      }
      form(req, res, (formError: unknown) => {
        resolve(formError ? undefined : req.body);
      });
    });
  });

const WRONG = 'Name or password is incorrect.';

export const createSessionRoute =
  (auth: Authentication) =>
  async (req: Request, res: Response, caller: Caller, address: string): Promise<void> => {
    switch (req.method) {
      case 'GET':
        res.status(200).json({
          ok: true,
          userCtx: { name: caller.name, roles: caller.roles },
          info: {
            authentication_handlers: ['cookie', 'default'],
            authentication_db: '_users',
            ...(caller.via === 'none'
              ? {}
              : { authenticated: caller.via === 'cookie' ? 'cookie' : 'default' }),
          },
        });
        return;
      case 'POST': {
        const body = (await readBody(req, res)) as { name?: unknown; password?: unknown } | null;
        const { name, password } = body ?? {};
        if (typeof name !== 'string' || typeof password !== 'string') {
          sendError(res, 401, 'unauthorized', WRONG);
          return;
        }
        const result = await auth.signIn(name, password, address);
        if (!result.ok) {
          if (result.status === 429) tooManyAttempts(res, result.retryAfter ?? 1);
          else sendError(res, 401, 'unauthorized', WRONG);
          return;
        }
        const cookie = auth.cookieFor(result.caller);
        if (cookie) res.append('Set-Cookie', setCookieHeader(cookie));
        res.status(200).json({ ok: true, name: result.caller.name, roles: result.caller.roles });
        return;
      }
      default:
        res.append('Set-Cookie', setCookieHeader('', 0));
        res.status(200).json({ ok: true });
    }
  };
