import { Badge, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import type { UserDetailsDoc } from '../../../../shared/schema';
import { formatDateTime } from '../../ui/dates';
import { StoredFileLink } from '../../ui/StoredFileLink';
import { useProgrammeChoices, useReferenceChoices } from './reference-data';

function Field({
  label,
  children,
}: {
  readonly label: string;
  readonly children: React.ReactNode;
}) {
  return (
    <Stack gap={4}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: 0.4 }}>
        {label}
      </Text>
      <div>{children}</div>
    </Stack>
  );
}

interface Tag {
  readonly key: string;
  readonly label: string;
}

const tagsOf = (values: readonly string[]): Tag[] =>
  values.map((value) => ({ key: value, label: value }));

function Tags({ tags, empty }: { readonly tags: readonly Tag[]; readonly empty: string }) {
  if (tags.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {empty}
      </Text>
    );
  }
  return (
    <Group gap={6}>
      {tags.map((tag) => (
        <Badge key={tag.key} variant="default" size="md" tt="none" fw={500}>
          {tag.label}
        </Badge>
      ))}
    </Group>
  );
}

/** Someone's mentor details as admins, managers and they themselves read them. */
export function MentorDetailsView({ details }: { readonly details: UserDetailsDoc }) {
  const references = useReferenceChoices();
  const programmes = useProgrammeChoices();
  const stackName = new Map(references.techStacks.map((option) => [option.value, option.label]));
  const programme = details.programmeOfInterest
    ? (programmes.options.find((option) => option.value === details.programmeOfInterest)?.label ??
      'A programme not on this machine yet')
    : null;
  return (
    <Stack gap="md" data-testid="mentor-details">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="md">
        <Field label="Years of technical experience">
          <Text size="sm">{details.yearsOfTechnicalExperience}</Text>
        </Field>
        <Field label="Been a mentor before">
          <Text size="sm">{details.beenMentorBefore ? 'Yes' : 'No'}</Text>
        </Field>
        <Field label="Programme of interest">
          <Text size="sm" c={programme ? undefined : 'dimmed'}>
            {programme ?? 'None chosen'}
          </Text>
        </Field>
        <Field label="Document">
          {details.document ? (
            <StoredFileLink file={details.document} />
          ) : (
            <Text size="sm" c="dimmed">
              None attached
            </Text>
          )}
        </Field>
      </SimpleGrid>
      <Field label="Technical proficiency">
        <Tags
          tags={details.technicalProficiency.map((id) => ({
            key: id,
            label: stackName.get(id) ?? (references.loaded ? 'Removed tech stack' : '…'),
          }))}
          empty="None listed"
        />
      </Field>
      <Field label="Previous roles">
        <Tags tags={tagsOf(details.previousRoles)} empty="None listed" />
      </Field>
      <Field label="Previous programmes">
        <Tags tags={tagsOf(details.previousProgrammes)} empty="None listed" />
      </Field>
      <Text size="xs" c="dimmed">
        Submitted {formatDateTime(details.createdAt)} · last changed{' '}
        {formatDateTime(details.updatedAt)}
        {details.approvedAt ? ` · approved ${formatDateTime(details.approvedAt)}` : ''}
      </Text>
    </Stack>
  );
}
