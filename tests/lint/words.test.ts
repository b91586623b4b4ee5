// The words on screen that a person reads: examples that do not date, and no developer messages.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const screens = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return screens(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.includes('.test.') ? [path] : [];
  });

const sources = screens('renderer/src').map((path) => ({ path, text: readFileSync(path, 'utf8') }));

describe('words on screen', () => {
  it('give examples that do not go out of date (no years in placeholders)', () => {
    const dated = sources.flatMap(({ path, text }) =>
      [...text.matchAll(/placeholder=(?:"[^"]*"|\{[^}]*\})/g)]
        .map((match) => match[0])
        .filter((placeholder) => /\b(19|20)\d\d\b/.test(placeholder))
        .map((placeholder) => `${path}: ${placeholder}`),
    );
    expect(dated).toEqual([]);
  });

  it('never show schema internals (question ids, field paths)', () => {
    const internals = sources.flatMap(({ path, text }) =>
      ['Gets its id from', 'kept under the id', 'Invalid input for'].flatMap((words) =>
        text.includes(words) ? [`${path}: ${words}`] : [],
      ),
    );
    expect(internals).toEqual([]);
  });
});
