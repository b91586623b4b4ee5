// Reports through the host contract, against the embedded server: drafts, submission, who reads
// what, and the PDF export.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectionName } from '../../shared/schema';
import { startAppHarness } from '../support/app-harness';
import { readPdfText } from '../support/pdf-text';
import type { AppHarness } from '../support/app-harness';
import { programme, profile, task } from '../server/docs';
import { couchIdOf, databaseOf, orgScope } from '../../shared/sync/layout';
import { http, pathOf, place, update } from '../server/harness';

const T0 = '2025-01-01T00:00:00.000Z';

/** The organisation as another helper's commands would have made it, written as the server admin. */
const seed = async (app: AppHarness) => {
  const write = async (
    collection: CollectionName,
    doc: Record<string, unknown> & { _id: string },
  ) => {
    const answer = await place(app.server, 'server-admin', collection, doc);
    if (answer.status !== 201) throw new Error(`Seeding ${doc._id}: ${JSON.stringify(answer)}`);
  };
  const member = (programmeId: string, userId: string, role: 'manager' | 'mentor') =>
    write('programmeMembers', {
      _id: `${programmeId}~${userId}`,
      programmeId,
      userId,
      role,
      createdBy: 'manager1',
      createdAt: T0,
      updatedAt: T0,
    });
  await write('users', profile('mentor01', 'mentor', { fullName: 'Ada Lovelace' }));
  await write('users', profile('manager1', 'manager', { fullName: 'Grace Hopper' }));
  await write('programmes', programme('p1', 'manager1', { name: 'Frontend mentoring' }));
  await write('programmes', programme('p2', 'manager2', { name: 'Data mentoring' }));
  await write(
    'programmes',
    programme('p3', 'manager1', {
      name: 'Old cohort',
      status: 'archived',
      archivedBy: 'manager1',
      dateArchived: T0,
    }),
  );
  await member('p1', 'mentor01', 'mentor');
  await member('p1', 'mentor02', 'mentor');
  await member('p3', 'mentor01', 'mentor');
  await write('tasks', task('t1', 'manager1', ['mentor01'], { title: 'Review a pull request' }));
  await write('tasks', task('t2', 'manager1', ['mentor02'], { title: 'Write the onboarding doc' }));
  await write(
    'tasks',
    task('t3', 'manager2', ['mentor02'], { title: 'Clean the data', programmeId: 'p2' }),
  );
  await write('tasks', task('t4', 'manager1', ['mentor01'], { programmeId: 'p3' }));
};

const text = { achievements: '', blockers: '', recommendations: '' };

/** pdftotext (poppler-utils) reads a PDF's visible text; where it is not installed, that check is skipped. */
const pdfText = (path: string): string | undefined => {
  const run = spawnSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
  return run.error || run.status !== 0 ? undefined : run.stdout;
};

describe('reports', () => {
  let app: AppHarness;
  let submittedId = '';
  let draftId = '';

  beforeAll(async () => {
    app = await startAppHarness();
    await app.account('admin', 'admin');
    for (const name of ['manager1', 'manager2']) await app.account(name, 'manager');
    for (const name of ['mentor01', 'mentor02']) await app.account(name, 'mentor');
    await seed(app);
  });
  afterAll(async () => {
    await app.close();
  });

  it('a mentor drafts a report on their task, edits it, submits it; then it is final', async () => {
    await app.signIn('mentor01');
    const draft = await app.call('reports.write', {
      type: 'task',
      programmeId: 'p1',
      taskId: 't1',
      title: 'Week 1',
      ...text,
      achievements: 'Set up the repository',
    });
    expect(draft).toMatchObject({ state: 'draft', taskId: 't1', createdBy: 'mentor01' });
    expect(draft.submittedAt).toBeUndefined();

    const edited = await app.call('reports.edit', {
      reportId: draft.id,
      achievements: 'Set up the repository\nFirst pull request merged',
      blockers: 'CI is slow',
    });
    expect(edited.achievements).toBe('Set up the repository\nFirst pull request merged');
    expect(edited.title).toBe('Week 1');

    const listed = await app.until('reports.list', {}, (rows) => rows.length === 1);
    expect(listed[0]).toMatchObject({
      id: draft.id,
      state: 'draft',
      programmeName: 'Frontend mentoring',
      taskTitle: 'Review a pull request',
      authorName: 'Ada Lovelace',
    });
    const detail = await app.first('reports.detail', { reportId: draft.id });
    expect(detail?.can).toEqual({ edit: true, submit: true, discard: true });
    expect(detail?.task?.title).toBe('Review a pull request');

    const submitted = await app.call('reports.submit', { reportId: draft.id });
    expect(submitted.state).toBe('submitted');
    expect(submitted.submittedAt).toBeTruthy();
    submittedId = submitted.id;

    const refused = await app.attempt('reports.edit', { reportId: draft.id, title: 'Changed' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
    if (!refused.ok) expect(refused.error.message).toMatch(/final/);
    expect(await app.attempt('reports.submit', { reportId: draft.id })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(await app.attempt('reports.discardDraft', { reportId: draft.id })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    const after = await app.until(
      'reports.detail',
      { reportId: draft.id },
      (value) => value?.report.state === 'submitted',
    );
    expect(after?.can).toEqual({ edit: false, submit: false, discard: false });
    await app.synced();
  });

  it('a mentor reports only on tasks assigned to them and programmes they are in', async () => {
    await app.signIn('mentor01');
    const notTheirTask = await app.attempt('reports.write', {
      type: 'task',
      programmeId: 'p1',
      taskId: 't2',
      title: 'Not mine',
      ...text,
    });
    expect(notTheirTask).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: 'You can only report on tasks assigned to you.' },
    });
    const notTheirProgramme = await app.attempt('reports.write', {
      type: 'programme',
      programmeId: 'p2',
      title: 'Not mine',
      ...text,
    });
    expect(notTheirProgramme).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const wrongProgramme = await app.attempt('reports.write', {
      type: 'task',
      programmeId: 'p1',
      taskId: 't4',
      title: 'Mixed up',
      ...text,
    });
    expect(wrongProgramme).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ path: 'taskId' }] },
    });
    // A task of a programme they are not in never reaches their machine.
    const otherProgramme = await app.attempt('reports.write', {
      type: 'task',
      programmeId: 'p2',
      taskId: 't3',
      title: 'Not in it',
      ...text,
    });
    expect(otherProgramme).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const archived = await app.attempt('reports.write', {
      type: 'programme',
      programmeId: 'p3',
      title: 'Too late',
      ...text,
    });
    expect(archived).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const empty = await app.attempt('reports.write', {
      type: 'programme',
      programmeId: 'p1',
      title: 'Nothing to say',
      ...text,
      submit: true,
    });
    expect(empty).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    const targets = await app.until('reports.targets', {}, (value) => value.tasks.length > 0);
    expect(targets.programmes.map((entry) => entry.id)).toEqual(['p1']);
    expect(targets.tasks.map((entry) => entry.id)).toEqual(['t1']);

    const programmeReport = await app.call('reports.write', {
      type: 'programme',
      programmeId: 'p1',
      title: 'Private draft',
      ...text,
      recommendations: 'More pairing sessions',
    });
    expect(programmeReport).toMatchObject({ state: 'draft', taskId: '' });
    draftId = programmeReport.id;
    await app.synced();
    const onServer = await http(
      app.server,
      'server-admin',
      'GET',
      pathOf('reports', { _id: draftId, state: 'draft', createdBy: 'mentor01' }),
    );
    expect(onServer.status).toBe(200);
  });

  it('drafts stay with their author; managers read the submitted reports of their programmes', async () => {
    await app.signIn('manager1');
    const seen = await app.until('reports.list', {}, (rows) =>
      rows.some((row) => row.id === submittedId),
    );
    expect(seen.map((row) => row.id)).toEqual([submittedId]);
    // Another person's draft never reaches this machine (it lives in its author's database).
    expect(await app.first('reports.detail', { reportId: draftId })).toBeNull();
    expect(
      await app.attempt('reports.edit', { reportId: draftId, title: 'Mine now' }),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await app.attempt('reports.exportPdf', { reportId: draftId })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    const managerView = await app.first('reports.detail', { reportId: submittedId });
    expect(managerView?.author).toEqual({ id: 'mentor01', name: 'Ada Lovelace' });
    expect(managerView?.can).toEqual({ edit: false, submit: false, discard: false });
    // A manager may report on any task of a programme they manage.
    const targets = await app.until('reports.targets', {}, (value) => value.tasks.length >= 2);
    expect(targets.tasks.map((entry) => entry.id).sort()).toEqual(['t1', 't2']);

    // Nor does a programme's submitted report reach a manager of another programme.
    await app.signIn('manager2');
    expect(await app.first('reports.list', {})).toEqual([]);
    expect(await app.first('reports.detail', { reportId: submittedId })).toBeNull();
    expect(await app.attempt('reports.exportPdf', { reportId: submittedId })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });

    await app.signIn('admin');
    const all = await app.until('reports.list', {}, (rows) => rows.length > 0);
    expect(all.map((row) => row.id)).toEqual([submittedId]);
    expect(await app.first('reports.list', { state: 'draft' })).toEqual([]);
  });

  it('a mentor sees only their own reports, and filters them', async () => {
    await app.signIn('mentor02');
    expect(await app.first('reports.list', {})).toEqual([]);
    await app.signIn('mentor01');
    const mine = await app.until('reports.list', {}, (rows) => rows.length === 2);
    // Newest first.
    expect(mine.map((row) => row.id)).toEqual([draftId, submittedId]);
    expect((await app.first('reports.list', { type: 'task' })).map((row) => row.id)).toEqual([
      submittedId,
    ]);
    expect((await app.first('reports.list', { state: 'draft' })).map((row) => row.id)).toEqual([
      draftId,
    ]);
    expect((await app.first('reports.list', { taskId: 't1' })).map((row) => row.id)).toEqual([
      submittedId,
    ]);
  });

  it('exports a report to a PDF file in the exports folder, never overwriting another', async () => {
    await app.signIn('mentor01');
    const exported = await app.call('reports.exportPdf', { reportId: submittedId });
    expect(exported.mimeType).toBe('application/pdf');
    expect(exported.fileName).toMatch(/^Week-1-\d{4}-\d{2}-\d{2}\.pdf$/);
    expect(exported.path).toBe(join(app.dataDir, 'exports', exported.fileName));
    expect(existsSync(exported.path)).toBe(true);
    const bytes = readFileSync(exported.path);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(Buffer.from(exported.dataBase64, 'base64').equals(bytes)).toBe(true);
    // The document's metadata is not compressed: its title is there as written.
    expect(bytes.toString('latin1')).toMatch(/\/Title \d+ 0 R/);
    expect(bytes.toString('latin1')).toContain('(Week 1)');
    const visible = pdfText(exported.path);
    if (visible !== undefined) {
      for (const words of [
        'Week 1',
        'Ada Lovelace',
        'Frontend mentoring',
        'Review a pull request',
        'Achievements',
        'First pull request merged',
        'Blockers',
        'CI is slow',
        'Recommendations',
        'Page 1 of 1',
      ]) {
        expect(visible).toContain(words);
      }
    }

    // The same report again is the same file; a different report of the same name gets a number.
    const again = await app.call('reports.exportPdf', { reportId: submittedId });
    expect(again.path).toBe(exported.path);
    const namesake = await app.call('reports.write', {
      type: 'task',
      programmeId: 'p1',
      taskId: 't1',
      title: 'Week 1',
      ...text,
      achievements: 'Something else',
      submit: true,
    });
    const second = await app.call('reports.exportPdf', { reportId: namesake.id });
    expect(second.fileName).toBe(exported.fileName.replace('.pdf', '-2.pdf'));
    expect(readFileSync(exported.path).equals(bytes)).toBe(true);

    const draftExport = await app.call('reports.exportPdf', { reportId: draftId });
    expect(draftExport.fileName).toMatch(/^Private-draft-.*-draft\.pdf$/);
    const draftText = pdfText(draftExport.path);
    if (draftText !== undefined) expect(draftText).toContain('DRAFT');
  });

  it('the author discards a draft', async () => {
    await app.signIn('mentor01');
    expect(await app.call('reports.discardDraft', { reportId: draftId })).toBeNull();
    expect(await app.first('reports.detail', { reportId: draftId })).toBeNull();
    const left = await app.until('reports.list', {}, (rows) =>
      rows.every((row) => row.id !== draftId),
    );
    expect(left.map((row) => row.state)).toEqual(['submitted', 'submitted']);
    expect(await app.attempt('reports.discardDraft', { reportId: draftId })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });
  it('keeps an over-long field on this machine, flagged, until it is shortened', async () => {
    await app.signIn('mentor01');
    const long = 'x'.repeat(100_000);
    // The contract refuses the long text in the report itself, with a sentence about the field.
    const tooLong = await app.attempt('reports.write', {
      type: 'task',
      programmeId: 'p1',
      taskId: 't1',
      title: 'Week 2',
      ...text,
      achievements: long,
    });
    expect(tooLong).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        message: 'Keep Achievements to 20,000 characters or fewer (it has 100,000).',
      },
    });
    // So the rest is saved and the long field is held back.
    const draft = await app.call('reports.write', {
      type: 'task',
      programmeId: 'p1',
      taskId: 't1',
      title: 'Week 2',
      ...text,
      blockers: 'Waiting for access',
    });
    expect(
      await app.call('reports.holdText', { reportId: draft.id, field: 'achievements', text: long }),
    ).toBeNull();
    const held = await app.until(
      'reports.detail',
      { reportId: draft.id },
      (value) => value?.held.achievements !== undefined,
    );
    expect(held?.held).toEqual({ achievements: long });
    expect(held?.report.achievements).toBe('');

    // Submitting without it would send less than was written: refused until it is shortened.
    const submit = await app.attempt('reports.submit', { reportId: draft.id });
    expect(submit).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ path: 'achievements' }] },
    });
    if (!submit.ok)
      expect(submit.error.message).toMatch(
        /Achievements is longer than a report allows \(100,000 of 20,000 characters\)/,
      );

    // It is on this machine only: the server's copy of the draft has none of it...
    await app.synced();
    const onServer = await http(
      app.server,
      'server-admin',
      'GET',
      pathOf('reports', { _id: draft.id, state: 'draft', createdBy: 'mentor01' }),
    );
    expect(JSON.stringify(onServer.body)).not.toContain('xxxxxxxxxx');
    // ...and it outlives signing out and in again (the database is closed and reopened).
    await app.signOut();
    await app.signIn('mentor01');
    expect((await app.first('reports.detail', { reportId: draft.id }))?.held).toEqual({
      achievements: long,
    });

    // Shortened and saved: nothing is held any more, and the report can be submitted.
    await app.call('reports.edit', { reportId: draft.id, achievements: long.slice(0, 500) });
    expect(
      (
        await app.until(
          'reports.detail',
          { reportId: draft.id },
          (value) => value?.held.achievements === undefined,
        )
      )?.held,
    ).toEqual({});
    expect((await app.call('reports.submit', { reportId: draft.id })).state).toBe('submitted');

    // Holding text for someone else's draft is refused like editing it.
    await app.signIn('mentor02');
    expect(
      await app.attempt('reports.holdText', { reportId: draft.id, field: 'title', text: 'mine' }),
    ).toMatchObject({ ok: false });
  });

  it('prints every script as typed: the app’s fonts, not "?" for anything beyond Latin-1', async () => {
    await app.signIn('mentor01');
    const lines = {
      title: 'Semana 1 — Ελληνικά, Кириллица',
      achievements: 'مرحبا بالعالم\n\nשלום עולם',
      blockers: '数据科学 — 日本語のテスト',
      recommendations: '한국어 이름 🚀 done',
    };
    const report = await app.call('reports.write', {
      type: 'task',
      programmeId: 'p1',
      taskId: 't1',
      ...lines,
      submit: true,
    });
    const exported = await app.call('reports.exportPdf', { reportId: report.id });
    const { text } = await readPdfText(readFileSync(exported.path));
    expect(text).not.toContain('?');
    for (const words of [
      'Semana 1 — Ελληνικά, Кириллица',
      'مرحبا',
      'بالعالم',
      'שלום',
      'עולם',
      '数据科学 — 日本語のテスト',
      '한국어 이름 🚀 done',
    ]) {
      expect(text).toContain(words);
    }
  });

  it('a draft whose author was taken off its programme stays a draft: submitting it says why', async () => {
    await app.signIn('mentor02');
    const draft = await app.call('reports.write', {
      type: 'programme',
      programmeId: 'p1',
      title: 'Before I left',
      ...text,
      achievements: 'Paired twice',
    });
    await app.synced();
    const removed = await update(
      app.server,
      'server-admin',
      databaseOf(orgScope),
      couchIdOf('programmeMembers', 'p1~mentor02'),
      { _deleted: true },
    );
    expect(removed.status).toBe(201);
    await app.until('reports.targets', {}, (value) =>
      value.programmes.every((entry) => entry.id !== 'p1'),
    );
    expect(await app.attempt('reports.submit', { reportId: draft.id })).toMatchObject({
      ok: false,
      error: {
        code: 'forbidden',
        message:
          'You can only report on programmes you are part of; you are not in “Frontend mentoring”.',
      },
    });
    // Nothing lost: the draft is theirs, as written, to keep or throw away.
    expect(await app.first('reports.detail', { reportId: draft.id })).toMatchObject({
      report: { state: 'draft', achievements: 'Paired twice' },
    });
  });
});
