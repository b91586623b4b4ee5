import { describe, expect, it } from 'vitest';
import {
  mayReadReport,
  numberedFileName,
  reportFileName,
  reportSubjectRefusal,
  submitRefusal,
} from './reports';
import type { ReportSubject } from './reports';

const admin = { id: 'admin', role: 'admin' } as const;
const manager = { id: 'manager1', role: 'manager' } as const;
const otherManager = { id: 'manager2', role: 'manager' } as const;
const mentor = { id: 'mentor1', role: 'mentor' } as const;
const otherMentor = { id: 'mentor2', role: 'mentor' } as const;

const programme = { id: 'p1', name: 'Frontend' };
const people = { managerIds: ['manager1'], memberIds: ['manager1', 'mentor1'] };
const task = { id: 't1', title: 'Review', programmeId: 'p1', assignees: ['mentor1'] };
const taskReport: ReportSubject = { type: 'task', programme, task, ...people };
const programmeReport: ReportSubject = { type: 'programme', programme, ...people };

describe('reportSubjectRefusal', () => {
  it('lets assignees, the programme’s managers and admins report on a task', () => {
    expect(reportSubjectRefusal(mentor, taskReport)).toBeNull();
    expect(reportSubjectRefusal(manager, taskReport)).toBeNull();
    expect(reportSubjectRefusal(admin, taskReport)).toBeNull();
    expect(reportSubjectRefusal(otherMentor, taskReport)).toBe(
      'You can only report on tasks assigned to you.',
    );
    expect(reportSubjectRefusal(otherManager, taskReport)).toBe(
      'You can only report on tasks assigned to you or in programmes you manage.',
    );
  });

  it('lets the programme’s people and admins report on a programme', () => {
    expect(reportSubjectRefusal(mentor, programmeReport)).toBeNull();
    expect(reportSubjectRefusal(manager, programmeReport)).toBeNull();
    expect(reportSubjectRefusal(admin, programmeReport)).toBeNull();
    expect(reportSubjectRefusal(otherMentor, programmeReport)).toMatch(/not in “Frontend”/);
  });

  it('refuses a task of another programme, even to an admin', () => {
    const elsewhere = { ...taskReport, task: { ...task, programmeId: 'p2' } };
    expect(reportSubjectRefusal(admin, elsewhere)).toBe('“Review” is not a task of “Frontend”.');
  });
});

describe('mayReadReport', () => {
  const submitted = { createdBy: 'mentor1', state: 'submitted' } as const;
  const draft = { createdBy: 'mentor1', state: 'draft' } as const;

  it('shows authors their own reports, drafts included', () => {
    expect(mayReadReport(mentor, draft, [])).toBe(true);
    expect(mayReadReport(mentor, submitted, [])).toBe(true);
  });

  it('never shows a draft to anyone else', () => {
    expect(mayReadReport(admin, draft, [])).toBe(false);
    expect(mayReadReport(manager, draft, ['manager1'])).toBe(false);
  });

  it('shows submitted reports to admins and the programme’s managers only', () => {
    expect(mayReadReport(admin, submitted, [])).toBe(true);
    expect(mayReadReport(manager, submitted, ['manager1'])).toBe(true);
    expect(mayReadReport(otherManager, submitted, ['manager1'])).toBe(false);
    expect(mayReadReport(otherMentor, submitted, ['mentor2'])).toBe(false);
  });
});

describe('submitRefusal', () => {
  it('refuses a report with nothing in it', () => {
    expect(submitRefusal({ achievements: ' ', blockers: '', recommendations: '\n' })).toMatch(
      /Write the achievements/,
    );
    expect(submitRefusal({ achievements: '', blockers: 'CI is slow', recommendations: '' })).toBe(
      null,
    );
  });
});

describe('reportFileName', () => {
  const at = '2025-03-14T10:42:00.000Z';

  it('keeps the title readable and safe for any file system', () => {
    const name = reportFileName({
      title: 'Week 3: wins & blockers / ../etc <CON>',
      state: 'submitted',
      dateCreated: '2025-03-01T00:00:00.000Z',
      submittedAt: at,
    });
    expect(name).toBe('Week-3-wins-blockers-etc-CON-2025-03-14.pdf');
  });

  it('marks drafts and keeps letters of every script', () => {
    expect(reportFileName({ title: 'Résumé 東京', state: 'draft', dateCreated: at })).toBe(
      'Résumé-東京-2025-03-14-draft.pdf',
    );
  });

  it('shortens long titles at a word and names a title of symbols “report”', () => {
    const long = reportFileName({ title: 'word '.repeat(40), state: 'draft', dateCreated: at });
    expect(long.length).toBeLessThanOrEqual(60 + '-2025-03-14-draft.pdf'.length);
    expect(long).toMatch(/^word(-word)+-2025-03-14-draft\.pdf$/);
    expect(reportFileName({ title: '***', state: 'submitted', dateCreated: at })).toBe(
      'report-2025-03-14.pdf',
    );
  });

  it('numbers a name that is taken', () => {
    expect(numberedFileName('a.pdf', 1)).toBe('a.pdf');
    expect(numberedFileName('a.pdf', 3)).toBe('a-3.pdf');
  });
});
