import { Card, Stack, Text, Title } from '@mantine/core';

/** A titled card of the dashboard: a chart or a list of ways in. */
export function DashboardCard({
  title,
  description,
  testId,
  children,
}: {
  readonly title: string;
  readonly description: string;
  readonly testId: string;
  readonly children: React.ReactNode;
}) {
  return (
    <Card withBorder radius="md" padding="lg" h="100%" data-testid={testId}>
      <Stack gap="md" h="100%">
        <div>
          <Title order={3} size="h5">
            {title}
          </Title>
          <Text size="xs" c="dimmed">
            {description}
          </Text>
        </div>
        {children}
      </Stack>
    </Card>
  );
}
