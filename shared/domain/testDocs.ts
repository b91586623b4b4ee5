import { NONE } from '../schema/fields';
import type { LifecycleDocs, LifecycleKind, LifecycleStates } from './lifecycles';

/**
 * Documents in a given lifecycle state, shaped as the app makes them, for the tests of transition
 * and checkWrite. Not a test file itself so both can import it; nothing else should.
 */
export const T0 = '2025-01-01T00:00:00.000Z';
export const CODE = 'MMM-0000-0000-0';
/** What an approving admin's signature looks like (its bytes are checked by verification only). */
export const SIGNATURE = { keyId: 'K7Q2MZ4F', value: 'S'.repeat(86) };
export const PRINTED = { holderName: 'Mentor One', programmeName: 'Programme' };

const base = { createdAt: T0, updatedAt: T0 };

export const sampleDocs: { [K in LifecycleKind]: (state: LifecycleStates[K]) => LifecycleDocs[K] } =
  {
    programme: (status) => ({
      ...base,
      id: 'p1',
      name: 'Programme',
      description: '',
      createdBy: 'manager1',
      status,
      dateCreated: T0,
      criteria: [],
    }),
    application: (status) => ({
      ...base,
      id: 'a1',
      programmeId: 'p1',
      userId: 'mentor1',
      answers: {},
      status,
    }),
    task: (status) => ({
      ...base,
      id: 't1',
      title: 'Task',
      description: '',
      dateCreated: T0,
      createdBy: 'manager1',
      status,
      programmeId: 'p1',
      assignees: status === 'unassigned' ? [] : ['mentor1'],
    }),
    certificate: (status) => ({
      ...base,
      id: 'c1',
      userId: 'mentor1',
      programmeId: 'p1',
      seriesId: 's1',
      issueDate: '2025-01-01',
      dateCreated: T0,
      createdBy: 'manager1',
      certificateCode: status === 'pending_generation' ? NONE : CODE,
      ...(status === 'pending_generation'
        ? {}
        : { generatedBy: 'manager1', generatedAt: T0, ...PRINTED }),
      ...(status === 'approved' || status === 'revoked'
        ? {
            approvedBy: 'admin1',
            approvedAt: T0,
            signingKeyId: SIGNATURE.keyId,
            signature: SIGNATURE.value,
          }
        : {}),
      status,
    }),
    userDetails: (status) => ({
      ...base,
      id: 'd1',
      userId: 'mentor1',
      managerId: NONE,
      previousRoles: [],
      previousProgrammes: [],
      programmeOfInterest: NONE,
      yearsOfTechnicalExperience: 3,
      beenMentorBefore: false,
      technicalProficiency: [],
      status,
      approved: status === 'approved',
    }),
    report: (state) => ({
      ...base,
      id: 'r1',
      type: 'programme',
      title: 'Report',
      achievements: '',
      blockers: '',
      recommendations: '',
      dateCreated: T0,
      createdBy: 'mentor1',
      taskId: NONE,
      programmeId: 'p1',
      state,
    }),
  };
