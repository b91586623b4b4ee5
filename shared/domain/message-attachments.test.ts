import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { broadcastChatId } from './conversations';
import { checkWrite } from './checkWrite';
import { FILE_NAME_MAX, attachmentsProblem, cleanFileName, fileNameProblem } from './files';

type Doc = Record<string, unknown>;
const T0 = '2025-01-01T00:00:00.000Z';
const AT = '2025-02-01T00:00:00.000Z';
const mentor1 = { name: 'mentor1', roles: ['mentor'] };
const write = (newDoc: Doc, oldDoc: Doc | null, user = mentor1) =>
  checkWrite({ collection: 'messages', newDoc, oldDoc, user });

const file = (seed: string, overrides: Doc = {}) => ({
  name: `${seed}.pdf`,
  mimeType: 'application/pdf',
  size: 1200,
  ref: `sha256-${seed.padEnd(64, '0').slice(0, 64)}`,
  ...overrides,
});
const message = (attachments: unknown[], body = 'See attached') => ({
  id: 'm1',
  chatId: 'c1',
  createdBy: 'mentor1',
  body,
  attachments,
  createdAt: T0,
  updatedAt: T0,
});

describe('file names', () => {
  it('keep no direction overrides, controls, path separators or leading dots', () => {
    expect(cleanFileName('CV\u202Efdp.exe')).toBe('CVfdp.exe');
    expect(cleanFileName('\u2067evil\u2069.pdf')).toBe('evil.pdf');
    expect(cleanFileName('../../etc/passwd')).toBe('_.._etc_passwd');
    expect(cleanFileName('C:\\Windows\\system32\\x.dll')).toBe('C__Windows_system32_x.dll');
    expect(cleanFileName('line\nbreak\u0000.txt')).toBe('linebreak.txt');
    expect(cleanFileName('...')).toBe('file');
    expect(cleanFileName('report. ')).toBe('report');
    // Scripts and emoji are names like any other.
    expect(cleanFileName('سيرة ذاتية 简历 📄.pdf')).toBe('سيرة ذاتية 简历 📄.pdf');
  });

  it('are shortened to 255 characters, keeping the extension and never half an emoji', () => {
    const long = `${'a'.repeat(300)}.pdf`;
    expect(cleanFileName(long)).toHaveLength(FILE_NAME_MAX);
    expect(cleanFileName(long).endsWith('.pdf')).toBe(true);
    const emoji = `${'😀'.repeat(200)}.png`;
    const short = cleanFileName(emoji);
    expect(short.length).toBeLessThanOrEqual(FILE_NAME_MAX);
    expect(short.endsWith('😀.png')).toBe(true);
    expect(fileNameProblem(long)).not.toBeNull();
  });

  it('once cleaned are clean, whatever they were', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (name) => {
        const clean = cleanFileName(name);
        expect(fileNameProblem(clean)).toBeNull();
        expect(clean.length).toBeLessThanOrEqual(FILE_NAME_MAX);
        expect(clean).not.toMatch(/[/\\\u202e]/);
        expect(clean.includes('\u0000')).toBe(false);
        expect(cleanFileName(clean)).toBe(clean);
      }),
      { numRuns: 500 },
    );
  });
});

describe('a message’s files (validate_doc_update and the app alike)', () => {
  it('are at most five references to bytes, each once, of a type and size chats take', () => {
    expect(write(message([file('a'), file('b')]), null)).toBeNull();
    expect(write(message([file('a')], '  '), null)).toBeNull();
    expect(write(message([], ' '), null)).toMatch(/some text or a file/);
    const six = ['a', 'b', 'c', 'd', 'e', 'f'].map((seed) => file(seed));
    expect(attachmentsProblem(six)).toMatch(/at most 5/);
    expect(write(message([file('a'), file('a')]), null)).toMatch(/once/);
    expect(write(message([file('a', { ref: '../../etc/passwd' })]), null)).toMatch(/sha256/);
    expect(write(message([file('a', { ref: `sha256-${'A'.repeat(64)}` })]), null)).toMatch(
      /sha256/,
    );
    expect(write(message([file('a', { mimeType: 'text/html' })]), null)).toMatch(/not attached/);
    expect(write(message([file('a', { mimeType: 'image/svg+xml' })]), null)).toMatch(
      /not attached/,
    );
    expect(write(message([file('a', { size: 6 * 1024 * 1024 })]), null)).toMatch(/bytes/);
    expect(write(message([file('a', { size: 0 })]), null)).toMatch(/bytes/);
    expect(attachmentsProblem('not a list')).toMatch(/list/);
  });

  it('have clean names: no direction override, path or overlong name gets through', () => {
    for (const name of ['CV\u202Efdp.exe', '../secret.pdf', 'a\\b.pdf', 'x'.repeat(256)]) {
      expect(write(message([file('a', { name })]), null), name).toMatch(/name/);
    }
    expect(write(message([file('a', { name: 'سيرة ذاتية.pdf' })]), null)).toBeNull();
  });

  it('never change once sent; an edit keeps them, a deletion takes them with the text', () => {
    const sent = message([file('a'), file('b')]);
    const edited = { ...sent, body: 'See the two files', editedAt: AT, updatedAt: AT };
    expect(write(edited, sent)).toBeNull();
    expect(write({ ...edited, attachments: [file('a')] }, sent)).toMatch(/do not change/);
    expect(write({ ...edited, attachments: [file('a'), file('c')] }, sent)).toMatch(
      /do not change/,
    );
    const { attachments: _dropped, ...withoutFiles } = edited;
    expect(write(withoutFiles, sent)).toMatch(/do not change/);
    expect(write({ ...message([]), attachments: [file('a')] }, message([]))).toMatch(
      /do not change/,
    );

    const { attachments: _gone, ...deleted } = { ...sent, body: '', deletedAt: AT, updatedAt: AT };
    expect(write(deleted, sent)).toBeNull();
    expect(write({ ...deleted, attachments: [] }, sent)).toBeNull();
    expect(write({ ...deleted, attachments: [file('a')] }, sent)).toMatch(/keeps no files/);
    // Once deleted, nothing comes back.
    expect(write({ ...deleted, attachments: [file('a')] }, deleted)).toMatch(/does not change/);
  });

  it('are not sent in a broadcast (its readers could not open them)', () => {
    const manager = { name: 'manager1', roles: ['manager'] };
    const broadcast = {
      ...message([file('a')]),
      chatId: broadcastChatId('mentors', '01J0000000000000000000BRDC'),
      createdBy: 'manager1',
    };
    expect(write(broadcast, null, manager)).toMatch(/broadcast carries no files/);
    expect(write({ ...broadcast, attachments: [] }, null, manager)).toBeNull();
  });
});
