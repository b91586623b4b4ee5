import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedServer } from '../../server/embedded/startEmbeddedServer';
import { databaseName } from '../../server/provision/databaseNames';
import {
  application,
  certificate,
  forumPost,
  approval,
  approvalWithMove,
  generated,
  generatedWithMove,
  notification,
  profile,
  programme,
  report,
  task,
  referenceItem,
} from './docs';
import { T0, createAccount, isRefused, put, startTestServer, update, type Answer } from './harness';

/**
 * The permission matrix (shared/domain) as the server enforces it: over HTTP, as each role, against
 * the validate_doc_update documents provisioning built from shared/domain.
 */
let server: EmbeddedServer;
const db = databaseName;

const accepted = (answer: Answer) => {
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
};
const refused = (answer: Answer) => {
  expect(isRefused(answer), JSON.stringify(answer)).toBe(true);
};
/** Refused by validate_doc_update, with the rule's reason. */
const refusedBecause = (answer: Answer, reason: RegExp) => {
  expect(answer.status, JSON.stringify(answer.body)).toBe(403);
  expect(String(answer.body.reason)).toMatch(reason);
};

beforeAll(async () => {
  server = await startTestServer();
  await createAccount(server, 'admin1', ['admin']);
  await createAccount(server, 'admin2', ['admin']);
  await createAccount(server, 'manager1', ['manager']);
  await createAccount(server, 'manager2', ['manager']);
  await createAccount(server, 'mentor1', ['mentor']);
  await createAccount(server, 'mentor2', ['mentor']);
  await createAccount(server, 'applicant', []);
});
afterAll(async () => {
  await server.close();
});

describe('programmes', () => {
  it('a manager creates a programme as its author; a mentor cannot', async () => {
    accepted(await put(server, 'manager1', db('programmes'), programme('p1', 'manager1')));
    refusedBecause(
      await put(server, 'manager1', db('programmes'), programme('p2', 'manager2')),
      /createdBy must be the person creating it/,
    );
    refusedBecause(
      await put(server, 'mentor1', db('programmes'), programme('p3', 'mentor1')),
      /mentor may not create a programme/,
    );
  });

  it('a mentor cannot edit a programme; its manager can', async () => {
    refused(await update(server, 'mentor1', db('programmes'), 'p1', { name: 'Mine now' }));
    accepted(await update(server, 'manager1', db('programmes'), 'p1', { description: 'Weekly' }));
  });

  it('nothing changes in an archived programme', async () => {
    accepted(await put(server, 'manager1', db('programmes'), programme('p-old', 'manager1')));
    refusedBecause(
      await update(server, 'manager1', db('programmes'), 'p-old', {
        status: 'archived',
        archivedBy: 'admin1',
        dateArchived: T0,
      }),
      /archivedBy must be the person making the change/,
    );
    accepted(
      await update(server, 'admin1', db('programmes'), 'p-old', {
        status: 'archived',
        archivedBy: 'admin1',
        dateArchived: T0,
      }),
    );
    for (const who of ['manager1', 'admin1']) {
      refusedBecause(
        await update(server, who, db('programmes'), 'p-old', { name: 'Revived' }),
        /archived programme is read-only/,
      );
    }
    refusedBecause(
      await update(server, 'admin1', db('programmes'), 'p-old', { status: 'active' }),
      /archived programme is read-only/,
    );
  });
});

describe('applications (in the hub admins and managers decide from)', () => {
  it('a manager approves a pending application, recording the decision', async () => {
    accepted(await put(server, 'server-admin', db('applications'), application('a1', 'mentor1')));
    refusedBecause(
      await update(server, 'manager1', db('applications'), 'a1', { status: 'approved' }),
      /decidedBy must be the person making the change/,
    );
    accepted(
      await update(server, 'manager1', db('applications'), 'a1', {
        status: 'approved',
        decidedBy: 'manager1',
        decidedAt: T0,
      }),
    );
  });

  it('a decided application never changes again', async () => {
    refusedBecause(
      await update(server, 'admin1', db('applications'), 'a1', {
        status: 'declined',
        decidedBy: 'admin1',
      }),
      /cannot move from approved to declined/,
    );
    refusedBecause(
      await update(server, 'manager1', db('applications'), 'a1', { answers: { motivation: 'x' } }),
      /decided application cannot change/,
    );
  });

  it('a mentor is not even a member of the hub', async () => {
    refused(await put(server, 'mentor1', db('applications'), application('a2', 'mentor1')));
  });
});

describe('certificates', () => {
  it('a mentor cannot create or approve certificates', async () => {
    refused(await put(server, 'mentor1', db('certificates'), certificate('c0', 'mentor1')));
    accepted(await put(server, 'manager1', db('certificates'), certificate('c1', 'manager1')));
    accepted(await update(server, 'manager1', db('certificates'), 'c1', generated('manager1')));
    refusedBecause(
      await update(server, 'mentor1', db('certificates'), 'c1', approval('mentor1')),
      /mentor may not approve a certificate/,
    );
  });

  it('a manager generates one in a single write (made offline); a mentor cannot', async () => {
    accepted(
      await put(
        server,
        'manager1',
        db('certificates'),
        certificate('c9', 'manager1', generatedWithMove('manager1')),
      ),
    );
    refused(
      await put(
        server,
        'mentor1',
        db('certificates'),
        certificate('c8', 'mentor1', generatedWithMove('mentor1')),
      ),
    );
    // Without its move recorded (an app from before histories) it cannot start generated.
    refusedBecause(
      await put(
        server,
        'manager1',
        db('certificates'),
        certificate('c6', 'manager1', generated('manager1')),
      ),
      /cannot start pending_approval/,
    );
    refusedBecause(
      await put(
        server,
        'manager1',
        db('certificates'),
        certificate('c7', 'manager1', {
          ...generatedWithMove('manager1'),
          signature: 'S'.repeat(86),
          signingKeyId: 'K7Q2MZ4F',
        }),
      ),
      /signed when it is approved/,
    );
  });

  it('an approval is signed and changes nothing printed', async () => {
    const { signature: _s, signingKeyId: _k, ...unsigned } = approvalWithMove('admin2', 'manager1');
    refusedBecause(
      await update(server, 'admin2', db('certificates'), 'c9', unsigned),
      /signature is missing/,
    );
    refusedBecause(
      await update(server, 'admin2', db('certificates'), 'c9', {
        ...approvalWithMove('admin2', 'manager1'),
        holderName: 'Mallory',
      }),
      /holderName cannot change/,
    );
  });

  it('a manager cannot approve a certificate, least of all one they generated', async () => {
    refusedBecause(
      await update(server, 'manager1', db('certificates'), 'c1', approval('manager1')),
      /manager may not approve a certificate/,
    );
  });

  it('an admin approves it, but never one they generated themselves', async () => {
    accepted(await put(server, 'admin1', db('certificates'), certificate('c2', 'admin1')));
    accepted(await update(server, 'admin1', db('certificates'), 'c2', generated('admin1')));
    refusedBecause(
      await update(server, 'admin1', db('certificates'), 'c2', approval('admin1')),
      /approved by someone who did not generate it/,
    );
    accepted(await update(server, 'admin2', db('certificates'), 'c2', approval('admin2')));
    accepted(await update(server, 'admin1', db('certificates'), 'c1', approval('admin1')));
  });

  it('a generated certificate needs a valid code; an issued one is only revoked, with a reason', async () => {
    accepted(await put(server, 'manager1', db('certificates'), certificate('c3', 'manager1')));
    refusedBecause(
      await update(server, 'manager1', db('certificates'), 'c3', {
        ...generated('manager1'),
        certificateCode: 'MMM-NOPE',
      }),
      /valid code/,
    );
    refused(await update(server, 'manager1', db('certificates'), 'c1', { seriesId: 's2' }));
    refusedBecause(
      await update(server, 'admin2', db('certificates'), 'c1', {
        status: 'revoked',
        revokedBy: 'admin2',
        revokedAt: T0,
        revokedReason: ' ',
      }),
      /why the certificate is revoked/,
    );
  });
});

describe('roles and profiles', () => {
  it('a profile’s role changes only by an admin', async () => {
    accepted(await put(server, 'mentor1', db('users'), profile('mentor1', 'mentor')));
    refusedBecause(
      await update(server, 'mentor1', db('users'), 'mentor1', { role: 'admin' }),
      /mentor may not change a person’s role/,
    );
    refusedBecause(
      await update(server, 'manager1', db('users'), 'mentor1', { role: 'manager' }),
      /manager may not change a person’s role/,
    );
    accepted(await update(server, 'mentor1', db('users'), 'mentor1', { bio: 'Hello' }));
    accepted(await update(server, 'admin1', db('users'), 'mentor1', { role: 'manager' }));
  });

  it('a person creates only their own profile, with the role their account has', async () => {
    refused(await put(server, 'mentor2', db('users'), profile('mentor2', 'admin')));
    refused(await put(server, 'mentor2', db('users'), profile('someone', 'mentor')));
    accepted(await put(server, 'mentor2', db('users'), profile('mentor2', 'mentor')));
  });

  it('an account without a role (an applicant) writes nothing in the app databases', async () => {
    refused(await put(server, 'applicant', db('forumPosts'), forumPost('fp0', 'applicant')));
    refused(await put(server, 'applicant', db('users'), profile('applicant', 'mentor')));
  });
});

describe('authors', () => {
  it('only the author edits a report, and a submitted report is final', async () => {
    accepted(await put(server, 'mentor1', db('reports'), report('r1', 'mentor1')));
    refused(await update(server, 'mentor2', db('reports'), 'r1', { blockers: 'None' }));
    refused(await update(server, 'manager1', db('reports'), 'r1', { blockers: 'None' }));
    accepted(await update(server, 'mentor1', db('reports'), 'r1', { blockers: 'None' }));
    accepted(
      await update(server, 'mentor1', db('reports'), 'r1', { state: 'submitted', submittedAt: T0 }),
    );
    refused(await update(server, 'mentor1', db('reports'), 'r1', { blockers: 'Changed my mind' }));
  });

  it('a forum post is edited by its author, and the author field never changes', async () => {
    accepted(await put(server, 'mentor1', db('forumPosts'), forumPost('fp1', 'mentor1')));
    refused(await update(server, 'mentor2', db('forumPosts'), 'fp1', { body: 'Edited' }));
    refusedBecause(
      await update(server, 'mentor2', db('forumPosts'), 'fp1', { createdBy: 'mentor2' }),
      /createdBy cannot change/,
    );
    accepted(await update(server, 'mentor1', db('forumPosts'), 'fp1', { body: 'Edited' }));
  });
});

describe('tasks, reference lists and broadcasts', () => {
  it('managers create and assign tasks; an assignee starts one, nobody else', async () => {
    refused(await put(server, 'mentor1', db('tasks'), task('t0', 'mentor1', [])));
    accepted(await put(server, 'manager1', db('tasks'), task('t1', 'manager1', ['mentor1'])));
    refused(await update(server, 'mentor2', db('tasks'), 't1', { status: 'in_progress' }));
    refused(await update(server, 'mentor1', db('tasks'), 't1', { assignees: ['mentor2'] }));
    accepted(await update(server, 'mentor1', db('tasks'), 't1', { status: 'in_progress' }));
    refused(
      await update(server, 'mentor1', db('tasks'), 't1', { status: 'unassigned', assignees: [] }),
    );
  });

  it('only admins keep the reference lists', async () => {
    refused(await put(server, 'manager1', db('referenceLists'), referenceItem('ts1', 'manager1')));
    refused(
      await put(
        server,
        'mentor1',
        db('referenceLists'),
        referenceItem('jr1', 'mentor1', 'jobRole'),
      ),
    );
    accepted(await put(server, 'admin1', db('referenceLists'), referenceItem('ts1', 'admin1')));
    accepted(
      await put(server, 'admin1', db('referenceLists'), referenceItem('jr1', 'admin1', 'jobRole')),
    );
  });

  it('admins and managers broadcast (issue 15: managers to all mentors or managers), mentors not', async () => {
    const own = (who: string) => `mmm-private-${Buffer.from(who).toString('hex')}-notifications`;
    refused(
      await put(
        server,
        'mentor1',
        own('mentor1'),
        notification('n0', 'mentor1', 'mentor2', 'broadcast'),
      ),
    );
    accepted(
      await put(
        server,
        'manager1',
        own('manager1'),
        notification('n1', 'manager1', 'mentor1', 'broadcast'),
      ),
    );
    accepted(
      await put(
        server,
        'admin1',
        own('admin1'),
        notification('n2', 'admin1', 'mentor1', 'broadcast'),
      ),
    );
  });
});
