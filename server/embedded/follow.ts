import { basicAuth } from '../provision/couchClient';
import { databaseName } from '../provision/databaseNames';
import { ensureLockedThreads } from '../provision/locked-threads';
import { provisionDirectChat, provisionPerson } from '../provision/privateDatabases';
import { createProvisionContext, type ProvisionOptions } from '../provision/provision';

/** CouchDB 3 sequences are strings, PouchDB's numbers. */
const sequenceText = (value: unknown): string | undefined =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;

/**
 * New accounts (sign-ups, accounts an admin creates) and new direct chats need their private
 * databases at once, not at the next provisioning run: this follows `_users` and the chats database
 * and provisions each as it appears; and it follows the forum, so that a thread locked or unlocked
 * is listed (or no longer) in the forum database's `_security` for the server's reply rule. On Apache CouchDB the same functions run from
 * `npm run server:provision` (or its `--watch`, which uses this).
 */
export const followNewAccountsAndChats = (
  options: ProvisionOptions & {
    readonly log: (line: string) => void;
    /** Update sequences to follow from, read before the last full provisioning run. */
    readonly since: { readonly users: string; readonly chats: string; readonly forum: string };
  },
) => {
  const abort = new AbortController();
  // A function, not the property: the loop's condition would make the compiler think it is fixed.
  const stopped = (): boolean => abort.signal.aborted;
  const contextPromise = createProvisionContext(options);
  let queue = Promise.resolve();
  const enqueue = (work: () => Promise<void>) => {
    queue = queue.then(work).catch((error: unknown) => {
      options.log(`Provisioning failed: ${String(error)}`);
    });
  };

  const follow = async (
    database: string,
    from: string,
    onDoc: (doc: Record<string, unknown>) => void,
  ) => {
    let since = from;
    while (!stopped()) {
      try {
        const answer = await options.fetch(
          `${options.url}/${database}/_changes?feed=longpoll&timeout=20000&include_docs=true&since=${encodeURIComponent(since)}`,
          { headers: { authorization: basicAuth(options.admin) }, signal: abort.signal },
        );
        const body = (await answer.json()) as {
          results?: { doc?: Record<string, unknown> }[];
          last_seq?: unknown;
        };
        for (const { doc } of body.results ?? []) if (doc && doc._deleted !== true) onDoc(doc);
        since = sequenceText(body.last_seq) ?? since;
      } catch {
        if (stopped()) return;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  };

  const accounts = follow('_users', options.since.users, (doc) => {
    const name = doc.name;
    if (doc.type === 'user' && typeof name === 'string') {
      enqueue(async () => {
        await provisionPerson(await contextPromise, name);
      });
    }
  });
  const chats = follow(databaseName('chats'), options.since.chats, (doc) => {
    const id = doc._id;
    const members = doc.memberIds;
    if (doc.kind === 'direct' && typeof id === 'string' && Array.isArray(members)) {
      const memberIds = members.filter((m): m is string => typeof m === 'string');
      enqueue(async () => {
        await provisionDirectChat(await contextPromise, { id, memberIds });
      });
    }
  });

  // A thread locked or unlocked: the forum's `_security` lists the locked ones for the rule.
  // One listing waits at a time: a burst of threads (a big import) is listed once, not per thread.
  let listingWaits = false;
  const forum = follow(databaseName('forumPosts'), options.since.forum, (doc) => {
    if (doc.kind !== 'thread' || listingWaits) return;
    listingWaits = true;
    enqueue(async () => {
      listingWaits = false;
      const context = await contextPromise;
      await ensureLockedThreads(context.client, context.changes);
    });
  });

  return {
    /** Waits for what is being provisioned, then stops following. */
    stop: async () => {
      abort.abort();
      await Promise.allSettled([accounts, chats, forum, contextPromise]);
      await queue;
    },
    /** Resolves when everything seen so far is provisioned (tests). */
    settled: () => queue,
  };
};

/** Where each followed database is now, so nothing created during provisioning is missed. */
export const currentSequences = async (
  options: ProvisionOptions,
): Promise<{ users: string; chats: string; forum: string }> => {
  const seqOf = async (database: string) => {
    const answer = await options.fetch(`${options.url}/${database}`, {
      headers: { authorization: basicAuth(options.admin) },
    });
    // Before the first provisioning the chats database does not exist: follow it from the start.
    if (!answer.ok) return '0';
    const info = (await answer.json()) as { update_seq?: unknown };
    return sequenceText(info.update_seq) ?? '0';
  };
  return {
    users: await seqOf('_users'),
    chats: await seqOf(databaseName('chats')),
    forum: await seqOf(databaseName('forumPosts')),
  };
};
