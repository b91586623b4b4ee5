import { collectFileRefs, sweepStep } from '../../shared/domain/file-refs';
import { FILE_ATTACHMENT, FILE_ID_PREFIX, hexOfFileDocId } from '../../shared/domain/files';
import { docPath, expectStatus, type CouchClient } from '../provision/couchClient';

/**
 * Collection of files nothing refers to any more (docs/FILES.md "Collection"), through a server
 * admin's HTTP access — so the same code runs inside the embedded server (periodically) and
 * against Apache CouchDB 3 (`npm run server:collect-files`).
 *
 * Per database where members write files (the organisation's, programmes', people's, chats'):
 * a file document is removed when no other document of that database refers to it, and has not
 * for the grace period (marks kept in the database's `_local/` document, which never replicates).
 * The deciders' copies are never collected here: they came with the details and applications by
 * the server's replication, and the removal in the person's database reaches them the same way
 * (a person's `-up` replication and the inbox's carry `files:` tombstones), so a copy in
 * `mmm-decisions` never goes while its source is there. The inbox is only a way through.
 */

/** The databases members write files into (shared/sync/layout `filesWrittenIn`). */
const FILE_DATABASE = /^mmm-(org|programme-[0-9a-f]+|person-[0-9a-f]+|chat-[0-9a-f]+)$/;
export const isFileDatabase = (name: string): boolean => FILE_DATABASE.test(name);

/** Where a database keeps the marks of its collection. */
const MARKS_ID = '_local/mmm-files-collection';

const PAGE = 500;

export interface FileDoc {
  readonly hex: string;
  readonly rev: string;
  readonly createdBy: string;
  readonly size: number;
}

type Row = { id: string; value?: { rev?: string }; doc?: Record<string, unknown> | null };

const rowsOf = (body: unknown): Row[] =>
  Array.isArray((body as { rows?: unknown } | null)?.rows) ? (body as { rows: Row[] }).rows : [];

export const fileDatabases = async (client: CouchClient): Promise<string[]> => {
  const all = expectStatus(await client.request('GET', '/_all_dbs'), [200], 'Listing databases');
  return (Array.isArray(all.body) ? (all.body as unknown[]) : [])
    .filter((name): name is string => typeof name === 'string')
    .filter(isFileDatabase);
};

/** The file documents of a database, with their uploader and size (no bytes read). */
export const fileDocsIn = async (client: CouchClient, database: string): Promise<FileDoc[]> => {
  const range = `startkey=${encodeURIComponent(JSON.stringify(FILE_ID_PREFIX))}&endkey=${encodeURIComponent(JSON.stringify(`${FILE_ID_PREFIX}\ufff0`))}`;
  const answer = await client.request(
    'GET',
    `/${encodeURIComponent(database)}/_all_docs?include_docs=true&${range}`,
  );
  if (answer.status === 404) return [];
  expectStatus(answer, [200], `Listing the files of ${database}`);
  return rowsOf(answer.body).flatMap((row) => {
    const hex = hexOfFileDocId(row.id);
    const doc = row.doc;
    if (hex === undefined || !doc) return [];
    const attachment = (doc['_attachments'] as Record<string, { length?: unknown }> | undefined)?.[
      FILE_ATTACHMENT
    ];
    return [
      {
        hex,
        rev: String(doc['_rev']),
        createdBy: typeof doc['createdBy'] === 'string' ? doc['createdBy'] : '',
        size: typeof attachment?.length === 'number' ? attachment.length : 0,
      },
    ];
  });
};

/** Every file the documents of a database refer to (files, design and local documents aside). */
export const referencedIn = async (client: CouchClient, database: string): Promise<Set<string>> => {
  const referenced = new Set<string>();
  let after: string | undefined;
  for (;;) {
    const from =
      after === undefined ? '' : `&startkey=${encodeURIComponent(JSON.stringify(after))}&skip=1`;
    const answer = expectStatus(
      await client.request(
        'GET',
        `/${encodeURIComponent(database)}/_all_docs?include_docs=true&limit=${PAGE}${from}`,
      ),
      [200],
      `Reading the documents of ${database}`,
    );
    const rows = rowsOf(answer.body);
    for (const row of rows) {
      if (row.id.startsWith(FILE_ID_PREFIX) || row.id.startsWith('_design/')) continue;
      collectFileRefs(row.doc, referenced);
    }
    if (rows.length < PAGE) return referenced;
    after = rows[rows.length - 1]?.id;
  }
};

export interface CollectedFile extends FileDoc {
  readonly database: string;
}

/** One database's collection step: what it removed. */
export const collectFilesIn = async (
  client: CouchClient,
  database: string,
  options: { readonly now: string; readonly graceMs: number },
): Promise<CollectedFile[]> => {
  const files = await fileDocsIn(client, database);
  const marksPath = docPath(database, MARKS_ID);
  const stored = await client.request('GET', marksPath);
  const marksDoc = stored.status === 200 ? (stored.body as Record<string, unknown>) : undefined;
  if (files.length === 0 && marksDoc === undefined) return [];
  const referenced = files.length === 0 ? new Set<string>() : await referencedIn(client, database);
  const step = sweepStep({
    present: files.map((file) => file.hex),
    protectedHexes: referenced,
    marks: (marksDoc?.['unreferencedSince'] as Record<string, string> | undefined) ?? {},
    now: options.now,
    graceMs: options.graceMs,
  });
  const removed: CollectedFile[] = [];
  for (const file of files.filter((each) => step.remove.includes(each.hex))) {
    const answer = await client.request(
      'DELETE',
      `${docPath(database, `${FILE_ID_PREFIX}${file.hex}`)}?rev=${encodeURIComponent(file.rev)}`,
    );
    // 409: written again meanwhile (its bytes sent again): it stays, and is looked at next time.
    if (answer.status === 200 || answer.status === 202) removed.push({ ...file, database });
  }
  const before = (marksDoc?.['unreferencedSince'] ?? {}) as Record<string, string>;
  const same =
    Object.keys(before).length === Object.keys(step.marks).length &&
    Object.entries(step.marks).every(([hex, since]) => before[hex] === since);
  if (same && marksDoc !== undefined) return removed;
  expectStatus(
    await client.request('PUT', marksPath, {
      ...(marksDoc?.['_rev'] === undefined ? {} : { _rev: marksDoc['_rev'] }),
      unreferencedSince: step.marks,
    }),
    [201, 200],
    `Keeping the collection marks of ${database}`,
  );
  return removed;
};

/** Every database's collection step, one database at a time (a server busy with people first). */
export const collectFiles = async (
  client: CouchClient,
  options: {
    readonly now: string;
    readonly graceMs: number;
    readonly removed?: (file: CollectedFile) => void;
  },
): Promise<CollectedFile[]> => {
  const removed: CollectedFile[] = [];
  for (const database of await fileDatabases(client)) {
    for (const file of await collectFilesIn(client, database, options)) {
      removed.push(file);
      options.removed?.(file);
    }
  }
  return removed;
};
