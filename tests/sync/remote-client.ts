import type { SyncStatus } from '../../electron/core/sync/sync-engine';
import type { SyncIssue } from '../../electron/core/sync/sync-issues';
import { startWorker } from './worker';

/** A TestClient in a child process, driven over IPC. */
export interface RemoteClient {
  call<T = unknown>(op: string, args?: Record<string, unknown>): Promise<T>;
  status(): Promise<SyncStatus>;
  issues(): Promise<SyncIssue[]>;
  waitFor(
    what: string,
    check: (client: RemoteClient) => Promise<boolean>,
    timeoutMs?: number,
  ): Promise<void>;
  close(): Promise<void>;
}

export const startRemoteClient = async (args: Record<string, unknown>): Promise<RemoteClient> => {
  const worker = await startWorker('client-process.ts');
  const remote: RemoteClient = {
    call: (op, callArgs) => worker.call(op, callArgs),
    status: () => remote.call<SyncStatus>('status'),
    issues: () => remote.call<SyncIssue[]>('issues'),
    waitFor: async (what, check, timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (await check(remote)) return;
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
      throw new Error(
        `Timed out waiting for ${what}; status ${JSON.stringify(await remote.status())}`,
      );
    },
    close: async () => {
      await remote.call('close').catch(() => undefined);
      await worker.stop();
    },
  };
  await remote.call('start', args);
  return remote;
};
