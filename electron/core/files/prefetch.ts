import { combineLatest, debounceTime, map } from 'rxjs';
import type { Observable } from 'rxjs';
import type { AppDatabase } from '../database/app-database';

/** At most this many files fetched ahead in one go (the rest come when next asked, or next time). */
export const PREFETCH_LIMIT = 50;

/**
 * The files a person is likely to open offline (docs/FILES.md): the CVs of the mentor details they
 * can see (their own; for admins and managers, everyone's, which is their approvals inbox) and the
 * pictures of the programmes they see. Follows the database: new details arriving by sync are
 * fetched ahead too.
 */
export const filesToPrefetch = (database: AppDatabase): Observable<readonly string[]> =>
  combineLatest([database.userDetails.find().$, database.programmes.find().$]).pipe(
    debounceTime(500),
    map(([details, programmes]) => [
      ...new Set([
        ...details.flatMap((doc) => (doc.document ? [doc.document.ref] : [])),
        ...programmes.flatMap((doc) => (doc.picture ? [doc.picture.ref] : [])),
      ]),
    ]),
  );

/** Fetches, one at a time, those of `refs` this machine lacks; a file it cannot have is passed over. */
export const prefetch = async (
  refs: readonly string[],
  has: (ref: string) => Promise<boolean>,
  download: (ref: string) => Promise<unknown>,
): Promise<number> => {
  let fetched = 0;
  for (const ref of refs) {
    if (fetched >= PREFETCH_LIMIT) break;
    if (await has(ref)) continue;
    if ((await download(ref)) === undefined) continue;
    fetched += 1;
  }
  return fetched;
};
