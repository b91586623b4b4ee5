// The commands of the convergence test: what a person of each role might do next, chosen by a
// seeded generator from what their own installation shows them (offline, that may be out of date;
// the app then refuses some, which is part of the test).
import type { CommandName } from '../../../shared/contract';
import type { Prng } from '../../../shared/demo/prng';
import type { Dump } from '../remote-host';

export interface Actor {
  readonly name: string;
  readonly role: 'manager' | 'mentor';
}

export interface Command {
  readonly name: CommandName;
  readonly input: Record<string, unknown>;
}

type Doc = Record<string, unknown>;
type Choice = readonly [weight: number, make: () => Command | undefined];

const text = (doc: Doc, field: string) => (typeof doc[field] === 'string' ? doc[field] : '');
const list = (doc: Doc, field: string) =>
  Array.isArray(doc[field]) ? (doc[field] as string[]) : [];

/** A value no other command writes, so the check can tell whose write survived. */
export const uniqueValues = () => {
  let count = 0;
  return {
    text: (actor: Actor) => `${actor.name} #${++count}`,
    /** A calendar day, different for every call. */
    day: () => new Date(Date.UTC(2030, 0, 1) + ++count * 86_400_000).toISOString().slice(0, 10),
    number: () => ++count % 80,
  };
};

/** The next command of `actor`, from what their installation holds now (`view`). */
export const nextCommand = (
  prng: Prng,
  actor: Actor,
  view: Dump,
  unique: ReturnType<typeof uniqueValues>,
): Command | undefined => {
  const me = actor.name;
  const live = view.programmes.filter((p) => text(p, 'status') !== 'archived');
  const membersOf = (programmeId: string) =>
    view.programmeMembers.filter((m) => text(m, 'programmeId') === programmeId);
  const manages = (programme: Doc) =>
    text(programme, 'createdBy') === me ||
    membersOf(text(programme, 'id')).some(
      (m) => text(m, 'userId') === me && text(m, 'role') === 'manager',
    );
  const managed = live.filter(manages);
  const inProgramme = (ids: readonly Doc[]) => (doc: Doc) =>
    ids.some((p) => p['id'] === doc['programmeId']);
  const openTasks = view.tasks.filter(
    (t) => text(t, 'status') !== 'completed' && inProgramme(live)(t),
  );
  const myTasks = openTasks.filter((t) => list(t, 'assignees').includes(me));
  const peopleOf = (programmeId: string) => [
    ...new Set(membersOf(programmeId).map((m) => text(m, 'userId'))),
  ];
  const myDrafts = view.reports.filter(
    (r) => text(r, 'createdBy') === me && text(r, 'state') === 'draft',
  );
  const pick = <T>(items: readonly T[]) => (items.length > 0 ? prng.pick(items) : undefined);
  const statusMove = (task: Doc | undefined): Command | undefined => {
    if (!task) return undefined;
    const status = text(task, 'status');
    if (status !== 'pending' && status !== 'in_progress') return undefined;
    return {
      name: 'tasks.setStatus',
      input: { taskId: task['id'], status: status === 'pending' ? 'in_progress' : 'completed' },
    };
  };
  const reportText = () => ({
    title: unique.text(actor),
    achievements: unique.text(actor),
    blockers: '',
    recommendations: '',
  });
  const programmeReport = (programme: Doc | undefined) =>
    mapDoc(programme, (p) => ({
      name: 'reports.write',
      input: { type: 'programme', programmeId: p['id'], ...reportText(), submit: prng.chance(0.3) },
    }));
  const draftEdit = (): Command | undefined => {
    const draft = pick(myDrafts);
    if (!draft) return undefined;
    const field = prng.pick(['title', 'achievements', 'blockers', 'recommendations']);
    return { name: 'reports.edit', input: { reportId: draft['id'], [field]: unique.text(actor) } };
  };
  const shared: Choice[] = [
    [2, draftEdit],
    [
      1,
      () =>
        mapDoc(pick(myDrafts), (d) => ({ name: 'reports.submit', input: { reportId: d['id'] } })),
    ],
    [
      0.5,
      () =>
        mapDoc(pick(myDrafts), (d) => ({
          name: 'reports.discardDraft',
          input: { reportId: d['id'] },
        })),
    ],
    [
      1,
      () =>
        view.users.some((u) => u['id'] === me)
          ? {
              name: 'users.editProfile',
              input: {
                userId: me,
                ...(prng.chance(0.5)
                  ? { city: unique.text(actor) }
                  : { headline: unique.text(actor) }),
              },
            }
          : undefined,
    ],
  ];

  const managerChoices: Choice[] = [
    [
      3,
      () =>
        mapDoc(pick(managed), (p) => ({
          name: 'tasks.create',
          input: {
            programmeId: p['id'],
            title: unique.text(actor),
            description: '',
            assignees: prng.sample(peopleOf(text(p, 'id')), prng.int(0, 2)),
          },
        })),
    ],
    [
      4,
      () =>
        mapDoc(pick(openTasks.filter(inProgramme(managed))), (t) => ({
          name: 'tasks.edit',
          input: {
            taskId: t['id'],
            ...(prng.chance(0.5) ? { title: unique.text(actor) } : {}),
            ...(prng.chance(0.4) ? { description: unique.text(actor) } : {}),
            ...(prng.chance(0.4) ? { dueDate: prng.chance(0.8) ? unique.day() : null } : {}),
          },
        })),
    ],
    [
      3,
      () =>
        mapDoc(pick(openTasks.filter(inProgramme(managed))), (t) => ({
          name: 'tasks.assign',
          input: {
            taskId: t['id'],
            assignees: prng.sample(peopleOf(text(t, 'programmeId')), prng.int(0, 2)),
          },
        })),
    ],
    [3, () => statusMove(pick(openTasks.filter(inProgramme(managed))))],
    [
      2,
      () =>
        mapDoc(pick(managed), (p) => ({
          name: 'programmes.edit',
          input: {
            programmeId: p['id'],
            ...(prng.chance(0.5)
              ? { name: unique.text(actor) }
              : { description: unique.text(actor) }),
          },
        })),
    ],
    [
      0.3,
      () =>
        mapDoc(pick(managed.filter((p) => text(p, 'status') === 'active')), (p) => ({
          name: 'programmes.complete',
          input: { programmeId: p['id'] },
        })),
    ],
    [
      0.2,
      () =>
        mapDoc(pick(managed.filter((p) => text(p, 'name').startsWith('Spare'))), (p) => ({
          name: 'programmes.archive',
          input: { programmeId: p['id'] },
        })),
    ],
    [
      1,
      () => {
        const programme = pick(managed);
        if (!programme) return undefined;
        const id = text(programme, 'id');
        const mentors = ['mentor1', 'mentor2'];
        const member = membersOf(id).find((m) => mentors.includes(text(m, 'userId')));
        if (member && prng.chance(0.4)) {
          return {
            name: 'programmeMembers.remove',
            input: { programmeId: id, userId: member['userId'] },
          };
        }
        const outside = mentors.filter((name) => !peopleOf(id).includes(name));
        return mapDoc(pick(outside), (userId) => ({
          name: 'programmeMembers.add',
          input: { programmeId: id, userId, role: 'mentor' },
        }));
      },
    ],
    [2, () => programmeReport(pick(managed))],
    [
      2,
      () =>
        mapDoc(
          pick(
            view.applications.filter(
              (a) => text(a, 'status') === 'pending' && inProgramme(managed)(a),
            ),
          ),
          (a) => ({
            name: 'applications.decide',
            input: { applicationId: a['id'], decision: prng.chance(0.6) ? 'approved' : 'declined' },
          }),
        ),
    ],
    [
      1,
      () =>
        mapDoc(
          pick(
            view.userDetails.filter((d) => text(d, 'status') === 'submitted' && d['userId'] !== me),
          ),
          (d) => ({ name: 'userDetails.approve', input: { userDetailsId: d['id'] } }),
        ),
    ],
  ];

  const memberOf = live.filter((p) => peopleOf(text(p, 'id')).includes(me));
  const mentorChoices: Choice[] = [
    [6, () => statusMove(pick(myTasks))],
    [
      2,
      () =>
        mapDoc(pick(myTasks), (t) => ({
          name: 'reports.write',
          input: {
            type: 'task',
            programmeId: t['programmeId'],
            taskId: t['id'],
            ...reportText(),
            submit: prng.chance(0.3),
          },
        })),
    ],
    [1, () => programmeReport(pick(memberOf))],
    [
      1,
      () =>
        mapDoc(
          pick(
            live.filter(
              (p) =>
                text(p, 'status') === 'active' &&
                !peopleOf(text(p, 'id')).includes(me) &&
                !view.applications.some((a) => a['programmeId'] === p['id'] && a['userId'] === me),
            ),
          ),
          (p) => ({ name: 'applications.apply', input: { programmeId: p['id'], answers: {} } }),
        ),
    ],
    [
      1,
      () => ({
        name: 'userDetails.submit',
        input: {
          previousRoles: [unique.text(actor)],
          previousProgrammes: [],
          yearsOfTechnicalExperience: unique.number(),
          beenMentorBefore: prng.chance(0.5),
          technicalProficiency: [],
        },
      }),
    ],
  ];

  const choices = [...shared, ...(actor.role === 'manager' ? managerChoices : mentorChoices)];
  // Weighted, and on to another kind when the chosen one has nothing to act on.
  for (let attempt = 0; attempt < 8; attempt++) {
    const total = choices.reduce((sum, [weight]) => sum + weight, 0);
    let roll = prng.next() * total;
    const chosen = choices.find(([weight]) => (roll -= weight) < 0) ?? choices[0];
    const command = chosen?.[1]();
    if (command) return command;
  }
  return undefined;
};

const mapDoc = <T>(value: T | undefined, make: (value: T) => Command): Command | undefined =>
  value === undefined ? undefined : make(value);
