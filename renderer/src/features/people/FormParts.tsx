import { Alert, Button, Card, Group, Stack, Text, Title } from '@mantine/core';

/** One titled card of a long form. */
export function FormSection({
  title,
  badge,
  children,
}: {
  readonly title: string;
  readonly badge?: React.ReactNode;
  readonly children: React.ReactNode;
}) {
  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="sm">
        <Group gap="xs">
          <Title order={3} size="h4">
            {title}
          </Title>
          {badge}
        </Group>
        {children}
      </Stack>
    </Card>
  );
}

/** What a failed save left to say that no field could show. */
export function SaveProblem({
  title,
  problem,
}: {
  readonly title: string;
  readonly problem: string | null;
}) {
  if (problem === null) return null;
  return (
    <Alert color="red" title={title}>
      {problem}
    </Alert>
  );
}

/** The form's save button, with a word when there is something unsaved. */
export function SaveBar({
  dirty,
  pending,
  label,
}: {
  readonly dirty: boolean;
  readonly pending: boolean;
  readonly label: string;
}) {
  return (
    <Group justify="flex-end" gap="xs">
      {dirty && (
        <Text size="xs" c="dimmed">
          Unsaved changes
        </Text>
      )}
      <Button type="submit" loading={pending}>
        {label}
      </Button>
    </Group>
  );
}
