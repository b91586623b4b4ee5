import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalPath } from './request-path';
import { accessFor } from './routes';

/** docs/SECURITY.md's allow-list table and routes.ts say the same. */
const doc = readFileSync(new URL('../../docs/SECURITY.md', import.meta.url), 'utf8');
const section = doc.slice(
  doc.indexOf('The allow-list'),
  doc.indexOf('`<db>` is any database name'),
);
const rows = section
  .split('\n')
  .filter((line) => line.startsWith('| `'))
  .map((line) => {
    const [methods = '', path = ''] = line.split('|').slice(1, 3);
    return {
      methods: [...methods.matchAll(/`([A-Z]+)`/g)].map((match) => match[1] ?? ''),
      path: path.trim().replace(/^`|`$/g, ''),
    };
  });

const concrete = (path: string) =>
  path
    .replace('<db>', 'mmm-tasks')
    .replace('<id>', 't1')
    .replace('<name>', 'ada')
    .replace('<sha256>', 'ab'.repeat(32));
const segmentsOf = (path: string) => {
  const canonical = canonicalPath(concrete(path));
  if (!canonical.ok) throw new Error(canonical.reason);
  return canonical.segments;
};

describe('the documented allow-list', () => {
  it('has the routes of the app', () => {
    expect(rows.length).toBeGreaterThanOrEqual(14);
  });

  it('is exactly what the guard lets through, method by method', () => {
    const methods = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'COPY', 'PATCH', 'OPTIONS'];
    for (const row of rows) {
      for (const method of methods) {
        const documented = rows.some(
          (other) => other.path === row.path && other.methods.includes(method),
        );
        const allowed = accessFor(method, segmentsOf(row.path)).kind !== 'refused';
        expect(allowed, `${method} ${row.path}`).toBe(documented);
      }
    }
  });
});
