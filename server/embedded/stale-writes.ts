import express from 'express';
import type { Request, RequestHandler, Response } from 'express';
import { basicAuth, type Credentials } from '../provision/couchClient';

/**
 * CouchDB answers a write based on an old revision with 409 conflict, before validate_doc_update
 * runs. express-pouchdb does not: pouchdb-validation hands validate_doc_update the current winning
 * revision as `oldDoc`, so a stale write is judged against someone else's newer version and may be
 * refused 403 with a misleading reason (DESIGN §4). The app's replication turns a 409 row into a
 * conflict its merge resolves, and a 403 row into a refusal, so the difference decides whether
 * concurrent edits merge or stop.
 *
 * This middleware, in front of express-pouchdb, gives the embedded server CouchDB's answer:
 * - `PUT|DELETE /db/id` and `POST /db` (with an `_id`): 409 when the revision given (`_rev`,
 *   `?rev=`, `If-Match`) is not the document's current one, or none is given for a live document;
 * - `POST /db/_bulk_docs`: per row, a stale row gets `{ id, error: 'conflict' }` in its place and
 *   the others proceed;
 * - `new_edits: false` (replication, which writes known revisions) is left alone, as are system
 *   databases (`_users`, `_replicator`), design and local documents.
 *
 * The check and the write are one step per document: writes to the same document wait for each
 * other here, so two writes based on the same revision cannot both pass the check (the second then
 * sees the first's revision and gets its 409). Writes that bypass HTTP (the server's own
 * `_replicator`) are not serialised with these; between them, PouchDB's own answer stands.
 */
export interface StaleWriteOptions {
  /** The server's own URL, once it listens. */
  readonly url: () => string;
  readonly admin: Credentials;
}

const CONFLICT = { error: 'conflict', reason: 'Document update conflict.' } as const;

/** The current state of a document: its winning revision, or absent. */
interface Current {
  readonly rev: string;
  readonly deleted: boolean;
}

/** A write's target and the revision it is based on (undefined: none given). */
interface Target {
  readonly id: string;
  readonly rev: string | undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** CouchDB's rule: a write must name the current revision of a live document, and none else. */
export const isStale = (target: Target, current: Current | undefined): boolean => {
  if (!current) return target.rev !== undefined;
  if (current.deleted) return target.rev !== undefined && target.rev !== current.rev;
  return target.rev !== current.rev;
};

/** Serialises work per key; a request may hold several keys (a bulk write). */
export const createKeyedLock = () => {
  const tails = new Map<string, Promise<void>>();
  return async (keys: readonly string[]): Promise<() => void> => {
    let release: () => void = () => undefined;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Claimed at once for every key, so requests wait only on earlier ones: no cycles.
    const earlier = [...new Set(keys)].map((key) => {
      const previous = tails.get(key) ?? Promise.resolve();
      const tail = previous.then(() => mine);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return previous;
    });
    await Promise.all(earlier);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
    };
  };
};

const parseJson: RequestHandler = express.json({ limit: '64mb' });

/** A body that is not JSON: answered as express-pouchdb would, before anything else runs. */
class InvalidBody extends Error {
  constructor(readonly status: number) {
    super('The body is not JSON.');
  }
}

/** The body as JSON, parsed once (body-parser skips a body that is parsed already). */
const bodyOf = (req: Request, res: Response) =>
  new Promise<unknown>((resolve, reject) => {
    parseJson(req, res, (error: unknown) => {
      if (error) reject(new InvalidBody((error as { status?: number }).status === 413 ? 413 : 400));
      else resolve(req.body);
    });
  });

const segment = (raw: string): string | undefined => {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
};

/** Which documents a request writes, and on which revisions; undefined: not a checked write. */
const targetsOf = async (
  req: Request,
  res: Response,
): Promise<{ database: string; targets: Target[]; bulk: boolean } | undefined> => {
  const parts = req.path.split('/').filter(Boolean);
  const database = parts[0] === undefined ? undefined : segment(parts[0]);
  if (database === undefined || database.startsWith('_')) return undefined;
  if (req.query['new_edits'] === 'false') return undefined;
  const queryRev = typeof req.query['rev'] === 'string' ? req.query['rev'] : undefined;
  const ifMatch = req.headers['if-match']?.replace(/^"|"$/g, '');

  if (parts.length === 2 && parts[1] === '_bulk_docs' && req.method === 'POST') {
    const body = await bodyOf(req, res);
    if (!isRecord(body) || body['new_edits'] === false || !Array.isArray(body['docs'])) {
      return undefined;
    }
    const targets = (body['docs'] as unknown[]).map((doc): Target => {
      const id = isRecord(doc) && typeof doc['_id'] === 'string' ? doc['_id'] : '';
      const rev = isRecord(doc) && typeof doc['_rev'] === 'string' ? doc['_rev'] : undefined;
      return { id, rev };
    });
    return { database, targets, bulk: true };
  }
  if (parts.length === 1 && req.method === 'POST') {
    const body = await bodyOf(req, res);
    if (!isRecord(body) || typeof body['_id'] !== 'string') return undefined;
    const rev = typeof body['_rev'] === 'string' ? body['_rev'] : undefined;
    return { database, targets: [{ id: body['_id'], rev }], bulk: false };
  }
  const id = parts.length === 2 && parts[1] !== undefined ? segment(parts[1]) : undefined;
  if (id === undefined || id.startsWith('_')) return undefined;
  if (req.method === 'DELETE') {
    return { database, targets: [{ id, rev: queryRev ?? ifMatch }], bulk: false };
  }
  if (req.method !== 'PUT') return undefined;
  const body = await bodyOf(req, res);
  if (!isRecord(body)) return undefined;
  const rev = typeof body['_rev'] === 'string' ? body['_rev'] : (queryRev ?? ifMatch);
  return { database, targets: [{ id, rev }], bulk: false };
};

/** One `_all_docs` row as [id, current]; none for a document that does not exist. */
const currentOf = (row: unknown): [string, Current][] => {
  if (!isRecord(row) || typeof row['id'] !== 'string' || !isRecord(row['value'])) return [];
  const { rev, deleted } = row['value'];
  return typeof rev === 'string' ? [[row['id'], { rev, deleted: deleted === true }]] : [];
};

/** The current revisions of some documents, read as the server admin (undefined: no answer). */
const currentRevisions = async (
  options: StaleWriteOptions,
  database: string,
  ids: readonly string[],
): Promise<Map<string, Current> | undefined> => {
  const answer = await fetch(`${options.url()}/${encodeURIComponent(database)}/_all_docs`, {
    method: 'POST',
    headers: {
      authorization: basicAuth(options.admin),
      accept: 'application/json',
      'content-type': 'application/json',
    },
    body: JSON.stringify({ keys: ids }),
  });
  if (!answer.ok) return undefined;
  const body: unknown = await answer.json();
  const rows = isRecord(body) && Array.isArray(body['rows']) ? (body['rows'] as unknown[]) : [];
  return new Map(rows.flatMap(currentOf));
};

const parsed = (body: unknown): unknown => {
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
  try {
    return typeof text === 'string' ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
};

const isRefusal = (row: unknown) => isRecord(row) && row['error'] === 'forbidden';

/**
 * express-pouchdb's `_bulk_docs` rows put back in the order the client sent the documents, stale
 * rows as conflicts in their places. PouchDB's validation wrapper answers its refusals first and
 * the written rows after them, so a row is taken by the id it names (in turn, for an id sent twice);
 * a row naming no document sent (one whose id the server chose) fills a place whose id is blank.
 */
export const inSentOrder = (
  answer: readonly unknown[],
  targets: readonly Target[],
  stale: readonly (Target | undefined)[],
): unknown[] => {
  const sent = new Set(targets.map((target) => target.id));
  const byId = new Map<string, unknown[]>();
  const unnamed: unknown[] = [];
  for (const row of answer) {
    const id = isRecord(row) && typeof row['id'] === 'string' ? row['id'] : undefined;
    if (id === undefined || !sent.has(id)) {
      unnamed.push(row);
      continue;
    }
    const rows = byId.get(id) ?? [];
    rows.push(row);
    byId.set(id, rows);
  }
  return targets.map((target, index) => {
    if (stale[index]) return { id: target.id, ...CONFLICT };
    return byId.get(target.id)?.shift() ?? unnamed.shift();
  });
};

/**
 * express-pouchdb's answer, corrected, in the order the client sent the documents: the stale rows
 * found before get their 409 back in place; and a refusal of a document that is no longer at the
 * revision the write named is a 409 too. The server's own replication (`_replicator`) writes in
 * the process, past this lock, and one landing between the check and PouchDB's validation makes
 * the write stale: validation judged it against the newer version, as CouchDB never does.
 */
const correctAnswer = (
  res: Response,
  options: StaleWriteOptions,
  write: { database: string; targets: readonly Target[]; bulk: boolean },
  stale: readonly (Target | undefined)[],
) => {
  const send = res.send.bind(res);
  const staleNow = async (targets: readonly Target[]) => {
    if (targets.length === 0) return new Set<Target>();
    const current = await currentRevisions(
      options,
      write.database,
      targets.map((target) => target.id),
    );
    return new Set(targets.filter((target) => current && isStale(target, current.get(target.id))));
  };
  const corrected = async (body: unknown): Promise<[number, unknown] | undefined> => {
    const answer = parsed(body);
    if (!write.bulk) {
      const [target] = write.targets;
      if (res.statusCode !== 403 || !isRefusal(answer) || !target) return undefined;
      return (await staleNow([target])).size > 0 ? [409, CONFLICT] : undefined;
    }
    if (res.statusCode !== 201 || !Array.isArray(answer)) return undefined;
    const rows = inSentOrder(answer as unknown[], write.targets, stale);
    const refused = write.targets.filter((_target, index) => isRefusal(rows[index]));
    const nowStale = await staleNow(refused);
    return [
      201,
      rows.map((row, index) => {
        const target = write.targets[index];
        return target && nowStale.has(target) ? { id: target.id, ...CONFLICT } : row;
      }),
    ];
  };
  res.send = (body?: unknown) => {
    corrected(body).then(
      (answer) => {
        if (!answer) {
          send(body);
          return;
        }
        res.status(answer[0]);
        send(Buffer.from(`${JSON.stringify(answer[1])}\n`, 'utf8'));
      },
      () => send(body),
    );
    return res;
  };
};

/** The middleware, mounted after the guard and in front of express-pouchdb. */
export const refuseStaleWrites = (options: StaleWriteOptions): RequestHandler => {
  const lock = createKeyedLock();
  return (req, res, next) => {
    void (async () => {
      const write = await targetsOf(req, res);
      const ids = write?.targets.map((target) => target.id).filter((id) => id !== '') ?? [];
      if (!write || ids.length === 0) {
        next();
        return;
      }
      const release = await lock(ids.map((id) => `${write.database}\u0000${id}`));
      res.once('close', release);
      res.once('finish', release);
      const current = await currentRevisions(options, write.database, ids).catch(() => undefined);
      if (!current) {
        // No such database, or no answer: express-pouchdb answers as it would have.
        next();
        return;
      }
      const stale = write.targets.map((target) =>
        target.id !== '' && isStale(target, current.get(target.id)) ? target : undefined,
      );
      const staleCount = stale.filter(Boolean).length;
      if (staleCount === 0) {
        correctAnswer(res, options, write, stale);
        next();
        return;
      }
      if (!write.bulk) {
        res.status(409).json(CONFLICT);
        return;
      }
      if (staleCount === write.targets.length) {
        res.status(201).json(stale.map((target) => ({ id: target?.id, ...CONFLICT })));
        return;
      }
      const body = req.body as Record<string, unknown> & { docs: unknown[] };
      req.body = { ...body, docs: body.docs.filter((_doc, index) => !stale[index]) };
      correctAnswer(res, options, write, stale);
      next();
    })().catch((error: unknown) => {
      if (error instanceof InvalidBody) {
        res.status(error.status).json({ error: 'bad_request', reason: 'invalid_json' });
      } else next(error);
    });
  };
};
