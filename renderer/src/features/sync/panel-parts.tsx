import { Badge, Group, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';

/** The sync panel's sections: a heading with a count, and their content. */
export function PanelSection({
  title,
  count,
  testId,
  children,
}: {
  readonly title: string;
  readonly count?: number;
  readonly testId: string;
  readonly children: React.ReactNode;
}) {
  return (
    <Stack gap="xs" component="section" aria-label={title} data-testid={testId}>
      <Group gap="xs">
        <Title order={3} size="h5">
          {title}
        </Title>
        {count !== undefined && count > 0 && (
          <Badge size="sm" variant="light" color="gray">
            {count}
          </Badge>
        )}
      </Group>
      {children}
    </Stack>
  );
}

/** A calm line for a section with nothing in it. */
export function AllClear({ children }: { readonly children: React.ReactNode }) {
  return (
    <Group gap="xs" wrap="nowrap">
      <ThemeIcon variant="light" color="teal" size="sm" radius="xl">
        <IconCircleCheck size={14} />
      </ThemeIcon>
      <Text size="sm" c="dimmed">
        {children}
      </Text>
    </Group>
  );
}
