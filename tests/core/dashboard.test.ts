// The dashboard through the host contract, on the demo organisation in the embedded server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardSummary } from '../../shared/contract';
import { lastWeeks } from '../../shared/domain/dashboard';
import { DEMO_PASSWORD, generateDemoOrganisation } from '../../shared/demo';
import type { DemoOrganisation } from '../../shared/demo';
import type { TaskStatus } from '../../shared/schema';
import { databaseName } from '../../shared/sync/database-names';
import { http } from '../server/harness';
import { createFakeClock } from '../support/fake-clock';
import { startAppHarness } from '../support/app-harness';
import type { AppHarness } from '../support/app-harness';

/** The demo organisation's "now": its reports fall in the weeks before it. */
const NOW = '2025-06-01T09:00:00.000Z';
const WEEK = 7 * 86_400_000;

/** What the dashboard should say, worked out from the generated documents independently. */
const expected = (org: DemoOrganisation, me: string): DashboardSummary => {
  const role = org.users.find((user) => user.id === me)?.role ?? 'mentor';
  const managed = new Set([
    ...org.programmes.filter((p) => p.createdBy === me).map((p) => p.id),
    ...org.programmeMembers
      .filter((m) => m.userId === me && m.role === 'manager')
      .map((m) => m.programmeId),
  ]);
  const joined = new Set(
    org.programmeMembers.filter((m) => m.userId === me).map((m) => m.programmeId),
  );
  const tasks = org.tasks.filter(
    (task) =>
      role === 'admin' ||
      task.assignees.includes(me) ||
      (role === 'manager' && managed.has(task.programmeId)),
  );
  const tasksByStatus: Record<TaskStatus, number> = {
    unassigned: 0,
    pending: 0,
    in_progress: 0,
    completed: 0,
  };
  for (const task of tasks) tasksByStatus[task.status] += 1;
  const submitted = org.reports.filter(
    (report) =>
      report.state === 'submitted' &&
      (role === 'admin' ||
        (role === 'manager' && managed.has(report.programmeId)) ||
        (role === 'mentor' && report.createdBy === me)),
  );
  const reportsPerWeek = lastWeeks(NOW).map((week) => {
    const start = Date.parse(`${week}T00:00:00.000Z`);
    return {
      week,
      count: submitted.filter((report) => {
        const at = Date.parse(report.submittedAt ?? report.dateCreated);
        return at >= start && at < start + WEEK;
      }).length,
    };
  });
  const programmes = org.programmes.filter(
    (p) => role === 'admin' || (role === 'manager' ? managed.has(p.id) : joined.has(p.id)),
  );
  const profile = org.users.find((user) => user.id === me);
  return {
    role,
    displayName: profile?.fullName ?? me,
    tasksByStatus,
    reportsPerWeek,
    pendingApplications: org.applications.filter(
      (a) =>
        a.status === 'pending' &&
        (role === 'admin' || (role === 'manager' && managed.has(a.programmeId))),
    ).length,
    pendingDetails:
      role === 'mentor' ? 0 : org.userDetails.filter((d) => d.status === 'submitted').length,
    pendingCertificates:
      role === 'admin' ? org.certificates.filter((c) => c.status === 'pending_approval').length : 0,
    myOpenTasks: org.tasks.filter((t) => t.assignees.includes(me) && t.status !== 'completed')
      .length,
    myDrafts: org.reports.filter((r) => r.createdBy === me && r.state === 'draft').length,
    programmes: {
      active: programmes.filter((p) => p.status === 'active').length,
      completed: programmes.filter((p) => p.status === 'completed').length,
      archived: programmes.filter((p) => p.status === 'archived').length,
    },
    openProgrammes: org.programmes.filter((p) => p.status === 'active').length,
  };
};

describe('dashboard', () => {
  let app: AppHarness;
  const org = generateDemoOrganisation();

  beforeAll(async () => {
    app = await startAppHarness({ clock: createFakeClock(new Date(NOW)), demo: true });
  });
  afterAll(async () => {
    await app.close();
  });

  it('shows an admin the whole organisation and everything waiting for approval', async () => {
    await app.signIn('admin', DEMO_PASSWORD);
    const summary = await app.first('dashboard.summary', {});
    const want = expected(org, 'admin');
    expect(summary).toEqual(want);
    // The demo has work in every corner: the test would prove little on zeros.
    expect(want.reportsPerWeek.filter((week) => week.count > 0).length).toBeGreaterThan(3);
    expect(want.pendingApplications).toBeGreaterThan(0);
    expect(want.pendingDetails).toBeGreaterThan(0);
    expect(want.pendingCertificates).toBeGreaterThan(0);
  });

  it('shows a manager their programmes and the applications they decide', async () => {
    await app.signIn('manager1', DEMO_PASSWORD);
    const summary = await app.first('dashboard.summary', {});
    const want = expected(org, 'manager1');
    expect(summary).toEqual(want);
    expect(want.tasksByStatus).not.toEqual(expected(org, 'admin').tasksByStatus);
    expect(summary?.pendingCertificates).toBe(0);
  });

  it('shows a mentor their own tasks, reports and drafts, and follows new work live', async () => {
    const mentor =
      ['mentor01', 'mentor02', 'mentor03', 'mentor04', 'mentor05'].find(
        (name) => expected(org, name).myOpenTasks > 0 && expected(org, name).myDrafts > 0,
      ) ?? 'mentor01';
    await app.signIn(mentor, DEMO_PASSWORD);
    const want = expected(org, mentor);
    const summary = await app.first('dashboard.summary', {});
    expect(summary).toEqual(want);
    expect(summary?.pendingApplications).toBe(0);
    expect(summary?.pendingDetails).toBe(0);

    // A manager assigns a new task on another machine: it arrives, and the counts follow.
    const programmeId = org.programmeMembers.find(
      (m) => m.userId === mentor && m.role === 'mentor',
    )?.programmeId;
    expect(programmeId).toBeDefined();
    const answer = await http(
      app.server,
      'server-admin',
      'PUT',
      `/${databaseName('tasks')}/new-task-1`,
      {
        _id: 'new-task-1',
        title: 'Pair on the release checklist',
        description: '',
        dateCreated: NOW,
        createdBy: 'manager1',
        status: 'pending',
        programmeId,
        assignees: [mentor],
        createdAt: NOW,
        updatedAt: NOW,
      },
    );
    expect(answer.status).toBe(201);
    const after = await app.until(
      'dashboard.summary',
      {},
      (value) => value?.myOpenTasks === want.myOpenTasks + 1,
    );
    expect(after?.tasksByStatus.pending).toBe(want.tasksByStatus.pending + 1);
  });

  it('answers null while nobody is signed in', async () => {
    await app.signOut();
    expect(await app.first('dashboard.summary', {})).toBeNull();
  });
});
