import type { CommandName, InputOf, LiveQueryName, ResultOf } from './contract';
import { hostMessageSchema } from './protocol';
import type { ClientMessage } from './protocol';
import { fail } from './result';
import type { HostResult } from './result';

/**
 * A transport seen from the client: Electron IPC in the preload, a WebSocket in browser mode, an
 * in-memory pipe in tests.
 */
export interface HostPort {
  /** Returns false when the message could not be sent (disconnected). */
  send(message: ClientMessage): boolean;
  onMessage(listener: (message: unknown) => void): () => void;
  /** Connection changes, for transports that can drop (the WebSocket). */
  onConnectionChange?(listener: (connected: boolean) => void): () => void;
}

export type Unsubscribe = () => void;

/** The typed client the renderer uses. The same object is exposed by the preload. */
export interface HostClient {
  call<N extends CommandName>(name: N, input: InputOf<N>): Promise<HostResult<ResultOf<N>>>;
  watch<N extends LiveQueryName>(
    name: N,
    input: InputOf<N>,
    onResult: (result: HostResult<ResultOf<N>>) => void,
  ): Unsubscribe;
}

interface Watch {
  readonly name: string;
  readonly input: unknown;
  readonly onResult: (result: HostResult<unknown>) => void;
}

export const createHostClient = (port: HostPort): HostClient => {
  let nextId = 1;
  const pendingCalls = new Map<number, (result: HostResult<unknown>) => void>();
  const watches = new Map<number, Watch>();

  port.onMessage((raw) => {
    const parsed = hostMessageSchema.safeParse(raw);
    if (!parsed.success) return; // A garbled message from the host is dropped, never thrown.
    const message = parsed.data;
    if (message.t === 'result') {
      const resolve = pendingCalls.get(message.id);
      pendingCalls.delete(message.id);
      resolve?.(message.result);
      return;
    }
    const watch = watches.get(message.id);
    if (!watch) return;
    if (!message.result.ok) watches.delete(message.id);
    watch.onResult(message.result);
  });

  port.onConnectionChange?.((connected) => {
    if (connected) {
      // The host forgot our subscriptions with the old connection: ask again.
      for (const [id, watch] of watches) {
        port.send({ t: 'watch', id, name: watch.name, input: watch.input });
      }
      return;
    }
    for (const [id, resolve] of pendingCalls) {
      pendingCalls.delete(id);
      resolve(fail('unavailable', 'The connection to the app host was lost. Try again.'));
    }
  });

  return {
    call<N extends CommandName>(name: N, input: InputOf<N>): Promise<HostResult<ResultOf<N>>> {
      const id = nextId++;
      return new Promise((resolve) => {
        pendingCalls.set(id, resolve as (result: HostResult<unknown>) => void);
        if (!port.send({ t: 'call', id, name, input })) {
          pendingCalls.delete(id);
          resolve(fail('unavailable', 'The app host is not connected. Try again.'));
        }
      });
    },
    watch<N extends LiveQueryName>(
      name: N,
      input: InputOf<N>,
      onResult: (result: HostResult<ResultOf<N>>) => void,
    ): Unsubscribe {
      const id = nextId++;
      watches.set(id, { name, input, onResult: onResult as (result: HostResult<unknown>) => void });
      // If disconnected now, the watch is sent on reconnect.
      port.send({ t: 'watch', id, name, input });
      return () => {
        if (watches.delete(id)) port.send({ t: 'unwatch', id });
      };
    },
  };
};
