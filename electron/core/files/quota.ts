import { collectionNames } from '../../../shared/schema';
import { fileRefSizes } from '../../../shared/domain/file-refs';
import { hexOfRef } from '../../../shared/domain/files';
import type { AppDatabase } from '../database/app-database';
import type { UploadQueue } from './upload-queue';

/**
 * What this machine knows of a person's files on the server (docs/FILES.md "Quota"): those their
 * own documents refer to (what they wrote, or whose `userId` they are) and those waiting to
 * upload, each counted once. The server counts what it holds, so this is a quick answer before
 * queuing, not the judge: files they uploaded elsewhere that no document here refers to are
 * counted by the server only.
 */
export const usedBy = async (
  database: AppDatabase,
  queue: UploadQueue,
  person: { readonly name: string; readonly serverUrl: string },
): Promise<{ readonly total: number; readonly hexes: ReadonlySet<string> }> => {
  const sizes = new Map<string, number>();
  for (const name of collectionNames) {
    const docs = await database.collections[name].find().exec();
    for (const doc of docs) {
      const fields = doc.toJSON() as Readonly<Record<string, unknown>>;
      if (fields['createdBy'] === person.name || fields['userId'] === person.name) {
        fileRefSizes(fields, sizes);
      }
    }
  }
  for (const entry of await queue.list()) {
    const hex = hexOfRef(entry.ref);
    if (hex === undefined || entry.refused !== undefined) continue;
    if (entry.createdBy !== person.name || entry.serverUrl !== person.serverUrl) continue;
    sizes.set(hex, Math.max(sizes.get(hex) ?? 0, entry.size));
  }
  let total = 0;
  for (const size of sizes.values()) total += size;
  return { total, hexes: new Set(sizes.keys()) };
};
