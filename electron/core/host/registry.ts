import type { Observable } from 'rxjs';
import type { CommandName, LiveQueryName, ParsedInputOf, ResultOf } from '../../../shared/contract';

/** Who is calling, as far as the transport knows. Features later add the signed-in user. */
export interface CallContext {
  readonly transport: 'ipc' | 'websocket' | 'memory';
}

export type CommandHandler<N extends CommandName> = (
  input: ParsedInputOf<N>,
  context: CallContext,
) => Promise<ResultOf<N>> | ResultOf<N>;

export type LiveQueryHandler<N extends LiveQueryName> = (
  input: ParsedInputOf<N>,
  context: CallContext,
) => Observable<ResultOf<N>>;

/** One feature's handlers, keyed by their full contract names. */
export interface Feature {
  readonly name: string;
  readonly commands?: { readonly [N in CommandName]?: CommandHandler<N> };
  readonly liveQueries?: { readonly [N in LiveQueryName]?: LiveQueryHandler<N> };
}

type AnyCommandHandler = (input: unknown, context: CallContext) => unknown;
type AnyLiveQueryHandler = (input: unknown, context: CallContext) => Observable<unknown>;

export interface HandlerRegistry {
  readonly commands: ReadonlyMap<string, AnyCommandHandler>;
  readonly liveQueries: ReadonlyMap<string, AnyLiveQueryHandler>;
}

/**
 * Collects the features' handlers. A name registered twice, or a handler under a name outside its
 * feature's namespace, is a programming error and throws at start-up.
 */
export const createHandlerRegistry = (features: readonly Feature[]): HandlerRegistry => {
  const commands = new Map<string, AnyCommandHandler>();
  const liveQueries = new Map<string, AnyLiveQueryHandler>();
  const add = (map: Map<string, unknown>, feature: string, name: string, handler: unknown) => {
    if (!name.startsWith(`${feature}.`)) {
      throw new Error(`Feature "${feature}" may not register "${name}" outside its namespace.`);
    }
    if (commands.has(name) || liveQueries.has(name)) {
      throw new Error(`Host handler "${name}" is registered twice.`);
    }
    map.set(name, handler);
  };
  for (const feature of features) {
    for (const [name, handler] of Object.entries(feature.commands ?? {})) {
      add(commands, feature.name, name, handler);
    }
    for (const [name, handler] of Object.entries(feature.liveQueries ?? {})) {
      add(liveQueries, feature.name, name, handler);
    }
  }
  return { commands, liveQueries };
};
