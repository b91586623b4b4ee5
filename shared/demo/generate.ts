import { newId } from '../domain/ids';
import { NONE } from '../schema/fields';
import type { CollectionName, DocOf } from '../schema/index';
import { membershipId } from '../schema/programmeMembers';
import type { ProgrammeStatus } from '../schema/programmes';
import type { ReferenceListKind } from '../schema/referenceLists';
import { createPrng } from './prng';
import { addWork } from './activity';
import * as words from './words';

/**
 * A deterministic demo organisation: 1 admin, 3 managers, 20 mentors, 5 programmes in every state,
 * and their members, applications, tasks, reports, certificates, chats, forum and notifications.
 * The same options give the same documents; `reports` and `tasks` scale it for benchmarks.
 */
export interface DemoOptions {
  readonly seed?: number;
  /** ISO time "now" of the organisation; everything happened in the half-year before it. */
  readonly now?: string;
  readonly tasks?: number;
  readonly reports?: number;
  readonly messages?: number;
}

export type DemoOrganisation = { [C in CollectionName]: DocOf<C>[] };

/** The password of every demo account (the server's provisioning creates the accounts). */
export const DEMO_PASSWORD = 'mentor-demo';

const DAY = 86_400_000;

export const generateDemoOrganisation = (options: DemoOptions = {}): DemoOrganisation => {
  const prng = createPrng(options.seed ?? 1);
  const nowMs = Date.parse(options.now ?? '2025-06-01T09:00:00.000Z');
  /** A time `daysAgo` days before now, plus up to a day of jitter, and its id-friendly ms. */
  const when = (daysAgo: number): { ms: number; iso: string } => {
    const ms = nowMs - Math.floor(daysAgo * DAY) + prng.int(0, DAY / 2);
    return { ms, iso: new Date(Math.min(ms, nowMs)).toISOString() };
  };
  const id = (ms: number) => newId(prng.bytes, ms);
  const stamp = (iso: string) => ({ createdAt: iso, updatedAt: iso });
  const org: DemoOrganisation = {
    users: [],
    userDetails: [],
    programmes: [],
    programmeMembers: [],
    applications: [],
    tasks: [],
    referenceLists: [],
    reports: [],
    certificates: [],
    chats: [],
    messages: [],
    forumPosts: [],
    notifications: [],
  };

  // People. Their ids are their account names (schema/users).
  const founded = when(400).iso;
  const person = (username: string, role: 'admin' | 'manager' | 'mentor', index: number) => {
    const [country, city] = words.countries[index % words.countries.length] ?? ['Ghana', 'Accra'];
    org.users.push({
      id: username,
      username,
      role,
      email: `${username}@demo.mmm.example`,
      fullName: `${words.firstNames[index % words.firstNames.length] ?? 'Ada'} ${prng.pick(words.lastNames)}`,
      profileComplete: index % 5 !== 4,
      country,
      city,
      social: {
        github: `https://github.com/${username}`,
        linkedin: `https://www.linkedin.com/in/${username}`,
      },
      website: `https://${username}.demo.mmm.example`,
      bio: prng.pick(words.sentences),
      headline: prng.pick(words.jobRoleNames),
      dateCreated: founded,
      ...stamp(founded),
    });
    return username;
  };
  const admin = person('admin', 'admin', 0);
  const managers = [1, 2, 3].map((n) => person(`manager${n}`, 'manager', n));
  const mentors = Array.from({ length: 20 }, (_, n) =>
    person(`mentor${String(n + 1).padStart(2, '0')}`, 'mentor', n + 4),
  );

  const listEntry = (list: ReferenceListKind, name: string) => {
    const entry = { id: id(nowMs - 390 * DAY), list, name, createdBy: admin, ...stamp(founded) };
    org.referenceLists.push(entry);
    return entry;
  };
  const techStackEntries = words.techStackNames.map((name) => listEntry('techStack', name));
  for (const name of words.jobRoleNames) listEntry('jobRole', name);

  mentors.forEach((userId, n) => {
    const at = when(300 - n * 5).iso;
    const approved = n % 7 !== 6;
    org.userDetails.push({
      id: id(Date.parse(at)),
      userId,
      managerId: managers[n % 3] ?? NONE,
      previousRoles: prng.sample(words.jobRoleNames, prng.int(0, 2)),
      previousProgrammes: n % 3 === 0 ? ['Community mentoring 2022'] : [],
      programmeOfInterest: NONE,
      yearsOfTechnicalExperience: prng.int(0, 15),
      beenMentorBefore: prng.chance(0.4),
      technicalProficiency: prng.sample(techStackEntries, prng.int(1, 4)).map((stack) => stack.id),
      status: approved ? 'approved' : 'submitted',
      approved,
      ...(approved ? { approvedBy: managers[n % 3] ?? admin, approvedAt: at } : {}),
      ...stamp(at),
    });
  });

  // Programmes in every state, with members and applications.
  const statuses: ProgrammeStatus[] = ['active', 'active', 'completed', 'archived', 'archived'];
  const programmeMentors = new Map<string, string[]>();
  statuses.forEach((status, n) => {
    const created = when(200 - n * 10);
    const createdBy = managers[n % 3] ?? admin;
    const programmeId = id(created.ms);
    const completed =
      status === 'completed' || (status === 'archived' && n === 3) ? when(40) : undefined;
    const archived = status === 'archived' ? when(20) : undefined;
    org.programmes.push({
      id: programmeId,
      name: words.programmeNames[n] ?? `Programme ${n}`,
      description: `${prng.pick(words.sentences)} ${prng.pick(words.sentences)}`,
      createdBy,
      status,
      dateCreated: created.iso,
      ...(completed ? { completedBy: createdBy, dateCompleted: completed.iso } : {}),
      ...(archived ? { archivedBy: admin, dateArchived: archived.iso } : {}),
      criteria: [
        { id: 'motivation', label: 'Why do you want to join?', type: 'longText', required: true },
        {
          id: 'years',
          label: 'Years of experience',
          type: 'number',
          required: true,
          min: 0,
          max: 60,
        },
        {
          id: 'track',
          label: 'Track',
          type: 'singleChoice',
          required: true,
          options: ['web', 'data', 'mobile'],
        },
        {
          id: 'mentoredBefore',
          label: 'Have you mentored before?',
          type: 'yesNo',
          required: false,
        },
      ],
      ...stamp(created.iso),
      updatedAt: (archived ?? completed ?? created).iso,
    });
    const member = (userId: string, role: 'manager' | 'mentor', by: string) =>
      org.programmeMembers.push({
        id: membershipId(programmeId, userId),
        programmeId,
        userId,
        role,
        createdBy: by,
        ...stamp(created.iso),
      });
    member(createdBy, 'manager', createdBy);
    if (n % 2 === 0) member(managers[(n + 1) % 3] ?? admin, 'manager', createdBy);
    const chosen = prng.sample(mentors, 8);
    programmeMentors.set(programmeId, chosen);
    const others = mentors.filter((m) => !chosen.includes(m)).slice(0, status === 'active' ? 4 : 1);
    for (const userId of [...chosen, ...others]) {
      const applied = when(190 - n * 10).iso;
      const decision = chosen.includes(userId)
        ? 'approved'
        : status === 'active' && prng.chance(0.6)
          ? 'pending'
          : 'declined';
      org.applications.push({
        id: id(Date.parse(applied)),
        programmeId,
        userId,
        status: decision,
        answers: {
          motivation: prng.pick(words.sentences),
          years: prng.int(0, 12),
          track: prng.pick(['web', 'data', 'mobile']),
        },
        ...(decision === 'pending' ? {} : { decidedBy: createdBy, decidedAt: applied }),
        ...stamp(applied),
      });
      if (decision === 'approved') member(userId, 'mentor', createdBy);
    }
  });

  addWork(org, { prng, when, id, stamp, admin, managers, programmeMentors, options });
  return org;
};
