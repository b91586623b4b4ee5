import { z } from 'zod';
import type { TaskStatus, UserRole } from '../schema/index';
import type { WeekCount } from '../domain/dashboard';
import { command, liveQuery } from './define';
import { filePurposes } from '../domain/files';

/** The dashboard, the global search box and uploaded files. */

export type { WeekCount } from '../domain/dashboard';

export interface DashboardSummary {
  readonly role: UserRole;
  /** How the person is greeted: their full name, else their username. */
  readonly displayName: string;
  /** Tasks the caller sees (mentors: theirs; managers: their programmes'; admins: all). */
  readonly tasksByStatus: Readonly<Record<TaskStatus, number>>;
  /** Submitted reports per week, the last 12 weeks, oldest first. */
  readonly reportsPerWeek: readonly WeekCount[];
  /** Applications waiting for the caller's decision (admins and managers). */
  readonly pendingApplications: number;
  /** Mentor details waiting for approval (admins and managers). */
  readonly pendingDetails: number;
  /** Certificates waiting for an admin's approval. */
  readonly pendingCertificates: number;
  readonly myOpenTasks: number;
  readonly myDrafts: number;
  readonly programmes: {
    readonly active: number;
    readonly completed: number;
    readonly archived: number;
  };
  /** Active programmes of the whole organisation: the ones a mentor may join. */
  readonly openProgrammes: number;
}

export const searchKinds = [
  'programme',
  'task',
  'report',
  'person',
  'message',
  'forumPost',
] as const;
export type SearchKind = (typeof searchKinds)[number];

/** Where the typed words were found in a piece of text: UTF-16 offsets, end exclusive. */
export interface TextMatch {
  readonly start: number;
  readonly end: number;
}

export interface SearchHit {
  readonly kind: SearchKind;
  readonly id: string;
  /** What it is called; a message's is who sent it. */
  readonly title: string;
  readonly titleMatches: readonly TextMatch[];
  /** A line of context: the programme, the status, the role, the chat. */
  readonly detail: string;
  /** Where in its text the words were found (a message's body, a task's description...). */
  readonly excerpt: { readonly text: string; readonly matches: readonly TextMatch[] } | null;
  /** The chat of a message, the thread of a forum post: where it opens. */
  readonly parentId: string | null;
  /** When it was written or last changed (ISO). */
  readonly at: string;
}

export interface SearchAnswer {
  /** Grouped by kind in `searchKinds` order, best first within a kind. */
  readonly hits: readonly SearchHit[];
  /**
   * While the index is behind the database — built the first time, rebuilt, or catching up with
   * a burst of synced documents — how far it is; null when every document is in it.
   */
  readonly indexing: { readonly done: number; readonly total: number } | null;
}

export const SEARCH_LIMIT_PER_KIND = 8;

export interface StoredFile {
  readonly name: string;
  readonly mimeType: string;
  readonly size: number;
  readonly ref: string;
}

export { filePurposes, fileLimits, type FilePurpose } from '../domain/files';

export const uploadFileInput = z
  .object({
    purpose: z.enum(filePurposes),
    // Longer names are shortened (shared/domain/files cleanFileName), not refused.
    name: z
      .string()
      .trim()
      .min(1, 'The file has no name.')
      .max(1_000, 'The file name is too long.'),
    mimeType: z.string().min(1, 'The file type is unknown.').max(127),
    /** An attachment's chat: the file goes where the chat's messages are (docs/FILES.md). */
    chatId: z.string().min(1).max(64).optional(),
    /** The bytes, base64. */
    dataBase64: z
      .string()
      .max(Math.ceil((5 * 1024 * 1024 * 4) / 3) + 4, 'Files are at most 5 MB.')
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'The file data is not base64.'),
  })
  .strict();

export const dashboardContract = {
  'dashboard.summary': liveQuery<DashboardSummary | null>()(
    z.object({}).strict(),
    'Counts and series for the signed-in person’s dashboard.',
  ),
} as const;

export const searchContract = {
  'search.find': command<SearchAnswer>()(
    z
      .object({
        text: z.string().trim().min(1).max(200),
        /** Only these kinds (all when absent). */
        kinds: z.array(z.enum(searchKinds)).min(1).max(searchKinds.length).optional(),
        /** Only what belongs to this programme. */
        programmeId: z.string().min(1).max(64).optional(),
      })
      .strict(),
    'Programmes, tasks, reports, people, messages and forum posts matching some words.',
  ),
} as const;

/** A file uploaded on this machine and not yet on the server (the sync panel's outbox). */
export interface FileUploadRow {
  readonly ref: string;
  readonly name: string;
  readonly size: number;
  /**
   * `sending`: on its way now (how far in `progress`); `refused`: the server would not take it (its
   * reason in `reason`); it waits for the person: `files.sendAgain` or `files.dropUpload`.
   */
  readonly state: 'waiting' | 'sending' | 'refused';
  readonly reason: string | null;
  /** While sending: the part sent, 0 to 1; otherwise null. */
  readonly progress: number | null;
}

export const filesContract = {
  'files.upload': command<StoredFile>()(
    uploadFileInput,
    'Keeps an uploaded file (picture, document, answer) and returns its reference.',
  ),
  'files.read': command<StoredFile & { readonly dataBase64: string }>()(
    z
      .object({
        ref: z.string().min(1).max(512),
        /** A chat message carrying it: then it comes from that chat's database, to its members. */
        messageId: z.string().min(1).max(64).optional(),
      })
      .strict(),
    'The bytes of an uploaded file.',
  ),
  'files.sendAgain': command<null>()(
    z.object({ ref: z.string().min(1).max(512) }).strict(),
    'Sends a file the server refused once more (after freeing room, or once it is allowed).',
  ),
  'files.dropUpload': command<null>()(
    z.object({ ref: z.string().min(1).max(512) }).strict(),
    'Stops trying to send a file the server refused; it stays on this machine.',
  ),
  'files.outbox': liveQuery<readonly FileUploadRow[]>()(
    z.object({}).strict(),
    'Files uploaded on this machine by the signed-in person and not yet on the server.',
  ),
} as const;
