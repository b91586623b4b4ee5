import { notifications } from '@mantine/notifications';
import { useCallback, useState } from 'react';
import type {
  CommandName,
  HostError,
  HostResult,
  InputOf,
  ResultOf,
} from '../../../shared/contract';
import { hostClient } from './host-client';

export interface CommandRunner<N extends CommandName> {
  /** Runs the command; the answer is returned as it is (errors are values, never thrown). */
  readonly run: (input: InputOf<N>) => Promise<HostResult<ResultOf<N>>>;
  readonly pending: boolean;
  /** The last failure, until the next run. */
  readonly error: HostError | null;
}

/** A command a screen runs on demand (a button, a form), with its pending state. */
export const useCommand = <N extends CommandName>(name: N): CommandRunner<N> => {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<HostError | null>(null);
  const run = useCallback(
    async (input: InputOf<N>) => {
      setPending(true);
      setError(null);
      try {
        const result = await hostClient.call(name, input);
        if (!result.ok) setError(result.error);
        return result;
      } finally {
        setPending(false);
      }
    },
    [name],
  );
  return { run, pending, error };
};

/** Tells the person a command failed, in the host's words. */
export const notifyFailure = (title: string, error: HostError): void => {
  notifications.show({ color: 'red', title, message: error.message, autoClose: 8000 });
};

export const notifyDone = (message: string): void => {
  notifications.show({ color: 'teal', message, autoClose: 3000 });
};
