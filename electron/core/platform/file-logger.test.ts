import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createFileLogger, RECENT_PROBLEMS } from './file-logger';
import { describeDetail, redactText } from './redact';

const clock = { now: () => new Date('2025-03-04T05:06:07.000Z'), every: () => () => undefined };

describe('the rotating log file', () => {
  it('writes lines with time and level, and echoes them', () => {
    const directory = join(mkdtempSync(join(tmpdir(), 'mmm-log-')), 'logs');
    const echo = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const logger = createFileLogger({ directory, clock, echo });
    logger.info('started', { port: 5984 });
    logger.error('sync failed', new Error('boom'));
    const text = readFileSync(logger.file, 'utf8');
    expect(text).toContain('2025-03-04T05:06:07.000Z INFO  started {"port":5984}');
    expect(text).toMatch(/ERROR sync failed Error: boom\n\s+at /);
    expect(echo.info).toHaveBeenCalledWith('started', { port: 5984 });
    expect(statSync(logger.file).mode & 0o777).toBe(0o600);
  });

  it('rotates by size and keeps a bounded number of files', () => {
    const directory = mkdtempSync(join(tmpdir(), 'mmm-log-'));
    const logger = createFileLogger({ directory, clock, maxBytes: 1000, maxFiles: 3 });
    for (let i = 0; i < 200; i += 1) logger.info(`line ${i} ${'x'.repeat(40)}`);
    expect(readdirSync(directory).sort()).toEqual(['mmm.1.log', 'mmm.2.log', 'mmm.log']);
    for (const name of readdirSync(directory)) {
      expect(statSync(join(directory, name)).size).toBeLessThanOrEqual(1000);
    }
    // The newest lines are in the current file, the ones just before in .1.
    expect(readFileSync(join(directory, 'mmm.log'), 'utf8')).toContain('line 199 ');
    const previous = readFileSync(join(directory, 'mmm.1.log'), 'utf8');
    const firstKept = Number(
      /line (\d+)/.exec(readFileSync(join(directory, 'mmm.log'), 'utf8'))?.[1],
    );
    expect(previous).toContain(`line ${firstKept - 1} `);
    // A new logger on the same folder carries on with the sizes on disk.
    const again = createFileLogger({ directory, clock, maxBytes: 1000, maxFiles: 3 });
    for (let i = 0; i < 50; i += 1) again.info(`more ${i} ${'y'.repeat(40)}`);
    expect(readdirSync(directory)).toHaveLength(3);
    expect(statSync(join(directory, 'mmm.log')).size).toBeLessThanOrEqual(1000);
  });

  it('keeps the last warnings and errors for the diagnostics', () => {
    const logger = createFileLogger({ directory: mkdtempSync(join(tmpdir(), 'mmm-log-')), clock });
    logger.info('not a problem');
    for (let i = 0; i < RECENT_PROBLEMS + 5; i += 1) logger.warn(`problem ${i}`);
    const problems = logger.recentProblems();
    expect(problems).toHaveLength(RECENT_PROBLEMS);
    expect(problems.at(-1)).toEqual({
      at: '2025-03-04T05:06:07.000Z',
      level: 'warn',
      text: `problem ${RECENT_PROBLEMS + 4}`,
    });
    expect(problems.some((p) => p.text.includes('not a problem'))).toBe(false);
  });

  it('never writes a password, a session cookie or an Authorization header', () => {
    const directory = mkdtempSync(join(tmpdir(), 'mmm-log-'));
    const logger = createFileLogger({ directory, clock });
    logger.error('sign-in to https://admin:hunter2-secret@sync.example.org/_session failed');
    logger.warn('set-cookie: AuthSession=YWRtaW46NjdBQjI3NjE6cookie-value; Path=/; HttpOnly');
    logger.warn('request', { headers: { Authorization: 'Basic YWRtaW46aHVudGVyMg==' } });
    logger.error(
      'body',
      { username: 'ada', password: 'hunter2-secret' },
      'password=hunter2-secret',
    );
    logger.error(
      'failed',
      new Error('token: abc.def-secret rejected', { cause: 'Bearer abcdefgh' }),
    );
    const text = readFileSync(logger.file, 'utf8');
    for (const secret of ['hunter2', 'cookie-value', 'YWRtaW46', 'abc.def', 'abcdefgh']) {
      expect(text).not.toContain(secret);
      expect(JSON.stringify(logger.recentProblems())).not.toContain(secret);
    }
    expect(text).toContain('https://admin:***@sync.example.org/_session');
    expect(text).toContain('"username":"ada"');
  });

  it('keeps working on the console when the folder cannot be written', () => {
    const echo = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    // A folder inside a file: every write fails (ENOTDIR).
    const blocker = join(mkdtempSync(join(tmpdir(), 'mmm-log-')), 'a-file');
    writeFileSync(blocker, '');
    const logger = createFileLogger({ directory: join(blocker, 'logs'), clock, echo });
    expect(() => {
      logger.info('one');
      logger.info('two');
    }).not.toThrow();
    expect(echo.error).toHaveBeenCalledOnce();
  });
});

describe('redaction', () => {
  it('leaves ordinary text and server addresses alone', () => {
    expect(redactText('http://127.0.0.1:5984/mmm-tasks/_changes')).toBe(
      'http://127.0.0.1:5984/mmm-tasks/_changes',
    );
    expect(redactText('3 documents pushed')).toBe('3 documents pushed');
    expect(describeDetail(42)).toBe('42');
  });

  it('hides secrets in every spelling it knows', () => {
    expect(redactText('Cookie: AuthSession=abc123')).not.toContain('abc123');
    expect(redactText('{"password":"p\\"w"}')).toBe('{"password":***}');
    expect(redactText("secret='x y'")).toBe('secret=***');
    expect(describeDetail({ nested: { sessionToken: 'abc' }, id: 7 })).toMatch(
      /^\{"nested":\{"sessionToken":"?\*\*\*"?\},"id":7\}$/,
    );
  });
});
