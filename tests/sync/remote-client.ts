import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { SyncStatus } from '../../electron/core/sync/sync-engine';
import type { SyncIssue } from '../../electron/core/sync/sync-issues';

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
  const child: ChildProcess = fork(join(__dirname, 'client-process.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const ready = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.on(
      'message',
      (message: {
        ready?: boolean;
        id?: number;
        ok?: boolean;
        value?: unknown;
        error?: string;
      }) => {
        if (message.ready) {
          resolve();
          return;
        }
        const waiter = message.id === undefined ? undefined : pending.get(message.id);
        if (!waiter || message.id === undefined) return;
        pending.delete(message.id);
        if (message.ok) waiter.resolve(message.value);
        else waiter.reject(new Error(message.error));
      },
    );
  });
  await ready;
  const remote: RemoteClient = {
    call: <T>(op: string, callArgs: Record<string, unknown> = {}) =>
      new Promise<T>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ id, op, args: callArgs });
      }),
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
      child.kill();
    },
  };
  await remote.call('start', args);
  return remote;
};
