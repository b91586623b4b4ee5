import { combineLatest, debounceTime, map } from 'rxjs';
import type { Observable } from 'rxjs';
import { hexOfRef } from '../../../shared/domain/files';
import { ORGANISATION_SETTINGS_ID } from '../../../shared/domain/organisation';
import type { ApplicationDoc } from '../../../shared/schema';
import type { AppDatabase } from '../database/app-database';

/** At most this many files fetched ahead in one go (the rest come when next asked, or next time). */
export const PREFETCH_LIMIT = 50;

/** Chat attachments are fetched ahead for messages this recent (older ones when opened). */
export const ATTACHMENTS_AHEAD_DAYS = 14;

/** A file to fetch ahead, and the chat it was sent in (it is fetched from there only). */
export interface FileToFetch {
  readonly ref: string;
  readonly chatId?: string;
  /** Its size as the document referring to it says (small ones are fetched several at once). */
  readonly size?: number;
}

/** Files at most this big (by their documents' word) are fetched several to a request. */
export const FETCHED_TOGETHER_BYTES = 256 * 1024;

/**
 * The file references in an application's answers (criteria fields of kind `file` hold a file
 * reference, shared/domain/criteria), wherever they sit in the JSON.
 */
export const fileRefsInAnswers = (answers: unknown): string[] => {
  const found: string[] = [];
  const visit = (value: unknown, depth: number) => {
    if (depth > 4 || typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    const ref = (value as { readonly ref?: unknown }).ref;
    if (typeof ref === 'string' && hexOfRef(ref) !== undefined) found.push(ref);
    else for (const item of Object.values(value)) visit(item, depth + 1);
  };
  visit(answers, 0);
  return found;
};

/** Applications a person will likely open: their own, and those waiting for a decision. */
const inInbox = (application: ApplicationDoc, self: string) =>
  application.userId === self || application.status === 'pending';

/**
 * The files a person is likely to open offline (docs/FILES.md), most likely first: the
 * organisation's logo (every certificate printed here carries it, offline too), the files of
 * the newest chat messages they can read (the last ATTACHMENTS_AHEAD_DAYS days), the CVs of the
 * mentor details they can see (their own; for admins and managers, everyone's, which is their
 * approvals inbox), the files answering applications (their own; for deciders, those pending)
 * and the pictures of the programmes they see. Follows the database: what arrives by sync is
 * fetched ahead too.
 */
export const filesToPrefetch = (
  database: AppDatabase,
  self: string,
  now: Date,
): Observable<readonly FileToFetch[]> => {
  const since = new Date(now.getTime() - ATTACHMENTS_AHEAD_DAYS * 86_400_000).toISOString();
  return combineLatest([
    // By the createdAt index (messages v2): only the recent window is read.
    database.messages.find({
      selector: { createdAt: { $gte: since } },
      sort: [{ createdAt: 'asc' }],
    }).$,
    database.userDetails.find().$,
    database.applications.find().$,
    database.programmes.find().$,
    database.referenceLists.findOne(ORGANISATION_SETTINGS_ID).$,
  ]).pipe(
    debounceTime(500),
    map(([messages, details, applications, programmes, settings]) => {
      const files: FileToFetch[] = [
        ...(settings?.logo ? [{ ref: settings.logo.ref, size: settings.logo.size }] : []),
        ...messages
          .filter((doc) => doc.deletedAt === undefined)
          .reverse()
          .flatMap((doc) =>
            (doc.attachments ?? []).map((file) => ({
              ref: file.ref,
              chatId: doc.chatId,
              size: file.size,
            })),
          ),
        ...details.flatMap((doc) =>
          doc.document ? [{ ref: doc.document.ref, size: doc.document.size }] : [],
        ),
        ...applications
          .filter((doc) => inInbox(doc, self))
          .flatMap((doc) => fileRefsInAnswers(doc.answers).map((ref) => ({ ref }))),
        ...programmes.flatMap((doc) =>
          doc.picture ? [{ ref: doc.picture.ref, size: doc.picture.size }] : [],
        ),
      ];
      const seen = new Set<string>();
      return files.filter((file) => !seen.has(file.ref) && Boolean(seen.add(file.ref)));
    }),
  );
};

/**
 * Fetches those of `files` this machine lacks, at most PREFETCH_LIMIT: the small ones first
 * several to a request (`downloadTogether`, which says which it got: a hundred pictures are
 * round trips more than bytes), then one at a time the rest and what that did not bring. One it
 * cannot have is passed over.
 */
export const prefetch = async (
  files: readonly FileToFetch[],
  has: (ref: string) => Promise<boolean>,
  download: (file: FileToFetch) => Promise<unknown>,
  downloadTogether: (files: readonly FileToFetch[]) => Promise<ReadonlySet<string>> = () =>
    Promise.resolve(new Set()),
): Promise<number> => {
  const missing: FileToFetch[] = [];
  for (const file of files) if (!(await has(file.ref))) missing.push(file);
  const small = missing
    .filter((file) => file.size !== undefined && file.size <= FETCHED_TOGETHER_BYTES)
    .slice(0, PREFETCH_LIMIT);
  const together = small.length > 1 ? await downloadTogether(small) : new Set<string>();
  let fetched = together.size;
  for (const file of missing) {
    if (fetched >= PREFETCH_LIMIT) break;
    if (together.has(file.ref)) continue;
    if ((await download(file)) === undefined) continue;
    fetched += 1;
  }
  return fetched;
};
