import { Group, List, Paper, Progress, RingProgress, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconCheck, IconCircleDashed } from '@tabler/icons-react';
import type { ProfileCompleteness } from '../../../../shared/domain/profile';

const colorOf = (percent: number) => (percent === 100 ? 'teal' : percent >= 50 ? 'blue' : 'orange');

/** The profile's completeness: a ring with the percentage and what is still missing. */
export function CompletenessCard({
  completeness,
  title = 'Profile completeness',
}: {
  readonly completeness: ProfileCompleteness;
  readonly title?: string;
}) {
  const missing = completeness.items.filter((item) => !item.done);
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      data-testid="profile-completeness"
      data-percent={completeness.percent}
    >
      <Group wrap="nowrap" align="flex-start" gap="md">
        <RingProgress
          size={92}
          thickness={9}
          roundCaps
          sections={[{ value: completeness.percent, color: colorOf(completeness.percent) }]}
          label={
            <Text ta="center" fw={700} size="md">
              {completeness.percent}%
            </Text>
          }
          aria-label={`${title}: ${completeness.percent}%`}
        />
        <Stack gap={6} style={{ minWidth: 0 }}>
          <Text fw={600} size="sm">
            {title}
          </Text>
          {completeness.complete ? (
            <Group gap={6} wrap="nowrap" align="flex-start">
              <ThemeIcon size={18} radius="xl" color="teal" variant="light">
                <IconCheck size={12} />
              </ThemeIcon>
              <Text size="sm" c="dimmed">
                Everything is filled in. A complete profile helps managers match mentors to
                programmes.
              </Text>
            </Group>
          ) : (
            <>
              <Text size="xs" c="dimmed">
                Still missing:
              </Text>
              <List
                size="sm"
                spacing={2}
                icon={
                  <ThemeIcon size={16} radius="xl" variant="light" color="gray">
                    <IconCircleDashed size={11} />
                  </ThemeIcon>
                }
                data-testid="profile-missing"
              >
                {missing.map((item) => (
                  <List.Item key={item.key}>{item.label}</List.Item>
                ))}
              </List>
            </>
          )}
        </Stack>
      </Group>
    </Paper>
  );
}

/** A list row's small completeness bar. */
export function CompletenessBar({ percent }: { readonly percent: number }) {
  return (
    <Group gap={8} wrap="nowrap" data-testid="person-completeness" data-percent={percent}>
      <Progress
        value={percent}
        color={colorOf(percent)}
        size="sm"
        w={72}
        aria-label={`Profile ${percent}% complete`}
      />
      <Text size="xs" c="dimmed" w={32}>
        {percent}%
      </Text>
    </Group>
  );
}
