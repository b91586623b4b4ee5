import { Text, Tooltip } from '@mantine/core';
import { useLiveQuery } from '../host/use-host';

const timeFormat = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** The host's clock, streamed through the `app.clock` live query. */
export function HostClock() {
  const clock = useLiveQuery('app.clock', {});
  if (clock.status === 'error') {
    return (
      <Tooltip label={clock.error.message}>
        <Text size="sm" c="red" data-testid="host-clock">
          Clock unavailable
        </Text>
      </Tooltip>
    );
  }
  const label =
    clock.status === 'ready' ? timeFormat.format(new Date(clock.value.now)) : '--:--:--';
  return (
    <Text
      size="sm"
      ff="monospace"
      data-testid="host-clock"
      data-sequence={clock.status === 'ready' ? clock.value.sequence : undefined}
      aria-label="Host clock"
    >
      {label}
    </Text>
  );
}
