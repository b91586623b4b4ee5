import { Alert, Skeleton, Stack } from '@mantine/core';
import type { HostState } from '../host/use-host';

/** The three states of a live query: a skeleton while loading, the host's error, or the content. */
export function QueryView<T>({
  state,
  children,
  lines = 4,
}: {
  readonly state: HostState<T>;
  readonly children: (value: T) => React.ReactNode;
  readonly lines?: number;
}) {
  if (state.status === 'loading') {
    return (
      <Stack gap="xs" aria-busy="true" data-testid="loading">
        {Array.from({ length: lines }, (_, index) => (
          <Skeleton
            key={index}
            height={index === 0 ? 28 : 16}
            width={index === 0 ? '40%' : '100%'}
          />
        ))}
      </Stack>
    );
  }
  if (state.status === 'error') {
    return (
      <Alert color="red" title="This could not be loaded">
        {state.error.message}
      </Alert>
    );
  }
  return <>{children(state.value)}</>;
}
