import { Paper, Stack, Text } from '@mantine/core';

/** What a list shows when there is nothing in it, and what to do about that. */
export function EmptyState({
  title,
  children,
}: {
  readonly title: string;
  readonly children?: React.ReactNode;
}) {
  return (
    <Paper withBorder p="xl" radius="md" data-testid="empty-state">
      <Stack gap={6} align="center">
        <Text fw={600}>{title}</Text>
        {children !== undefined && (
          <Text c="dimmed" size="sm" ta="center" maw={480}>
            {children}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
