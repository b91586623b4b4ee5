import { afterAll, describe, expect, it } from 'vitest';
import { getChangedDocumentsSince, randomToken } from 'rxdb';
import type { RxStorageDefaultCheckpoint } from 'rxdb';
import {
  STORAGES_UNDER_TEST,
  insertAll,
  mentorSchema,
  newDocument,
  nextRevision,
  openInstance,
  queryIds,
  sampleMentors,
} from './conformance-fixtures';
import type { MentorInstance } from './conformance-fixtures';

async function pageAllChanges(instance: MentorInstance, limit: number): Promise<string[][]> {
  const pages: string[][] = [];
  let checkpoint: RxStorageDefaultCheckpoint | undefined;
  for (;;) {
    const page = await getChangedDocumentsSince(instance, limit, checkpoint);
    if (page.documents.length === 0) {
      // An exhausted feed keeps the checkpoint it was given.
      expect(page.checkpoint).toEqual(checkpoint ?? { id: '', lwt: 0 });
      return pages;
    }
    pages.push(page.documents.map((doc) => doc.id));
    checkpoint = page.checkpoint as RxStorageDefaultCheckpoint;
  }
}

describe.each(STORAGES_UNDER_TEST)('lifecycle on $name storage', (under) => {
  afterAll(() => under.dispose());

  it('pages changes by (lwt, id), across many documents with the same lwt', async () => {
    const instance = await openInstance(under.create());
    const sameTime = 1_700_000_000_000;
    // Inserted out of id order, 23 of them in the same millisecond.
    const data = sampleMentors(30).reverse();
    const rows = data.map((m, i) => ({
      document: newDocument(m, i < 23 ? sameTime : sameTime + i),
    }));
    await instance.bulkWrite(rows, 'insert');
    const pages = await pageAllChanges(instance, 7);
    expect(pages.map((page) => page.length)).toEqual([7, 7, 7, 7, 2]);
    const expected = [
      ...data
        .slice(0, 23)
        .map((m) => m.id)
        .sort(),
      ...data.slice(23).map((m) => m.id),
    ];
    expect(pages.flat()).toEqual(expected);

    // An update moves the document to the end of the feed; deletions are changes too.
    const [first] = await instance.findDocumentsById([expected[0] ?? ''], false);
    if (!first) throw new Error('no document');
    await instance.bulkWrite(
      [{ previous: first, document: nextRevision(first, { _deleted: true }) }],
      'd',
    );
    expect((await pageAllChanges(instance, 100)).flat().at(-1)).toBe(first.id);
    await instance.close();
  });

  it('cleanup purges tombstones older than the given age and keeps live documents', async () => {
    const instance = await openInstance(under.create());
    const written = await insertAll(instance, sampleMentors(6));
    const doomed = written.slice(0, 3);
    await instance.bulkWrite(
      doomed.map((doc) => ({ previous: doc, document: nextRevision(doc, { _deleted: true }) })),
      'delete',
    );
    expect(await instance.cleanup(60_000)).toBe(true);
    expect(await instance.findDocumentsById(['m000', 'm001', 'm002'], true)).toHaveLength(3);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await instance.cleanup(0)).toBe(true);
    expect(await instance.findDocumentsById(['m000', 'm001', 'm002'], true)).toEqual([]);
    expect((await queryIds(instance, {})).sort()).toEqual(['m003', 'm004', 'm005']);
    await instance.close();
  });

  it('keeps data after every instance is closed and a new one opens', async () => {
    const storage = under.create();
    const databaseName = `db${randomToken(8)}`;
    const first = await openInstance(storage, { databaseName });
    const written = await insertAll(first, sampleMentors(4));
    await first.close();
    const second = await openInstance(storage, { databaseName });
    expect(await second.findDocumentsById(['m000', 'm003'], false)).toEqual([
      written[0],
      written[3],
    ]);
    await second.close();
  });

  it('keeps many collections of one database apart', async () => {
    const storage = under.create();
    const databaseName = `db${randomToken(8)}`;
    const names = Array.from({ length: 12 }, (_, i) => `collection${i}`);
    const instances = await Promise.all(
      names.map((collectionName) => openInstance(storage, { databaseName, collectionName })),
    );
    await Promise.all(instances.map((instance, i) => insertAll(instance, sampleMentors(i + 1))));
    const counts = await Promise.all(instances.map(async (i) => (await queryIds(i, {})).length));
    expect(counts).toEqual(names.map((_, i) => i + 1));
    await Promise.all(instances.map((instance) => instance.close()));
  });

  it('keeps schema versions of one collection apart', async () => {
    const storage = under.create();
    const databaseName = `db${randomToken(8)}`;
    const v0 = await openInstance(storage, { databaseName, schema: mentorSchema(0) });
    const v1 = await openInstance(storage, { databaseName, schema: mentorSchema(1) });
    await insertAll(v0, sampleMentors(3));
    await insertAll(v1, sampleMentors(1));
    expect(await queryIds(v0, {})).toHaveLength(3);
    expect(await queryIds(v1, {})).toHaveLength(1);
    await v0.close();
    await v1.close();
  });

  it('remove deletes the collection for every instance', async () => {
    const storage = under.create();
    const databaseName = `db${randomToken(8)}`;
    const a = await openInstance(storage, { databaseName });
    const b = await openInstance(storage, { databaseName });
    await insertAll(a, sampleMentors(3));
    await a.remove();
    const write = async () =>
      b.bulkWrite([{ document: newDocument(sampleMentors(1)[0]!) }], 'late');
    await expect(write()).rejects.toThrow(/removed/);
    await b.close();
    const fresh = await openInstance(storage, { databaseName });
    expect(await queryIds(fresh, {})).toEqual([]);
    await fresh.close();
  });
});
