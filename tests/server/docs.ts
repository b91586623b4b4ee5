import { buildNotification, notificationKindRules } from '../../shared/domain/notifications';
import type { NotificationKind } from '../../shared/schema/notifications';
import { CODE, T0 } from './harness';

/** Valid documents of each collection, as the app writes them (with `_id` as the replication does). */
const base = { createdAt: T0, updatedAt: T0 };
type Doc = Record<string, unknown> & { _id: string };

export const programme = (id: string, createdBy: string, extra: object = {}): Doc => ({
  ...base,
  _id: id,
  name: 'Frontend mentoring',
  description: '',
  createdBy,
  status: 'active',
  dateCreated: T0,
  criteria: [],
  ...extra,
});

/** A membership of a programme (`programme~person`, as the app makes them). */
export const membership = (
  programmeId: string,
  userId: string,
  createdBy: string,
  role = 'mentor',
): Doc => ({
  ...base,
  _id: `${programmeId}~${userId}`,
  programmeId,
  userId,
  role,
  createdBy,
});

export const application = (id: string, userId: string, extra: object = {}): Doc => ({
  ...base,
  _id: id,
  programmeId: 'p1',
  userId,
  answers: { motivation: 'I like teaching' },
  status: 'pending',
  ...extra,
});

export const certificate = (id: string, createdBy: string, extra: object = {}): Doc => ({
  ...base,
  _id: id,
  userId: 'mentor1',
  programmeId: 'p1',
  seriesId: 's1',
  issueDate: '2025-01-01',
  dateCreated: T0,
  createdBy,
  certificateCode: '',
  status: 'pending_generation',
  ...extra,
});

export const generated = (by: string) => ({
  status: 'pending_approval',
  certificateCode: CODE,
  holderName: 'Mentor One',
  programmeName: 'Programme One',
  generatedBy: by,
  generatedAt: T0,
});

/** A certificate made and generated in one write (offline): its move is recorded (transitions). */
export const generatedWithMove = (by: string) => ({
  ...generated(by),
  transitions: [{ from: 'pending_generation', to: 'pending_approval', by, at: T0 }],
});

/** What approving adds: who, when and the signature (its bytes are checked by verification). */
export const approval = (by: string) => ({
  status: 'approved',
  approvedBy: by,
  approvedAt: T0,
  signingKeyId: 'K7Q2MZ4F',
  signature: 'S'.repeat(86),
});

/** Approving a certificate that has recorded moves (generatedWithMove's), with its own. */
export const approvalWithMove = (by: string, generatedBy: string) => ({
  ...approval(by),
  transitions: [
    ...generatedWithMove(generatedBy).transitions,
    { from: 'pending_approval', to: 'approved', by, at: T0 },
  ],
});

export const task = (
  id: string,
  createdBy: string,
  assignees: string[],
  extra: object = {},
): Doc => ({
  ...base,
  _id: id,
  title: 'Review a pull request',
  description: '',
  dateCreated: T0,
  createdBy,
  status: assignees.length > 0 ? 'pending' : 'unassigned',
  programmeId: 'p1',
  assignees,
  ...extra,
});

export const report = (id: string, createdBy: string, extra: object = {}): Doc => ({
  ...base,
  _id: id,
  type: 'programme',
  title: 'Week 1',
  achievements: '',
  blockers: '',
  recommendations: '',
  dateCreated: T0,
  createdBy,
  taskId: '',
  programmeId: 'p1',
  state: 'draft',
  ...extra,
});

export const profile = (name: string, role: string, extra: object = {}): Doc => ({
  ...base,
  _id: name,
  username: name,
  email: `${name}@example.org`,
  role,
  profileComplete: false,
  dateCreated: T0,
  ...extra,
});

/** A reply in the organisation-wide forum. */
export const forumPost = (id: string, createdBy: string): Doc => ({
  ...base,
  _id: id,
  kind: 'reply',
  threadId: 'th1',
  programmeId: '',
  title: '',
  body: 'Hello',
  createdBy,
});

export const referenceItem = (id: string, createdBy: string, list = 'techStack'): Doc => ({
  ...base,
  _id: id,
  list,
  name: 'TypeScript',
  createdBy,
});

/**
 * A notification as a command writes it: its id derived from recipient, kind, entity and event
 * (`entity` stands for both here), linking to an entity of the kind's collection; a kind about a
 * programme names one (p1 unless told).
 */
export const notification = (
  entity: string,
  createdBy: string,
  recipientId: string,
  kind: NotificationKind = 'message',
  programmeId = 'p1',
): Doc => {
  const about = notificationKindRules[kind].programme === null ? {} : { programmeId };
  const { id, ...doc } = buildNotification(
    { recipientId, kind, entityId: entity, event: entity, title: 'Hello', ...about },
    createdBy,
    T0,
  );
  return { ...doc, _id: id };
};

export const chat = (id: string, createdBy: string, memberIds: string[], kind = 'direct'): Doc => ({
  ...base,
  _id: id,
  kind,
  memberIds,
  programmeId: '',
  createdBy,
});

export const message = (id: string, chatId: string, createdBy: string): Doc => ({
  ...base,
  _id: id,
  chatId,
  createdBy,
  body: 'Hi there',
});
