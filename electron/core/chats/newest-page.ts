import type { MessageDoc } from '../../../shared/schema';
import { byWritingOrder } from '../../../shared/domain/conversations';
import { collectionOf, queryDocs } from '../workspace';
import type { Workspace } from '../workspace';

/** The first window looked at, back from now; it doubles until it holds a page. */
const FIRST_WINDOW_MS = 60 * 60 * 1000;
/** Past this, the window covers any message (ISO dates start in year 0000). */
const EPOCH = '0000-01-01T00:00:00.000Z';
const MIN_TIME = Date.parse('1970-01-02T00:00:00.000Z');
/** The window may hold up to this many pages: reading them beats more counting. */
const PAGES_READ = 3;

/**
 * A chat's newest `limit` messages, oldest first, and whether there are earlier ones. RxDB's
 * planner serves only ascending sorts from an index, so "newest first" would read and sort the
 * whole chat (2.9 s at 100,000 messages, measured); instead a window back from now is found by
 * counts SQLite answers from the index alone — doubling until it holds a page, then narrowed to at
 * most a few pages — and only that window's messages are read, in index order.
 */
export const newestPage = async (
  workspace: Workspace,
  chatId: string,
  limit: number,
  now: number = Date.parse(workspace.now()),
): Promise<{ messages: MessageDoc[]; hasEarlier: boolean }> => {
  const messages = collectionOf(workspace, 'messages');
  const countSince = (ms: number) =>
    messages
      .count({ selector: { chatId, createdAt: { $gte: new Date(ms).toISOString() } } })
      .exec();
  const total = await messages.count({ selector: { chatId } }).exec();
  let since = EPOCH;
  if (total > limit) {
    // Back from now, doubling, until the window holds a page; then halve the gap to the last
    // window that did not, until the window holds at most a few pages.
    let newer = now + FIRST_WINDOW_MS;
    let older = now - FIRST_WINDOW_MS;
    for (let window = FIRST_WINDOW_MS; (await countSince(older)) < limit; window *= 2) {
      newer = older;
      older = now - window * 2;
      if (older < MIN_TIME) break;
    }
    if (older >= MIN_TIME) {
      while (newer - older > 1000) {
        const middle = Math.floor((older + newer) / 2);
        const count = await countSince(middle);
        if (count < limit) newer = middle;
        else if (count > limit * PAGES_READ) older = middle;
        else {
          older = middle;
          break;
        }
      }
      since = new Date(older).toISOString();
    }
  }
  const inWindow = await queryDocs(workspace, 'messages', {
    selector: { chatId, createdAt: { $gte: since } },
    sort: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  inWindow.sort(byWritingOrder);
  const page = inWindow.slice(Math.max(0, inWindow.length - limit));
  return { messages: page, hasEarlier: total > page.length };
};
