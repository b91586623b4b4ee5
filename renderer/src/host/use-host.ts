import { useEffect, useState } from 'react';
import type {
  CommandName,
  HostError,
  HostResult,
  InputOf,
  LiveQueryName,
  ResultOf,
} from '../../../shared/contract';
import { hostClient } from './host-client';

export type HostState<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly value: T }
  | { readonly status: 'error'; readonly error: HostError };

const toState = <T>(result: HostResult<T>): HostState<T> =>
  result.ok ? { status: 'ready', value: result.value } : { status: 'error', error: result.error };

/** Watches a live query for as long as the component is mounted. */
export const useLiveQuery = <N extends LiveQueryName>(
  name: N,
  input: InputOf<N>,
): HostState<ResultOf<N>> => {
  const [state, setState] = useState<HostState<ResultOf<N>>>({ status: 'loading' });
  // Inputs are plain data: compare them by value so a new object literal does not resubscribe.
  const inputKey = JSON.stringify(input);
  useEffect(() => {
    const parsedInput = JSON.parse(inputKey) as InputOf<N>;
    return hostClient.watch(name, parsedInput, (result) => {
      setState(toState(result));
    });
  }, [name, inputKey]);
  return state;
};

/** Runs a command once when the component mounts (and again when its input changes). */
export const useCommandResult = <N extends CommandName>(
  name: N,
  input: InputOf<N>,
): HostState<ResultOf<N>> => {
  const [state, setState] = useState<HostState<ResultOf<N>>>({ status: 'loading' });
  const inputKey = JSON.stringify(input);
  useEffect(() => {
    let current = true;
    void hostClient.call(name, JSON.parse(inputKey) as InputOf<N>).then((result) => {
      if (!current) return;
      setState(toState(result));
    });
    return () => {
      current = false;
    };
  }, [name, inputKey]);
  return state;
};
