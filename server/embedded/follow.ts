import { basicAuth } from '../provision/couchClient';
import { databaseName } from '../provision/databaseNames';
import {
  programmeOfMembershipId,
  provisionPersonDatabase,
  provisionProgrammeDatabase,
} from '../provision/layoutDatabases';
import { provisionDirectChat, provisionPerson } from '../provision/privateDatabases';
import { databaseOf, orgScope } from '../../shared/sync/layout';
import { createProvisionContext, type ProvisionOptions } from '../provision/provision';

/** CouchDB 3 sequences are strings, PouchDB's numbers. */
const sequenceText = (value: unknown): string | undefined =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;

/**
 * New accounts (sign-ups, accounts an admin creates) and new direct chats need their private
 * databases at once, not at the next provisioning run, and a programme's database must let in
 * whoever joins it and shut out whoever leaves as it happens: this follows `_users`, the chats
 * database and the organisation's database (programmes and memberships) and provisions each
 * change. On Apache CouchDB the same functions run from `npm run server:provision` (or its
 * `--watch`, which uses this).
 */
export const followNewAccountsAndChats = (
  options: ProvisionOptions & {
    readonly log: (line: string) => void;
    /** Update sequences to follow from, read before the last full provisioning run. */
    readonly since: { readonly users: string; readonly chats: string; readonly org: string };
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
    withDeleted = false,
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
        for (const { doc } of body.results ?? []) {
          if (doc && (withDeleted || doc._deleted !== true)) onDoc(doc);
        }
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
        const context = await contextPromise;
        await provisionPerson(context, name);
        await provisionPersonDatabase(context, name);
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

  // A programme made, or a membership added or removed (its tombstone too): the programme's
  // database is made, or its members are read again.
  const org = follow(
    databaseOf(orgScope),
    options.since.org,
    (doc) => {
      const id = typeof doc._id === 'string' ? doc._id : '';
      const programmeId = id.startsWith('programmes:')
        ? id.slice('programmes:'.length)
        : programmeOfMembershipId(id);
      if (programmeId === undefined) return;
      enqueue(async () => {
        await provisionProgrammeDatabase(await contextPromise, programmeId);
      });
    },
    true,
  );

  return {
    /** Waits for what is being provisioned, then stops following. */
    stop: async () => {
      abort.abort();
      await Promise.allSettled([accounts, chats, org, contextPromise]);
      await queue;
    },
    /** Resolves when everything seen so far is provisioned (tests). */
    settled: () => queue,
  };
};

/** Where each followed database is now, so nothing created during provisioning is missed. */
export const currentSequences = async (
  options: ProvisionOptions,
): Promise<{ users: string; chats: string; org: string }> => {
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
    org: await seqOf(databaseOf(orgScope)),
  };
};
