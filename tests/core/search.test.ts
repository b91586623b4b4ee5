// The global search through the host contract, on the demo organisation in the embedded server.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SEARCH_LIMIT_PER_KIND } from '../../shared/contract';
import type { InputOf, SearchHit } from '../../shared/contract';
import { DEMO_PASSWORD, generateDemoOrganisation } from '../../shared/demo';
import { put, waitFor } from '../server/harness';
import { startAppHarness } from '../support/app-harness';
import type { AppHarness } from '../support/app-harness';

const ofKind = (hits: readonly SearchHit[], kind: SearchHit['kind']) =>
  hits.filter((hit) => hit.kind === kind);

describe('search', () => {
  let app: AppHarness;
  const org = generateDemoOrganisation();
  const reportIds = (filter: (report: (typeof org.reports)[number]) => boolean) =>
    new Set(org.reports.filter(filter).map((report) => report.id));

  /** A search once the index has every document (a sign-in syncs many at once). */
  const search = async (input: InputOf<'search.find'>) => {
    for (;;) {
      const answer = await app.call('search.find', input);
      if (answer.indexing === null) return answer;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const find = async (text: string) => (await search({ text })).hits;

  beforeAll(async () => {
    app = await startAppHarness({ demo: true });
  });
  afterAll(async () => {
    await app.close();
  });

  it('finds programmes by name and description, best matches first', async () => {
    await app.signIn('admin', DEMO_PASSWORD);
    const programme = org.programmes[0];
    if (!programme) throw new Error('The demo has programmes.');
    const byName = await find(programme.name.toUpperCase());
    expect(ofKind(byName, 'programme')[0]).toMatchObject({
      id: programme.id,
      title: programme.name,
      detail: 'Active programme',
    });
    const word = programme.description.split(' ').find((w) => w.length > 6) ?? '';
    const byDescription = await find(word);
    expect(ofKind(byDescription, 'programme').map((hit) => hit.id)).toContain(programme.id);
  });

  it('finds people by username, name and email, a username before a mention', async () => {
    const mentor = org.users.find((user) => user.id === 'mentor01');
    if (!mentor) throw new Error('The demo has mentor01.');
    const hits = await find('MENTOR01');
    expect(ofKind(hits, 'person')[0]).toMatchObject({
      id: 'mentor01',
      title: mentor.fullName,
      detail: `Mentor · ${mentor.email}`,
    });
    const byName = await find(mentor.fullName ?? '');
    expect(ofKind(byName, 'person')[0]?.id).toBe('mentor01');
    const byEmail = await find('demo.mmm.example');
    expect(ofKind(byEmail, 'person')).toHaveLength(SEARCH_LIMIT_PER_KIND);
  });

  it('finds tasks by title, titles starting with the words first, a few per kind', async () => {
    const task = org.tasks[0];
    if (!task) throw new Error('The demo has tasks.');
    const [firstWord = ''] = task.title.split(' ');
    const withWord = org.tasks.filter((t) =>
      t.title.toLowerCase().includes(firstWord.toLowerCase()),
    );
    // Sync may still be bringing the tasks of some programmes (a busy machine says 'idle' between
    // two collections' first pulls): the results fill in as they arrive, as they do on screen.
    let hits: SearchHit[] = [];
    await vi.waitFor(
      async () => {
        hits = ofKind(await find(firstWord.toLowerCase()), 'task');
        expect(hits).toHaveLength(Math.min(SEARCH_LIMIT_PER_KIND, withWord.length));
      },
      { timeout: 20_000, interval: 250 },
    );
    const starts = (title: string) => title.toLowerCase().startsWith(firstWord.toLowerCase());
    const starters = org.tasks.filter((t) => starts(t.title)).length;
    const flags = hits.map((hit) => starts(hit.title));
    // Titles that start with the word come first, then those that only contain it.
    expect(flags).toEqual(flags.map((_, index) => index < Math.min(starters, flags.length)));
    const exact = ofKind(await find(task.title), 'task');
    expect(exact.map((hit) => hit.title)).toContain(task.title);
    expect(exact[0]?.title).toBe(task.title);
    expect(exact[0]?.detail).toMatch(/ · /);
  }, 60_000);

  it('shows each person only the reports they may read', async () => {
    // Every demo report is called "Week N: …".
    const visible = async () => ofKind(await find('week'), 'report').map((hit) => hit.id);

    const submitted = reportIds((r) => r.state === 'submitted');
    const forAdmin = await visible();
    expect(forAdmin).toHaveLength(SEARCH_LIMIT_PER_KIND);
    expect(forAdmin.every((id) => submitted.has(id))).toBe(true);

    await app.signIn('manager1', DEMO_PASSWORD);
    const managed = new Set([
      ...org.programmes.filter((p) => p.createdBy === 'manager1').map((p) => p.id),
      ...org.programmeMembers
        .filter((m) => m.userId === 'manager1' && m.role === 'manager')
        .map((m) => m.programmeId),
    ]);
    const forManager = await visible();
    expect(forManager.length).toBeGreaterThan(0);
    const managerMay = reportIds((r) => r.state === 'submitted' && managed.has(r.programmeId));
    expect(forManager.every((id) => managerMay.has(id))).toBe(true);

    const author = org.reports.find((r) => r.state === 'draft')?.createdBy ?? 'mentor01';
    await app.signIn(author, DEMO_PASSWORD);
    const own = reportIds((r) => r.createdBy === author);
    const forMentor = ofKind(await find('week'), 'report');
    expect(forMentor.length).toBe(Math.min(SEARCH_LIMIT_PER_KIND, own.size));
    expect(forMentor.every((hit) => own.has(hit.id))).toBe(true);
    // Their drafts too.
    const draft = org.reports.find((r) => r.createdBy === author && r.state === 'draft');
    if (draft) {
      const hits = ofKind(await find(draft.title), 'report');
      expect(hits.find((hit) => hit.id === draft.id)?.detail).toMatch(/Draft$/);
    }
  });

  it('never shows a mentor another person’s draft or a chat they are not in', async () => {
    const mentor = 'mentor03';
    await app.signIn(mentor, DEMO_PASSWORD);
    const myChats = new Set(
      org.chats.filter((chat) => chat.memberIds.includes(mentor)).map((chat) => chat.id),
    );
    const hidden = org.messages.filter((message) => !myChats.has(message.chatId));
    // The test means something: others' chats hold messages with the same words as the mentor's.
    expect(hidden.length).toBeGreaterThan(0);
    const seen = new Set<string>();
    for (const body of new Set(org.messages.map((message) => message.body))) {
      const { hits } = await search({ text: body, kinds: ['message'] });
      for (const hit of hits) {
        seen.add(hit.id);
        expect(myChats.has(hit.parentId ?? '')).toBe(true);
      }
    }
    const mine = org.messages.filter((message) => myChats.has(message.chatId));
    expect(mine.some((message) => seen.has(message.id))).toBe(true);

    const othersDrafts = org.reports.filter((r) => r.state === 'draft' && r.createdBy !== mentor);
    expect(othersDrafts.length).toBeGreaterThan(0);
    for (const draft of othersDrafts) {
      const { hits } = await search({ text: draft.title, kinds: ['report'] });
      expect(hits.map((hit) => hit.id)).not.toContain(draft.id);
    }
    // Nor someone else's task.
    const { hits: tasks } = await search({ text: 'the', kinds: ['task'] });
    const assigned = new Set(
      org.tasks.filter((task) => task.assignees.includes(mentor)).map((task) => task.id),
    );
    expect(tasks.every((hit) => assigned.has(hit.id))).toBe(true);
  });

  it('finds synced messages as they are typed: prefixes, typos, accents, CJK, marked', async () => {
    const chat = org.chats.find((c) => c.kind === 'programme');
    if (!chat) throw new Error('The demo has programme channels.');
    await app.signIn(chat.createdBy, DEMO_PASSWORD);
    // Written on the server by someone else: it arrives through sync, then the change stream.
    const at = new Date().toISOString();
    const id = `zz-search-${Date.now()}`;
    const written = await put(app.server, 'server-admin', 'mmm-messages', {
      _id: id,
      id,
      chatId: chat.id,
      createdBy: chat.createdBy,
      body: 'Zoë’s café résumé is ready: 明天的会议室 and レビュー after the meeting.',
      createdAt: at,
      updatedAt: at,
    });
    expect(written.status).toBe(201);
    const findMessage = async (text: string) =>
      (await search({ text, kinds: ['message'] })).hits.find((hit) => hit.id === id);
    await waitFor(
      'the synced message to be found',
      async () => (await findMessage('zoe')) !== undefined,
    );
    for (const text of ['zoe cafe', 'RESUME', 'resu', 'cafe resmue', '会议', '会', 'レビュー']) {
      expect(await findMessage(text), text).toBeDefined();
    }
    const hit = await findMessage('cafe 会议');
    expect(hit?.parentId).toBe(chat.id);
    const excerpt = hit?.excerpt;
    const marked = excerpt?.matches.map((m) => excerpt.text.slice(m.start, m.end));
    expect(marked).toEqual(['café', '会议']);

    const { hits: typing } = await search({ text: 'morn', kinds: ['message'] });
    const first = typing.find((h) => h.id !== id);
    const match = first?.excerpt?.matches[0];
    expect(first?.excerpt?.text.slice(match?.start, match?.end)).toBe('Morning');
    const { hits: typo } = await search({
      text: 'preesnting',
      kinds: ['message'],
    });
    expect(typo.map((h) => h.excerpt?.text)).toContainEqual(expect.stringMatching(/presenting/));
    const { hits: people } = await search({ text: 'muller', kinds: ['person'] });
    const withMuller = org.users.filter((user) => user.fullName?.includes('Müller'));
    expect(people.length).toBe(Math.min(SEARCH_LIMIT_PER_KIND, withMuller.length));
    expect(people.every((h) => /Müller/.test(h.title))).toBe(true);
  });

  it('filters by kind and by programme', async () => {
    const programme = org.programmes[0];
    if (!programme) throw new Error('The demo has programmes.');
    const { hits } = await search({
      text: 'week',
      kinds: ['report', 'task'],
      programmeId: programme.id,
    });
    expect(hits.length).toBeGreaterThan(0);
    const ofProgramme = new Set(
      [...org.reports, ...org.tasks].filter((d) => d.programmeId === programme.id).map((d) => d.id),
    );
    expect(hits.every((hit) => ofProgramme.has(hit.id))).toBe(true);
    expect(hits.every((hit) => hit.kind === 'report' || hit.kind === 'task')).toBe(true);
  });

  it('finds nothing for words nobody used, and refuses an empty search', async () => {
    expect(await search({ text: 'zzzqqq xylophone' })).toEqual({
      hits: [],
      indexing: null,
    });
    const empty = await app.attempt('search.find', { text: '   ' });
    expect(empty).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('takes what is typed as words, never as query syntax: hostile input answers, never fails', async () => {
    const hostile = [
      '"',
      '"week',
      'week*',
      '* ^ - + :',
      'NEAR(week report)',
      'week AND OR NOT report',
      '{title}: week',
      'title:week',
      '(((',
      "'; DROP TABLE entries; --",
      '<script>alert(1)</script>',
      'مرحبا بالعالم',
      '🎉🎉 week',
      'ｗｅｅｋ',
      'x'.repeat(200),
      'a b c d e f g h i j k l m n o p week',
    ];
    for (const text of hostile) {
      const answer = await app.attempt('search.find', { text });
      expect(answer.ok, text).toBe(true);
    }
    // Full-width letters are folded; quotes and stars are not syntax.
    expect((await find('ｗｅｅｋ')).length).toBeGreaterThan(0);
    expect((await find('"week" *')).length).toBeGreaterThan(0);
    const tooLong = await app.attempt('search.find', { text: 'x'.repeat(201) });
    expect(tooLong).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('refuses while signed out', async () => {
    await app.signOut();
    const refused = await app.attempt('search.find', { text: 'week' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
