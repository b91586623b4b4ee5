// A test client in its own process (RxDB's open-source build allows 13 collections per process,
// and one client uses them all). The parent drives it over Node's IPC channel.
import { isCollectionName } from '../../shared/schema';
import { firstValueFrom } from 'rxjs';
import { startTestClient } from './client';
import type { TestClient } from './client';
import { serveWorker } from './worker';

let client: TestClient | undefined;

const collectionOf = (args: Record<string, unknown>) => {
  const name = args['collection'];
  if (!isCollectionName(name) || !client) throw new Error(`No collection ${String(name)}.`);
  return client.database[name] as unknown as {
    insert(doc: unknown): Promise<unknown>;
    bulkInsert(docs: unknown[]): Promise<{ error: unknown[] }>;
    findOne(id: string): {
      exec(): Promise<{
        toJSON(): unknown;
        incrementalPatch(p: unknown): Promise<unknown>;
        remove(): Promise<unknown>;
      } | null>;
    };
    count(): { exec(): Promise<number> };
  };
};

const handle = async (op: string, args: Record<string, unknown>): Promise<unknown> => {
  switch (op) {
    case 'start':
      client = await startTestClient(args as never);
      return null;
    case 'insert':
      await collectionOf(args).insert(args['doc']);
      return null;
    case 'bulkInsert': {
      const result = await collectionOf(args).bulkInsert(args['docs'] as unknown[]);
      return result.error.length;
    }
    case 'patch': {
      const doc = await collectionOf(args).findOne(String(args['docId'])).exec();
      if (!doc) throw new Error(`No document ${String(args['docId'])}.`);
      await doc.incrementalPatch(args['fields']);
      return null;
    }
    case 'remove': {
      const doc = await collectionOf(args).findOne(String(args['docId'])).exec();
      await doc?.remove();
      return null;
    }
    case 'get': {
      const doc = await collectionOf(args).findOne(String(args['docId'])).exec();
      return doc ? doc.toJSON() : null;
    }
    case 'count':
      return collectionOf(args).count().exec();
    case 'status':
      return client?.status();
    case 'issues':
      return client?.issues.current();
    case 'databases':
      return client ? firstValueFrom(client.engine.databases$) : [];
    case 'pause':
      await client?.engine.pause();
      return null;
    case 'resume':
      await client?.engine.resume();
      return null;
    case 'close':
      await client?.close();
      client = undefined;
      return null;
    default:
      throw new Error(`Unknown op ${op}.`);
  }
};

serveWorker(handle);
