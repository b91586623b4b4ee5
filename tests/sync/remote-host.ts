import type {
  CommandName,
  HostResult,
  InputOf,
  LiveQueryName,
  ResultOf,
  SyncIssue,
  SyncStatus,
} from '../../shared/contract';
import type { CollectionName } from '../../shared/schema';
import { startWorker } from './worker';

export type Dump = Record<CollectionName, Record<string, unknown>[]>;

/** A write a command made to the local database, with the version it replaced. */
export interface LocalWrite {
  readonly collection: CollectionName;
  readonly docId: string;
  /** null: the document did not exist (or was deleted). */
  readonly before: Record<string, unknown> | null;
  /** null: the command deleted it. */
  readonly after: Record<string, unknown> | null;
}

/** An installation of the app in its own process (host-process.ts), driven through the contract. */
export interface RemoteHost {
  readonly username: string;
  call<N extends CommandName>(name: N, input: InputOf<N>): Promise<HostResult<ResultOf<N>>>;
  /** A command, with the writes it made to the local database. */
  command(
    name: CommandName,
    input: unknown,
  ): Promise<{ result: HostResult<unknown>; writes: LocalWrite[] }>;
  first<N extends LiveQueryName>(name: N, input: InputOf<N>): Promise<ResultOf<N>>;
  /** Every document of its local database. */
  dump(): Promise<Dump>;
  status(): Promise<SyncStatus | null>;
  issues(): Promise<readonly SyncIssue[]>;
  /** Cuts or restores this installation's network. */
  network(online: boolean): Promise<void>;
  /** Closes the app and opens it again on the same data folder (signing in offline if need be). */
  restart(): Promise<void>;
  /** Waits until everything local is on the server and the sync is idle. */
  synced(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export const startRemoteHost = async (options: {
  readonly dataDir: string;
  readonly serverUrl: string;
  readonly username: string;
  readonly password: string;
}): Promise<RemoteHost> => {
  const worker = await startWorker('host-process.ts');
  const first = async <N extends LiveQueryName>(name: N, input: InputOf<N>) => {
    const result = await worker.call<HostResult<ResultOf<N>>>('first', { name, input });
    if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
    return result.value;
  };
  const remote: RemoteHost = {
    username: options.username,
    call: (name, input) => worker.call('call', { name, input }),
    command: (name, input) => worker.call('command', { name, input }),
    first,
    dump: () => worker.call<Dump>('dump'),
    status: () => first('sync.status', {}),
    issues: () => first('sync.issues', {}),
    network: async (online) => {
      await worker.call('network', { online });
    },
    restart: async () => {
      await worker.call('restart');
    },
    synced: async (timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      let status: SyncStatus | null = null;
      while (Date.now() < deadline) {
        status = await remote.status();
        if (status?.state === 'idle' && status.outboxTotal === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error(`${options.username} never synced: ${JSON.stringify(status)}`);
    },
    close: async () => {
      await worker.call('close').catch(() => undefined);
      await worker.stop();
    },
  };
  await worker.call('start', options);
  return remote;
};
