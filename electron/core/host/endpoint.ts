import { clientMessageSchema, fail } from '../../../shared/contract';
import type { HostMessage } from '../../../shared/contract';
import type { Host } from './host';
import type { CallContext } from './registry';

/** The most live queries one connection may hold open: a runaway client cannot exhaust the host. */
export const MAX_WATCHES_PER_CONNECTION = 500;

export interface HostEndpoint {
  /** Handles one raw message from a client. Never throws. */
  receive(raw: unknown): void;
  /** The connection is gone: ends its live queries. */
  close(): void;
}

/**
 * One client connection on the host side, shared by every transport: it parses the wire messages,
 * runs them on the host and tracks the connection's live queries.
 */
export const createHostEndpoint = (
  host: Host,
  context: CallContext,
  send: (message: HostMessage) => void,
): HostEndpoint => {
  const watches = new Map<number, () => void>();
  let closed = false;

  const reply = (message: HostMessage) => {
    if (!closed) send(message);
  };

  return {
    receive(raw) {
      if (closed) return;
      const parsed = clientMessageSchema.safeParse(raw);
      if (!parsed.success) {
        // Answer if we can tell which request this was; otherwise there is nobody to answer.
        const id = (raw as { id?: unknown } | null)?.id;
        if (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0) {
          reply({ t: 'result', id, result: fail('invalid_input', 'Malformed host message.') });
        }
        return;
      }
      const message = parsed.data;
      switch (message.t) {
        case 'call':
          void host.call(message.name, message.input, context).then((result) => {
            reply({ t: 'result', id: message.id, result });
          });
          return;
        case 'watch': {
          watches.get(message.id)?.();
          if (watches.size >= MAX_WATCHES_PER_CONNECTION) {
            reply({
              t: 'next',
              id: message.id,
              result: fail('unavailable', 'Too many live queries on this connection.'),
            });
            return;
          }
          const watch = { ended: false };
          const stop = host.watch(message.name, message.input, context, (result) => {
            if (!result.ok) {
              watch.ended = true;
              watches.delete(message.id);
            }
            reply({ t: 'next', id: message.id, result });
          });
          // A live query that failed at once is already over: nothing to keep.
          if (!watch.ended) watches.set(message.id, stop);
          return;
        }
        case 'unwatch':
          watches.get(message.id)?.();
          watches.delete(message.id);
          return;
        default: {
          const unreachable: never = message;
          return unreachable;
        }
      }
    },
    close() {
      closed = true;
      for (const stop of watches.values()) stop();
      watches.clear();
    },
  };
};
