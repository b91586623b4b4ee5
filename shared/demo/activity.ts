import { newCertificateCode } from '../domain/certificateCode';
import { programmeChannelId } from '../domain/conversations';
import { buildNotification } from '../domain/notifications';
import { NONE } from '../schema/fields';
import type { DocOf } from '../schema/index';
import type { DemoOptions, DemoOrganisation } from './generate';
import type { Prng } from './prng';
import * as words from './words';

const DAY = 86_400_000;

export interface WorkContext {
  prng: Prng;
  when: (daysAgo: number) => { ms: number; iso: string };
  id: (ms: number) => string;
  stamp: (iso: string) => { createdAt: string; updatedAt: string };
  admin: string;
  managers: string[];
  programmeMentors: Map<string, string[]>;
  options: DemoOptions;
}

/** Tasks, reports, certificates, conversations and notifications, sized by the options. */
export const addWork = (org: DemoOrganisation, c: WorkContext): void => {
  const { prng, when, id, stamp, admin } = c;
  const programmes = org.programmes;
  const tasksByProgramme = new Map<string, string[]>();
  for (let n = 0; n < (c.options.tasks ?? 40); n += 1) {
    const programme = programmes[n % programmes.length];
    if (!programme) break;
    const people = c.programmeMentors.get(programme.id) ?? [];
    const status =
      programme.status === 'active'
        ? prng.pick(['unassigned', 'pending', 'in_progress', 'completed'] as const)
        : 'completed';
    const at = when(prng.int(25, 180)).iso;
    const taskId = id(Date.parse(at));
    org.tasks.push({
      id: taskId,
      title: `${prng.pick(words.verbs)} ${prng.pick(words.things)}`,
      description: prng.pick(words.sentences),
      dateCreated: at,
      createdBy: programme.createdBy,
      status,
      programmeId: programme.id,
      assignees: status === 'unassigned' ? [] : prng.sample(people, prng.int(1, 3)),
      ...stamp(at),
    });
    tasksByProgramme.set(programme.id, [...(tasksByProgramme.get(programme.id) ?? []), taskId]);
  }

  const reportCount = c.options.reports ?? 60;
  for (let n = 0; n < reportCount; n += 1) {
    const programme = programmes[n % programmes.length];
    if (!programme) break;
    const tasks = tasksByProgramme.get(programme.id) ?? [];
    const taskId = tasks.length > 0 && prng.chance(0.7) ? prng.pick(tasks) : NONE;
    const at = when(prng.int(0, 170)).iso;
    const submitted = programme.status !== 'active' || prng.chance(0.8);
    org.reports.push({
      id: id(Date.parse(at)),
      type: taskId === NONE ? 'programme' : 'task',
      title: `Week ${(n % 26) + 1}: ${prng.pick(words.things)}`,
      achievements: prng.pick(words.sentences),
      blockers: prng.pick(words.sentences),
      recommendations: prng.pick(words.sentences),
      dateCreated: at,
      createdBy: prng.pick(c.programmeMentors.get(programme.id) ?? c.managers),
      taskId,
      programmeId: programme.id,
      state: submitted ? 'submitted' : 'draft',
      ...(submitted ? { submittedAt: at } : {}),
      ...stamp(at),
    });
  }

  // Certificates for finished programmes, generated and waiting for an admin (or not generated
  // yet). None is issued: an issued certificate carries an admin's signature, made with a key on
  // that admin's machine, which no demo can have.
  const cycle = ['pending_approval', 'pending_approval', 'pending_generation'] as const;
  const holderNameOf = (userId: string) =>
    org.users.find((user) => user.id === userId)?.fullName ?? userId;
  for (const programme of programmes.filter((p) => p.dateCompleted !== undefined)) {
    (c.programmeMentors.get(programme.id) ?? []).forEach((userId, n) => {
      const status = cycle[n % cycle.length] ?? 'approved';
      const at = when(30).iso;
      const generated = status !== 'pending_generation';
      org.certificates.push({
        id: id(Date.parse(at)),
        userId,
        programmeId: programme.id,
        seriesId: `${programme.name.slice(0, 12)}-1`,
        issueDate: at.slice(0, 10),
        expirationDate: new Date(Date.parse(at) + 730 * DAY).toISOString().slice(0, 10),
        dateCreated: at,
        createdBy: programme.createdBy,
        status,
        certificateCode: generated ? newCertificateCode(prng.bytes) : NONE,
        ...(generated
          ? {
              generatedBy: programme.createdBy,
              generatedAt: at,
              holderName: holderNameOf(userId),
              programmeName: programme.name,
            }
          : {}),
        ...stamp(at),
      });
    });
  }

  // Chats: a channel per active programme, direct and group chats, and their messages.
  const everyone = org.users.map((u) => u.id);
  for (const programme of programmes.filter((p) => p.status === 'active')) {
    const at = when(150).iso;
    // The id the channel had before: drawn all the same, so the rest of the demo stays as it was.
    id(Date.parse(at));
    org.chats.push({
      // A channel's id is its programme's (shared/domain/conversations), as the app makes it.
      id: programmeChannelId(programme.id),
      kind: 'programme',
      title: programme.name,
      programmeId: programme.id,
      createdBy: programme.createdBy,
      memberIds: [programme.createdBy, ...(c.programmeMentors.get(programme.id) ?? [])],
      ...stamp(at),
    });
  }
  for (let n = 0; n < 6; n += 1) {
    const at = when(100 - n).iso;
    const [a = admin, b = admin, d = admin] = prng.sample(everyone, 3);
    const group = n % 3 === 0;
    org.chats.push({
      id: id(Date.parse(at)),
      kind: group ? 'group' : 'direct',
      ...(group ? { title: 'Study group' } : {}),
      programmeId: NONE,
      createdBy: a,
      memberIds: group ? [a, b, d] : [a, b],
      ...stamp(at),
    });
  }
  for (let n = 0; n < (c.options.messages ?? 120); n += 1) {
    const chat = prng.pick(org.chats);
    const at = when(prng.int(0, 90)).iso;
    org.messages.push({
      id: id(Date.parse(at)),
      chatId: chat.id,
      createdBy: prng.pick(chat.memberIds),
      body: prng.pick(words.chatLines),
      ...stamp(at),
    });
  }

  // Forum: organisation-wide and programme threads, then replies in them.
  const threads: DocOf<'forumPosts'>[] = [];
  for (let n = 0; n < 6; n += 1) {
    const at = when(120 - n * 10).iso;
    const threadId = id(Date.parse(at));
    const pinned = n === 0;
    const thread: DocOf<'forumPosts'> = {
      id: threadId,
      kind: 'thread',
      threadId,
      programmeId: n % 2 === 0 ? NONE : (programmes[n % programmes.length]?.id ?? NONE),
      title: `${prng.pick(words.verbs)} ${prng.pick(words.things)}?`,
      body: prng.pick(words.sentences),
      // Pinning is moderation: the admin opens the pinned thread.
      createdBy: pinned ? admin : prng.pick(everyone),
      pinned,
      locked: false,
      ...stamp(at),
    };
    threads.push(thread);
    org.forumPosts.push(thread);
  }
  for (let n = 0; n < 30; n += 1) {
    const thread = prng.pick(threads);
    const at = when(prng.int(0, 60)).iso;
    org.forumPosts.push({
      id: id(Date.parse(at)),
      kind: 'reply',
      threadId: thread.id,
      programmeId: thread.programmeId,
      title: NONE,
      body: prng.pick(words.sentences),
      createdBy: prng.pick(everyone),
      ...stamp(at),
    });
  }

  // Notifications about what happened above, with the ids the app derives for them.
  for (const task of org.tasks.slice(0, 30)) {
    for (const recipientId of task.assignees) {
      if (recipientId === task.createdBy) continue;
      const read = prng.chance(0.5);
      const notice = buildNotification(
        {
          recipientId,
          kind: 'task_assigned',
          entityId: task.id,
          programmeId: task.programmeId,
          event: task.createdAt,
          title: `New task: ${task.title}`,
        },
        task.createdBy,
        task.createdAt,
      );
      org.notifications.push(read ? { ...notice, read, readAt: task.createdAt } : notice);
    }
  }
  const broadcastAt = when(3).iso;
  const broadcastId = id(Date.parse(broadcastAt));
  for (const recipientId of everyone) {
    if (recipientId === admin) continue;
    org.notifications.push(
      buildNotification(
        {
          recipientId,
          kind: 'broadcast',
          entityId: broadcastId,
          event: broadcastId,
          title: 'Welcome to the new term',
          body: 'Programmes for the autumn open next week.',
        },
        admin,
        broadcastAt,
      ),
    );
  }
};
