import { z } from 'zod';
import {
  addProgrammeMemberInput,
  applyToProgrammeInput,
  archiveProgrammeInput,
  completeProgrammeInput,
  createProgrammeInput,
  decideApplicationInput,
  editProgrammeInput,
  removeProgrammeMemberInput,
} from '../domain/inputs/index';
import { programmeStatuses } from '../schema/index';
import type {
  ApplicationDoc,
  MemberRole,
  ProgrammeDoc,
  ProgrammeMemberDoc,
  ReportDoc,
  TaskDoc,
  TaskStatus,
} from '../schema/index';
import { command, liveQuery } from './define';
import type { DetailsForApproval } from './people';

/** Programmes, their members, and applications to them. */

const idInput = z.string().min(1).max(64);

/** A person as lists show them. */
export interface PersonRef {
  readonly id: string;
  readonly name: string;
}

export interface ProgrammeSummary {
  readonly programme: ProgrammeDoc;
  readonly managers: readonly PersonRef[];
  readonly mentorCount: number;
  readonly openTaskCount: number;
  readonly pendingApplicationCount: number;
  /** The caller's part in it, if any. */
  readonly myRole: MemberRole | null;
  /** The caller's application to it, if any (mentors). */
  readonly myApplication: Pick<ApplicationDoc, 'id' | 'status'> | null;
}

export interface MemberView {
  readonly membership: ProgrammeMemberDoc;
  readonly person: PersonRef;
}

export interface ApplicationView {
  readonly application: ApplicationDoc;
  readonly applicant: PersonRef;
  readonly programme: Pick<ProgrammeDoc, 'id' | 'name' | 'status' | 'criteria'>;
  /** Who decided it, once decided. */
  readonly decidedBy: PersonRef | null;
}

/** What the caller may do with a programme: the core decides, the screens only offer these. */
export interface ProgrammePermissions {
  readonly edit: boolean;
  readonly complete: boolean;
  readonly archive: boolean;
  readonly manageMembers: boolean;
  readonly decideApplications: boolean;
  readonly createTask: boolean;
  readonly writeReport: boolean;
  readonly apply: boolean;
}

export interface ProgrammeDetail {
  readonly programme: ProgrammeDoc;
  readonly members: readonly MemberView[];
  readonly tasks: readonly TaskDoc[];
  readonly taskCounts: Readonly<Record<TaskStatus, number>>;
  /** Submitted reports, and the caller's own drafts. */
  readonly reports: readonly ReportDoc[];
  /** Applications the caller may see: all of them for who decides, else their own. */
  readonly applications: readonly ApplicationView[];
  readonly myRole: MemberRole | null;
  readonly myApplication: ApplicationDoc | null;
  readonly can: ProgrammePermissions;
}

export interface ApprovalsInbox {
  readonly applications: readonly ApplicationView[];
  readonly details: readonly DetailsForApproval[];
}

export interface MyApplication {
  readonly application: ApplicationDoc;
  readonly programme: Pick<ProgrammeDoc, 'id' | 'name' | 'status'>;
  readonly decidedBy: PersonRef | null;
}

export const programmesContract = {
  'programmes.create': command<ProgrammeDoc>()(
    createProgrammeInput,
    'Creates a programme with its application form; its creator manages it.',
  ),
  'programmes.edit': command<ProgrammeDoc>()(
    editProgrammeInput,
    'Edits a programme (not an archived one).',
  ),
  'programmes.complete': command<ProgrammeDoc>()(
    completeProgrammeInput,
    'Marks an active programme completed.',
  ),
  'programmes.archive': command<ProgrammeDoc>()(
    archiveProgrammeInput,
    'Archives a programme: read-only afterwards.',
  ),
  'programmes.list': liveQuery<readonly ProgrammeSummary[]>()(
    z
      .object({
        status: z.enum(programmeStatuses).optional(),
        mine: z.boolean().optional(),
      })
      .strict(),
    'Programmes, newest first, by status and whether the caller is in them.',
  ),
  'programmes.detail': liveQuery<ProgrammeDetail | null>()(
    z.object({ programmeId: idInput }).strict(),
    'One programme with its members, tasks, reports and applications.',
  ),
} as const;

export const programmeMembersContract = {
  'programmeMembers.add': command<ProgrammeMemberDoc>()(
    addProgrammeMemberInput,
    'Adds a manager or mentor to a programme.',
  ),
  'programmeMembers.remove': command<null>()(
    removeProgrammeMemberInput,
    'Removes someone from a programme.',
  ),
} as const;

export const applicationsContract = {
  'applications.apply': command<ApplicationDoc>()(
    applyToProgrammeInput,
    'A mentor applies to a programme, answering its form.',
  ),
  'applications.decide': command<ApplicationDoc>()(
    decideApplicationInput,
    'Approves (the applicant becomes a mentor of the programme) or declines an application.',
  ),
  'applications.mine': liveQuery<readonly MyApplication[]>()(
    z.object({}).strict(),
    'The caller’s applications and their decisions.',
  ),
  'applications.inbox': liveQuery<ApprovalsInbox>()(
    z.object({}).strict(),
    'Pending applications the caller may decide, and mentor details waiting for approval.',
  ),
} as const;
