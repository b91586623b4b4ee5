import type { CollectionName } from '../schema';
import type { ConflictPolicy } from './conflicts';

const fieldMerge: ConflictPolicy = { strategy: 'fieldMerge' };

/**
 * How each collection resolves a conflict (docs/SYNC.md explains each choice). Lifecycle fields
 * are grouped: a status travels with who set it and when, so a merge never pairs one machine's
 * status with another machine's signature.
 */
export const conflictPolicies: Record<CollectionName, ConflictPolicy> = {
  users: fieldMerge,
  userDetails: {
    strategy: 'firstDecisionWins',
    groups: [['status', 'approved', 'approvedBy', 'approvedAt']],
  },
  programmes: {
    strategy: 'fieldMerge',
    groups: [['status', 'completedBy', 'dateCompleted', 'archivedBy', 'dateArchived']],
  },
  programmeMembers: fieldMerge,
  applications: {
    strategy: 'firstDecisionWins',
    groups: [['status', 'decidedBy', 'decidedAt', 'decisionNote']],
  },
  tasks: fieldMerge,
  referenceLists: fieldMerge,
  reports: {
    strategy: 'keepBothTexts',
    groups: [
      ['title', 'achievements', 'blockers', 'recommendations'],
      ['state', 'submittedAt'],
    ],
  },
  certificates: {
    strategy: 'firstDecisionWins',
    groups: [
      // Generation and approval are one decision with everything they fix: the code, the printed
      // names and dates, and the approver's signature of them.
      [
        'status',
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
      ],
      ['revokedReason', 'revokedBy', 'revokedAt'],
    ],
  },
  chats: fieldMerge,
  messages: fieldMerge,
  forumPosts: fieldMerge,
  notifications: fieldMerge,
};
