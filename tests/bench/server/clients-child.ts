// The simulated installations of `npm run bench:server`, in one process apart from the server's.
// Each person writes every 10–30 s (uniformly; the first within 30 s) what their role writes most:
// mentors a message in their programme's channel or an edit of their report draft, managers a
// task edit or a message, admins an edit of their profile. Every write carries a mark with its
// time; every installation reports each mark it receives and how late.
import { passwordOf } from '../../server/harness';
import type { CollectionName } from '../../../shared/schema';
import { programmeChannelId } from '../../../shared/sync/layout';
import { layouts, type LayoutName } from './layouts';
import { benchOrganisation, type BenchOrganisation, type Person } from './organisation';
import { openConnections, startSimulatedClient, type SimulatedClient } from './simulated-client';

export interface ClientsPlan {
  readonly url: string;
  readonly size: number;
  readonly layout: LayoutName;
  /** The live feeds: one longpoll per database, or one multiplexed request per person. */
  readonly feeds: FeedMode;
  readonly steadyMs: number;
  readonly graceMs: number;
}

export interface WriteDone {
  readonly mark: string;
  readonly writer: string;
  readonly database: string;
}

export type FeedMode = 'per-database' | 'multiplexed';

export type ClientsReply =
  | { readonly type: 'ready'; readonly feeds: number }
  | {
      readonly type: 'done';
      readonly writes: readonly WriteDone[];
      /** Per receiving person: [mark, latency ms]. */
      readonly received: Readonly<Record<string, readonly (readonly [string, number])[]>>;
      readonly errors: readonly string[];
      readonly cpuMicros: number;
      /** Connections open to the server, averaged over samples through the steady phase. */
      readonly openConnections: number;
    };
export type ClientsRequest = { readonly type: 'go' };

const reply = (message: ClientsReply) => process.send?.(message);
const between = (low: number, high: number) => low + Math.random() * (high - low);

const writeOf = (
  org: BenchOrganisation,
  person: Person,
  n: number,
  mark: string,
): { collection: CollectionName; doc: Record<string, unknown> } => {
  const now = new Date().toISOString();
  const find = (collection: CollectionName, id: string) => {
    const doc = (org.docs[collection] as readonly { id: string }[]).find((d) => d.id === id);
    if (!doc) throw new Error(`No ${collection} ${id}.`);
    return doc as Record<string, unknown>;
  };
  const programmeId = person.programmeId ?? '';
  const message = () => ({
    collection: 'messages' as const,
    doc: {
      id: `msg-${person.name}-${n}`,
      chatId: programmeChannelId(programmeId),
      createdBy: person.name,
      body: mark,
      createdAt: now,
      updatedAt: now,
    },
  });
  switch (person.role) {
    case 'admin':
      return {
        collection: 'users',
        doc: { ...find('users', person.name), bio: mark, updatedAt: now },
      };
    case 'manager': {
      if (n % 2 === 0) return message();
      const mentors = org.people.filter(
        (p) => p.role === 'mentor' && p.programmeId === programmeId,
      );
      const mentor = mentors[n % Math.max(1, mentors.length)];
      if (!mentor) return message();
      return {
        collection: 'tasks',
        doc: { ...find('tasks', `task-${mentor.name}`), description: mark, updatedAt: now },
      };
    }
    case 'mentor':
      return n % 2 === 0
        ? message()
        : {
            collection: 'reports',
            doc: { ...find('reports', `draft-${person.name}`), achievements: mark, updatedAt: now },
          };
  }
};

const main = async () => {
  const plan = await new Promise<ClientsPlan>((resolve) => {
    process.once('message', (message) => resolve(message as ClientsPlan));
  });
  const layout = layouts(plan.size)[plan.layout];
  const org = benchOrganisation(plan.size);
  const errors: string[] = [];
  const received: Record<string, [string, number][]> = {};
  const clients = new Map<string, SimulatedClient>();
  let feeds = 0;
  // Sign in a few at a time: a whole organisation does not start its app in the same millisecond.
  for (let start = 0; start < org.people.length; start += 10) {
    await Promise.all(
      org.people.slice(start, start + 10).map(async (person) => {
        const databases = layout.feedsOf(person);
        feeds += databases.length;
        const mine: [string, number][] = [];
        received[person.name] = mine;
        clients.set(
          person.name,
          await startSimulatedClient({
            url: plan.url,
            name: person.name,
            password: passwordOf(person.name),
            databases,
            multiplexed: plan.feeds === 'multiplexed',
            events: {
              received: (mark, latencyMs) => mine.push([mark, latencyMs]),
              error: (what) => errors.push(`${person.name}: ${what}`),
            },
          }),
        );
      }),
    );
  }
  // The longpolls are sent; give the server a moment to have every one of them waiting.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  reply({ type: 'ready', feeds });
  await new Promise<void>((resolve) => {
    process.once('message', () => resolve());
  });

  const cpuBefore = process.cpuUsage();
  const samples: number[] = [];
  const sampler = setInterval(() => samples.push(openConnections()), 5_000);
  const writes: WriteDone[] = [];
  const ends = Date.now() + plan.steadyMs;
  await Promise.all(
    org.people.map(async (person) => {
      const client = clients.get(person.name);
      if (!client) return;
      await new Promise((resolve) => setTimeout(resolve, between(0, 30_000)));
      for (let n = 0; Date.now() < ends; n += 1) {
        const mark = `bench:${person.name}:${n}:${Date.now()}`;
        const { collection, doc } = writeOf(org, person, n, mark);
        const { database, couchId } = layout.placeOf(collection, doc, person);
        const { id: _id, ...fields } = doc;
        try {
          await client.write({ database, doc: { ...fields, _id: couchId } });
          writes.push({ mark, writer: person.name, database });
        } catch (error) {
          errors.push(`${person.name} writing ${collection}: ${String(error)}`);
        }
        const pause = Math.min(between(10_000, 30_000), Math.max(0, ends - Date.now()));
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }),
  );
  clearInterval(sampler);
  await new Promise((resolve) => setTimeout(resolve, plan.graceMs));
  await Promise.all([...clients.values()].map((client) => client.stop()));
  const cpu = process.cpuUsage(cpuBefore);
  reply({
    type: 'done',
    writes,
    received,
    errors,
    cpuMicros: cpu.user + cpu.system,
    openConnections: samples.reduce((sum, n) => sum + n, 0) / Math.max(1, samples.length),
  });
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
