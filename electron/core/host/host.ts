import type { Observable } from 'rxjs';
import { contract, fail, HostFailure, isContractName, ok } from '../../../shared/contract';
import type { HostResult } from '../../../shared/contract';
import { parseInput, summariseIssues } from '../../../shared/domain/inputs/messages';
import type { Logger } from '../platform/logger';
import { createHandlerRegistry } from './registry';
import type { CallContext, Feature } from './registry';

export interface Host {
  call(name: unknown, input: unknown, context: CallContext): Promise<HostResult<unknown>>;
  /** Starts a live query. `onResult` gets every answer; an error answer is the last one. */
  watch(
    name: unknown,
    input: unknown,
    context: CallContext,
    onResult: (result: HostResult<unknown>) => void,
  ): () => void;
}

const describeName = (name: unknown): string =>
  typeof name === 'string' ? `"${name.slice(0, 80)}"` : `a ${typeof name}`;

/**
 * The host: checks every name and input against the contract, then runs the feature's handler.
 * Whatever goes wrong comes back as `{ ok: false }`; nothing a caller sends can throw out of here.
 */
export const createHost = (features: readonly Feature[], logger: Logger): Host => {
  const registry = createHandlerRegistry(features);

  const toFailure = (name: string, error: unknown): HostResult<never> => {
    if (error instanceof HostFailure) return fail(error.code, error.message, error.issues);
    logger.error(`host: ${name} failed`, error);
    return fail('internal', `Something went wrong in "${name}". The details are in the app log.`);
  };

  const parse = (kind: 'command' | 'liveQuery', name: unknown, input: unknown) => {
    if (!isContractName(name) || contract[name].kind !== kind) {
      const what = kind === 'command' ? 'command' : 'live query';
      return { error: fail('unknown_name', `There is no ${what} ${describeName(name)}.`) };
    }
    // The same sentences the forms show (inputs/messages): a person may read these.
    const parsed = parseInput(contract[name].input, input);
    if (!parsed.ok) {
      return { error: fail('invalid_input', summariseIssues(parsed.issues), parsed.issues) };
    }
    return { name, input: parsed.value as unknown };
  };

  return {
    async call(name, input, context) {
      const request = parse('command', name, input);
      if (request.error) return request.error;
      const handler = registry.commands.get(request.name);
      if (!handler) return fail('unknown_name', `"${request.name}" is not available here.`);
      try {
        return ok(await handler(request.input, context));
      } catch (error) {
        return toFailure(request.name, error);
      }
    },

    watch(name, input, context, onResult) {
      const request = parse('liveQuery', name, input);
      if (request.error) {
        onResult(request.error);
        return () => undefined;
      }
      const handler = registry.liveQueries.get(request.name);
      if (!handler) {
        onResult(fail('unknown_name', `"${request.name}" is not available here.`));
        return () => undefined;
      }
      let source: Observable<unknown>;
      try {
        source = handler(request.input, context);
      } catch (error) {
        onResult(toFailure(request.name, error));
        return () => undefined;
      }
      const subscription = source.subscribe({
        next: (value) => {
          onResult(ok(value));
        },
        error: (error: unknown) => {
          onResult(toFailure(request.name, error));
        },
      });
      return () => {
        subscription.unsubscribe();
      };
    },
  };
};
