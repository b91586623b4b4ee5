import { basicAuth } from '../provision/couchClient';
import { databaseName } from '../provision/databaseNames';
import {
  chatMembersOf,
  listProgrammes,
  programmeOfMembershipId,
  provisionChatDatabase,
  provisionPersonDatabase,
  provisionProgrammeDatabase,
} from '../provision/layoutDatabases';
import { provisionLegacyDirectChat, provisionLegacyPerson } from '../provision/legacyLayout';
import { ensureLockedThreads } from '../provision/locked-threads';
import { provisionProgrammeRelations } from '../provision/programme-relations';
import {
  createProvisionContext,
  listAccounts,
  type ProvisionOptions,
} from '../provision/provision';
import type { ProvisionContext } from '../provision/provisionContext';
import { databaseOf, inboxScope, orgScope, programmeScope } from '../../shared/sync/layout';

/** CouchDB 3 sequences are strings, PouchDB's numbers. */
const sequenceText = (value: unknown): string | undefined =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;

type Doc = Record<string, unknown>;

/** What to provision when a document of a followed database changes. */
interface Followed {
  readonly database: string;
  /** Deletions matter too (a membership removed shuts its programme's database to the person). */
  readonly withDeleted: boolean;
  readonly onDoc: (doc: Doc) => ((context: ProvisionContext) => Promise<void>) | undefined;
}

type Work = (context: ProvisionContext) => Promise<void>;

/** What the followers do for the forums' locked threads (locked-threads.ts). */
interface Forums {
  /** Lists a forum database's locked threads again; undefined while a listing already waits. */
  readonly relist: (database: string) => Work | undefined;
  /** Follows a programme's database for its threads, from now (once per database). */
  readonly follow: (database: string) => void;
}

/** What the followers do for people's relations to programmes (programme-relations.ts). */
interface Relations {
  /** Lists again the relations of the people named, or of everyone; bursts are listed once. */
  readonly update: (names: readonly string[] | 'everyone') => void;
}

/**
 * Whose relations to programmes a change of the organisation's database may change: a programme's
 * creator, a membership's person (its id names them, so a tombstone does too). A programme removed
 * (a tombstone, which may not say who created it) may concern anyone.
 */
const relationsChangedBy = (id: string, doc: Doc): readonly string[] | 'everyone' | undefined => {
  if (id.startsWith('programmes:')) {
    return typeof doc.createdBy === 'string' && doc._deleted !== true
      ? [doc.createdBy]
      : 'everyone';
  }
  const person = /^programmeMembers:[^~]+~(.+)$/.exec(id)?.[1];
  return person === undefined ? undefined : [person];
};

const isThread = (doc: Doc) => doc.kind === 'thread';

const accountName = (doc: Doc) =>
  doc.type === 'user' && typeof doc.name === 'string' ? doc.name : undefined;

/**
 * What the server follows to provision changes as they happen, per layout. Partitioned: new
 * accounts get their database; a programme made, or a membership added or removed (its tombstone
 * too), makes the programme's database or sets its members again; a direct or group chat passing
 * through the inbox gets its database. Per collection (before issue 21): private databases for
 * new accounts, a database for each new direct chat.
 */
const followedFor = (
  options: ProvisionOptions,
  forums: Forums,
  relations: Relations,
): Followed[] => {
  if (options.layout === 'per-collection') {
    return [
      {
        database: databaseName('forumPosts'),
        withDeleted: false,
        onDoc: (doc) => (isThread(doc) ? forums.relist(databaseName('forumPosts')) : undefined),
      },
      {
        database: '_users',
        withDeleted: false,
        onDoc: (doc) => {
          const name = accountName(doc);
          return name ? (context) => provisionLegacyPerson(context, name) : undefined;
        },
      },
      {
        database: databaseName('chats'),
        withDeleted: false,
        onDoc: (doc) => {
          const id = doc._id;
          const members = doc.memberIds;
          if (doc.kind !== 'direct' || typeof id !== 'string' || !Array.isArray(members)) {
            return undefined;
          }
          const memberIds = members.filter((m): m is string => typeof m === 'string');
          return (context) => provisionLegacyDirectChat(context, { id, memberIds });
        },
      },
    ];
  }
  return [
    {
      database: '_users',
      withDeleted: false,
      onDoc: (doc) => {
        const name = accountName(doc);
        return name
          ? async (context) => {
              await provisionPersonDatabase(context, name);
              // An account made again under a name that had programmes, or made after them.
              relations.update([name]);
            }
          : undefined;
      },
    },
    {
      database: databaseOf(orgScope),
      withDeleted: true,
      onDoc: (doc) => {
        const id = typeof doc._id === 'string' ? doc._id : '';
        if (id.startsWith('forumPosts:')) {
          return isThread(doc) ? forums.relist(databaseOf(orgScope)) : undefined;
        }
        const people = relationsChangedBy(id, doc);
        if (people !== undefined) relations.update(people);
        const programmeId = id.startsWith('programmes:')
          ? id.slice('programmes:'.length)
          : programmeOfMembershipId(id);
        return programmeId === undefined
          ? undefined
          : async (context) => {
              await provisionProgrammeDatabase(context, programmeId);
              forums.follow(databaseOf(programmeScope(programmeId)));
            };
      },
    },
    {
      database: databaseOf(inboxScope),
      withDeleted: false,
      onDoc: (doc) => {
        const chat = chatMembersOf(doc);
        return chat ? (context) => provisionChatDatabase(context, chat) : undefined;
      },
    },
  ];
};

/**
 * `work`, or a rejection as soon as `signal` aborts. Aborting a fetch whose answer has begun does
 * not always end the reading of its body (a longpoll's headers came, its body waits for a change):
 * stopping the server waited on it for minutes.
 */
export const untilStopped = <T>(work: Promise<T>, signal: AbortSignal, onStop: () => unknown) => {
  if (signal.aborted) {
    void Promise.resolve(onStop()).catch(() => undefined);
    return Promise.reject(new Error('Stopped.'));
  }
  return new Promise<T>((resolve, reject) => {
    const stop = () => {
      void Promise.resolve(onStop()).catch(() => undefined);
      reject(new Error('Stopped.'));
    };
    signal.addEventListener('abort', stop, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
};

export type FollowedSequences = Readonly<Record<string, string>>;

/**
 * New accounts (sign-ups, accounts an admin creates), programmes, memberships and chats need
 * their databases and members at once, not at the next provisioning run: this follows the
 * databases that say so and provisions each change. A programme or membership changed also lists
 * its people's relations to programmes again (programme-relations.ts), for the rule on
 * notifications about a programme. It also follows the forums, so that a thread
 * locked or unlocked is listed (or no longer) in its database's `_security` for the server's reply
 * rule: the organisation's forum, and each programme's database from when the follower sees it.
 * On Apache CouchDB the same functions run from
 * `npm run server:provision` (or its `--watch`, which uses this).
 */
export const followProvisioning = (
  options: ProvisionOptions & {
    readonly log: (line: string) => void;
    /** Update sequences to follow from, read before the last full provisioning run. */
    readonly since: FollowedSequences;
  },
) => {
  const abort = new AbortController();
  // A function, not the property: the loop's condition would make the compiler think it is fixed.
  const stopped = (): boolean => abort.signal.aborted;
  const contextPromise = createProvisionContext(options);
  let queue = Promise.resolve();
  const enqueue = (work: (context: ProvisionContext) => Promise<void>) => {
    queue = queue
      .then(async () => work(await contextPromise))
      .catch((error: unknown) => {
        options.log(`Provisioning failed: ${String(error)}`);
      });
  };

  const follow = async ({ database, withDeleted, onDoc }: Followed, from?: string) => {
    let since = from ?? options.since[database] ?? '0';
    while (!stopped()) {
      try {
        const answer = await options.fetch(
          `${options.url}/${database}/_changes?feed=longpoll&timeout=20000&include_docs=true&since=${encodeURIComponent(since)}`,
          { headers: { authorization: basicAuth(options.admin) }, signal: abort.signal },
        );
        const body = (await untilStopped(answer.json(), abort.signal, () =>
          answer.body?.cancel(),
        )) as {
          results?: { doc?: Doc }[];
          last_seq?: unknown;
        };
        for (const { doc } of body.results ?? []) {
          if (!doc || (!withDeleted && doc._deleted === true)) continue;
          const work = onDoc(doc);
          if (work) enqueue(work);
        }
        since = sequenceText(body.last_seq) ?? since;
      } catch {
        if (stopped()) return;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  };

  // A thread locked or unlocked: the forum's `_security` lists the locked ones for the rule. One
  // listing waits per database at a time: a burst of threads (an import) is listed once.
  const listingWaits = new Set<string>();
  const followedForums = new Set<string>();
  const following: Promise<void>[] = [];
  const forums: Forums = {
    relist: (database) => {
      if (listingWaits.has(database)) return undefined;
      listingWaits.add(database);
      return async (context) => {
        listingWaits.delete(database);
        await ensureLockedThreads(context.client, context.changes, database);
      };
    },
    follow: (database) => {
      if (stopped() || followedForums.has(database)) return;
      followedForums.add(database);
      following.push(
        (async () => {
          // From now: a full provisioning run listed what came before.
          const from = await seqOf(options, database);
          await follow(
            {
              database,
              withDeleted: false,
              onDoc: (doc) => (isThread(doc) ? forums.relist(database) : undefined),
            },
            from,
          );
        })(),
      );
    },
  };
  // People's relations to programmes: one listing waits at a time, for everyone it has gathered.
  const relationsWait = { names: new Set<string>(), everyone: false, queued: false };
  const relations: Relations = {
    update: (names) => {
      if (names === 'everyone') relationsWait.everyone = true;
      else for (const name of names) relationsWait.names.add(name);
      if (relationsWait.queued) return;
      relationsWait.queued = true;
      enqueue(async (context) => {
        const everyone = relationsWait.everyone;
        const named = [...relationsWait.names];
        Object.assign(relationsWait, { names: new Set<string>(), everyone: false, queued: false });
        await provisionProgrammeRelations(
          context,
          everyone ? await listAccounts(context.client) : named,
        );
      });
    },
  };
  following.push(...followedFor(options, forums, relations).map((followed) => follow(followed)));
  if (options.layout !== 'per-collection') {
    enqueue(async (context) => {
      for (const id of await listProgrammes(context.client)) {
        forums.follow(databaseOf(programmeScope(id)));
      }
    });
  }

  return {
    /** Waits for what is being provisioned, then stops following. */
    stop: async () => {
      abort.abort();
      await Promise.allSettled([...following, contextPromise]);
      await queue;
    },
    /** Resolves when everything seen so far is provisioned (tests). */
    settled: () => queue,
  };
};

/** Where a database is now; '0' when it does not exist yet (then it is followed from the start). */
const seqOf = async (options: ProvisionOptions, database: string): Promise<string> => {
  try {
    const answer = await options.fetch(`${options.url}/${database}`, {
      headers: { authorization: basicAuth(options.admin) },
    });
    if (!answer.ok) return '0';
    const info = (await answer.json()) as { update_seq?: unknown };
    return sequenceText(info.update_seq) ?? '0';
  } catch {
    return '0';
  }
};

/** Where each followed database is now, so nothing created during provisioning is missed. */
export const currentSequences = async (options: ProvisionOptions): Promise<FollowedSequences> => {
  const sequences: Record<string, string> = {};
  const forums: Forums = { relist: () => undefined, follow: () => undefined };
  for (const { database } of followedFor(options, forums, { update: () => undefined })) {
    sequences[database] = await seqOf(options, database);
  }
  return sequences;
};
