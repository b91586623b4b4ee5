import { describe, expect, it } from 'vitest';
import { createChangesPages } from './changes-pages';

/** A server whose `_changes` counts its readers and answers `limit` documents from `since`. */
const countingServer = () => {
  const asked: string[] = [];
  const fetchChanges: typeof fetch = (input) => {
    const url = new URL(input instanceof Request ? input.url : input);
    asked.push(`${url.pathname} ${url.searchParams.get('since') ?? ''}`);
    const since = Number(url.searchParams.get('since'));
    const limit = Number(url.searchParams.get('limit'));
    const results = Array.from({ length: limit }, (_, i) => ({
      doc: { _id: `tasks:t${since + i + 1}`, title: 'x' },
    }));
    return Promise.resolve(Response.json({ results, last_seq: since + limit }));
  };
  return { asked, fetchChanges };
};

describe('changes pages', () => {
  it('reads a page once for all the collections of its database, then again', async () => {
    const { asked, fetchChanges } = countingServer();
    const pages = createChangesPages({
      serverUrl: 'http://server/',
      fetch: fetchChanges,
      readers: (database) => (database === 'mmm-p' ? 3 : 1),
    });
    const three = await Promise.all([1, 2, 3].map(() => pages.read('mmm-p', '0', 2)));
    expect(asked).toEqual(['/mmm-p/_changes 0']);
    expect(three.map((page) => page.lastSeq)).toEqual(['2', '2', '2']);
    // Every reader had it: a fourth asks the server (something new may have come since).
    await pages.read('mmm-p', '0', 2);
    // A database read by one collection keeps nothing.
    await pages.read('mmm-org', '0', 2);
    await pages.read('mmm-org', '0', 2);
    expect(asked).toEqual([
      '/mmm-p/_changes 0',
      '/mmm-p/_changes 0',
      '/mmm-org/_changes 0',
      '/mmm-org/_changes 0',
    ]);
  });

  it('forgets what it kept of a database when its feed starts', async () => {
    const { asked, fetchChanges } = countingServer();
    const pages = createChangesPages({
      serverUrl: 'http://server',
      fetch: fetchChanges,
      readers: () => 2,
    });
    await pages.read('mmm-p', '4', 2);
    pages.forget('mmm-p');
    await pages.read('mmm-p', '4', 2);
    expect(asked).toEqual(['/mmm-p/_changes 4', '/mmm-p/_changes 4']);
  });

  it('hands a failed read to nobody else', async () => {
    let calls = 0;
    const pages = createChangesPages({
      serverUrl: 'http://server',
      fetch: () => {
        calls += 1;
        return Promise.resolve(new Response('down', { status: calls === 1 ? 503 : 200 }));
      },
      readers: () => 2,
    });
    await expect(pages.read('mmm-p', '0', 2)).rejects.toThrow('answered 503');
    await expect(pages.read('mmm-p', '0', 2)).rejects.toThrow();
    expect(calls).toBe(2);
  });

  it('reads the next page ahead for every collection of the database, and forgets it like the rest', async () => {
    const { asked, fetchChanges } = countingServer();
    const pages = createChangesPages({
      serverUrl: 'http://server',
      fetch: fetchChanges,
      readers: (database) => (database === 'mmm-p' ? 2 : 1),
    });
    pages.prefetch('mmm-p', '2', 2);
    pages.prefetch('mmm-p', '2', 2);
    const both = await Promise.all([pages.read('mmm-p', '2', 2), pages.read('mmm-p', '2', 2)]);
    expect(both.map((page) => page.lastSeq)).toEqual(['4', '4']);
    expect(asked).toEqual(['/mmm-p/_changes 2']);
    // Even a database read by one collection keeps the page read ahead for it.
    pages.prefetch('mmm-org', '0', 2);
    await pages.read('mmm-org', '0', 2);
    expect(asked).toEqual(['/mmm-p/_changes 2', '/mmm-org/_changes 0']);
    // Changes came meanwhile: what was read ahead may be older, and is read again.
    pages.prefetch('mmm-p', '4', 2);
    pages.forget('mmm-p');
    await pages.read('mmm-p', '4', 2);
    expect(asked.slice(2)).toEqual(['/mmm-p/_changes 4', '/mmm-p/_changes 4']);
  });
});
