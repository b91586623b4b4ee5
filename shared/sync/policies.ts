import type { CollectionName } from '../schema';
import type { ConflictPolicy } from './conflicts';

const fieldMerge: ConflictPolicy = { strategy: 'fieldMerge' };
const byStatus = { state: 'status', history: 'transitions' } as const;

/**
 * How each collection resolves a conflict (docs/SYNC.md explains each choice, with examples).
 * Lifecycle fields are grouped: a status travels with its history of moves and with who set it and
 * when, so a merge never pairs one machine's status with another machine's signature or history.
 */
export const conflictPolicies: Record<CollectionName, ConflictPolicy> = {
  users: fieldMerge,
  userDetails: {
    strategy: 'firstDecisionWins',
    groups: [['status', 'transitions', 'approved', 'approvedBy', 'approvedAt']],
    lifecycle: byStatus,
  },
  programmes: {
    strategy: 'fieldMerge',
    groups: [
      ['status', 'transitions', 'completedBy', 'dateCompleted', 'archivedBy', 'dateArchived'],
    ],
    lifecycle: byStatus,
  },
  programmeMembers: fieldMerge,
  applications: {
    strategy: 'firstDecisionWins',
    groups: [['status', 'transitions', 'decidedBy', 'decidedAt', 'decisionNote']],
    lifecycle: byStatus,
  },
  // Who has a task and where it stands are one decision: a start and a reassignment made at the
  // same time do not combine into a task started by someone who no longer has it.
  tasks: {
    strategy: 'fieldMerge',
    groups: [['status', 'transitions', 'assignees']],
    lifecycle: byStatus,
  },
  referenceLists: fieldMerge,
  reports: {
    strategy: 'keepBothTexts',
    groups: [
      ['title', 'achievements', 'blockers', 'recommendations'],
      ['state', 'transitions', 'submittedAt'],
    ],
    lifecycle: { state: 'state', history: 'transitions' },
  },
  certificates: {
    strategy: 'firstDecisionWins',
    groups: [
      // Generation, approval and revocation are the certificate's moves (its transitions), each with
      // everything it fixes: the code, the printed names and dates, the approver's signature.
      [
        'status',
        'transitions',
        'generatedBy',
        'generatedAt',
        'certificateCode',
        'holderName',
        'programmeName',
        'seriesId',
        'issueDate',
        'expirationDate',
        'approvedBy',
        'approvedAt',
        'signingKeyId',
        'signature',
        'revokedReason',
        'revokedBy',
        'revokedAt',
      ],
    ],
    lifecycle: byStatus,
  },
  chats: fieldMerge,
  messages: fieldMerge,
  forumPosts: fieldMerge,
  notifications: fieldMerge,
};
