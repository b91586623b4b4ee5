import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** A test process driven over Node's IPC channel: `call(op, args)` answers with its result. */
export interface Worker {
  call<T = unknown>(op: string, args?: Record<string, unknown>): Promise<T>;
  /** Ends the process (after `close` when it answers). */
  stop(): Promise<void>;
}

interface Message {
  readonly ready?: boolean;
  readonly id?: number;
  readonly ok?: boolean;
  readonly value?: unknown;
  readonly error?: string;
}

/** Forks `file` (beside this one) under tsx and waits for it to say it is ready. */
export const startWorker = async (file: string): Promise<Worker> => {
  const child: ChildProcess = fork(join(__dirname, file), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let dead = false;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => {
    dead = true;
    for (const waiter of pending.values()) waiter.reject(new Error(`${file} exited.`));
    pending.clear();
  });
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.on('message', (message: Message) => {
      if (message.ready) {
        resolve();
        return;
      }
      const waiter = message.id === undefined ? undefined : pending.get(message.id);
      if (!waiter || message.id === undefined) return;
      pending.delete(message.id);
      if (message.ok) waiter.resolve(message.value);
      else waiter.reject(new Error(message.error));
    });
  });
  return {
    call: <T>(op: string, args: Record<string, unknown> = {}) =>
      new Promise<T>((resolve, reject) => {
        // A process that died (killed in a test) answers nothing: the call fails at once.
        if (dead) {
          reject(new Error(`${file} exited.`));
          return;
        }
        const id = nextId++;
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ id, op, args }, (error) => {
          if (!error) return;
          pending.delete(id);
          reject(error);
        });
      }),
    stop: async () => {
      child.kill();
      await exited;
    },
  };
};

/**
 * The child's side: answers each `call` with `handle(op, args)`, then says it is ready. Failures go
 * back with their stack, so the parent's error shows where the child failed.
 */
export const serveWorker = (
  handle: (op: string, args: Record<string, unknown>) => Promise<unknown>,
) => {
  process.on('message', (message: { id: number; op: string; args: Record<string, unknown> }) => {
    handle(message.op, message.args).then(
      (value) => process.send?.({ id: message.id, ok: true, value }),
      (error: unknown) =>
        process.send?.({
          id: message.id,
          ok: false,
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        }),
    );
  });
  process.send?.({ ready: true });
};
