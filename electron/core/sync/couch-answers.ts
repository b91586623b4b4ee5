import { z } from 'zod';

/**
 * The shapes of CouchDB's answers the sync reads, and the answers the fetch wrapper (couch-fetch.ts)
 * makes of them. A catch-up of 10,000 documents moves ~9 MB of JSON: the wrapper parses and checks
 * each page, and its readers (changes-pages.ts, database-feeds.ts, collection-replication.ts) take
 * that checked value as it is (`answerJson`) instead of a serialised copy to parse and check again.
 */

/**
 * A JSON object, taken as it is: a document or a revision. `z.record(z.string(), z.unknown())`
 * copies every key of every document it checks, which a catch-up paid twice per document; what
 * the fields hold is for the document's own schema (the sync engine's `checkIncoming`).
 */
export const jsonObject = z.custom<Record<string, unknown>>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  'Expected a JSON object.',
);

export const changesSchema = z.object({
  results: z.array(z.object({ id: z.string(), doc: jsonObject.nullish() }).loose()),
  last_seq: z.union([z.string(), z.number()]),
});

export type ChangeRows = z.infer<typeof changesSchema>['results'];

/** A page of changes as the wrapper hands it on, read by the feeds and the catch-up. */
export const changesPageSchema = z.object({
  results: z.array(z.object({ doc: jsonObject.nullish() }).loose()),
  last_seq: z.union([z.string(), z.number()]),
});

/** The multiplexed feed's answer (database-feeds.ts): a page or an error per database. */
export const multiplexedSchema = z.object({
  databases: z.record(
    z.string(),
    z.union([
      changesSchema,
      z.object({ error: z.string(), reason: z.string().optional() }).loose(),
    ]),
  ),
});

export const allDocsSchema = z.object({
  rows: z.array(
    z
      .object({
        key: z.string().optional(),
        id: z.string().optional(),
        value: z.object({ rev: z.string(), deleted: z.boolean().optional() }).partial().optional(),
        doc: jsonObject.nullish(),
        error: z.string().optional(),
      })
      .loose(),
  ),
});

export const bulkDocsSchema = z.array(
  z
    .object({
      id: z.string(),
      ok: z.boolean().optional(),
      error: z.string().optional(),
      reason: z.string().optional(),
    })
    .loose(),
);

export const bulkGetSchema = z.object({
  results: z.array(
    z.object({
      id: z.string(),
      docs: z.array(z.object({ ok: jsonObject.optional() }).loose()),
    }),
  ),
});

/** Answers made here, with the value they were made from. */
const madeFrom = new WeakMap<Response, unknown>();
const encoder = new TextEncoder();

/**
 * An answer of the wrapper's own: 200, JSON. Its body is written out only if something reads it
 * as bytes; `answerJson` hands on the value itself.
 */
export const jsonResponse = (value: unknown): Response => {
  const body = new ReadableStream<Uint8Array>({
    pull: (controller) => {
      controller.enqueue(encoder.encode(JSON.stringify(value)));
      controller.close();
    },
  });
  const response = new Response(body, {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });
  madeFrom.set(response, value);
  return response;
};

/**
 * An answer's JSON: the wrapper's checked value where it made the answer (shared: never to be
 * changed), else the body parsed.
 */
export const answerJson = async (response: Response): Promise<unknown> =>
  madeFrom.has(response) ? madeFrom.get(response) : await response.json();
