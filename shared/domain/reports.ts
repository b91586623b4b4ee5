import type { ProgrammeDoc } from '../schema/programmes';
import type { ReportDoc, ReportType } from '../schema/reports';
import type { TaskDoc } from '../schema/tasks';
import { can } from './permissions';
import type { Actor } from './permissions';

/**
 * Who may report on what, who may read a report, and what an exported report is called. The
 * matrix's `reports.write` only says a report is its author's; what it may be *about* needs the
 * programme's people, which the caller looks up.
 */

/** What a new report would be about, with the people who count for it. */
export interface ReportSubject {
  readonly type: ReportType;
  readonly programme: Pick<ProgrammeDoc, 'id' | 'name'>;
  /** The task of a task report. */
  readonly task?: Pick<TaskDoc, 'id' | 'title' | 'programmeId' | 'assignees'>;
  /** The programme's creator and managers. */
  readonly managerIds: readonly string[];
  /** Everyone in the programme: its creator, managers and mentors. */
  readonly memberIds: readonly string[];
}

/**
 * Why `actor` may not start this report, or null when they may. A task report is written by the
 * task's assignees and the programme's managers; a programme report by the programme's people.
 * Admins may report on anything.
 */
export const reportSubjectRefusal = (actor: Actor, subject: ReportSubject): string | null => {
  const { type, programme, task, managerIds, memberIds } = subject;
  if (type === 'task') {
    if (!task) return 'A task report names its task.';
    if (task.programmeId !== programme.id) {
      return `“${task.title}” is not a task of “${programme.name}”.`;
    }
    if (actor.role === 'admin') return null;
    if (task.assignees.includes(actor.id) || managerIds.includes(actor.id)) return null;
    return `You can only report on tasks assigned to you${
      actor.role === 'manager' ? ' or in programmes you manage' : ''
    }.`;
  }
  if (task) return 'A programme report names no task.';
  if (actor.role === 'admin' || memberIds.includes(actor.id)) return null;
  return `You can only report on programmes you are part of; you are not in “${programme.name}”.`;
};

/**
 * Whether `actor` may read a report: their own always; somebody else's only once submitted, and
 * then as the matrix's `reports.readAll` says (admins any, managers of the report's programme).
 * Nobody reads another person's draft.
 */
export const mayReadReport = (
  actor: Actor,
  report: Pick<ReportDoc, 'createdBy' | 'state'>,
  programmeManagerIds: readonly string[],
): boolean => {
  if (report.createdBy === actor.id) return true;
  if (report.state !== 'submitted') return false;
  return can(actor, 'reports.readAll', { ownerIds: programmeManagerIds });
};

/** A submitted report says something: an empty one is refused. */
export const submitRefusal = (
  report: Pick<ReportDoc, 'achievements' | 'blockers' | 'recommendations'>,
): string | null =>
  [report.achievements, report.blockers, report.recommendations].some((text) => text.trim())
    ? null
    : 'Write the achievements, blockers or recommendations before you submit the report.';

const FILE_TITLE_MAX = 60;

/**
 * The file an exported report is saved as: its title in letters, digits and hyphens (nothing a
 * file system refuses or reads as a path), its day, and `-draft` for a draft —
 * `Week-3-progress-2025-03-14.pdf`.
 */
export const reportFileName = (
  report: Pick<ReportDoc, 'title' | 'state' | 'dateCreated' | 'submittedAt'>,
): string => {
  const words = report.title
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (Array.from(next).length > FILE_TITLE_MAX) break;
    slug = next;
  }
  if (!slug)
    slug =
      Array.from(words[0] ?? 'report')
        .slice(0, FILE_TITLE_MAX)
        .join('') || 'report';
  const day = (report.submittedAt ?? report.dateCreated).slice(0, 10);
  return `${slug}-${day}${report.state === 'draft' ? '-draft' : ''}.pdf`;
};

/** The n-th name for a file when the plain one is taken: `a.pdf` → `a-2.pdf`. */
export const numberedFileName = (fileName: string, n: number): string => {
  if (n <= 1) return fileName;
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? `${fileName.slice(0, dot)}-${n}${fileName.slice(dot)}` : `${fileName}-${n}`;
};
