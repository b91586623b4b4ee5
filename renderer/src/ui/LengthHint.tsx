import { Text } from '@mantine/core';
import { lengthState } from './text-length';

/**
 * A field's description with a counter near its limit ("4,812 / 5,000"), in red past it. The
 * field keeps everything typed or pasted (no `maxLength` cutting it short); the form refuses it
 * with a sentence until it is shortened.
 */
export function lengthHint(
  value: string,
  max: number,
  hint?: React.ReactNode,
): React.ReactNode | undefined {
  const state = lengthState(value.length, max);
  if (!state.visible) return hint;
  return (
    <span style={{ display: 'flex', justifyContent: 'space-between', gap: 12, flexWrap: 'wrap' }}>
      <span>{hint}</span>
      <Text
        component="span"
        size="xs"
        c={state.over ? 'red' : 'dimmed'}
        fw={state.over ? 600 : undefined}
        data-testid="length-counter"
        data-over={state.over || undefined}
      >
        {state.text}
      </Text>
    </span>
  );
}
