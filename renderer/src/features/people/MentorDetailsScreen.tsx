import {
  Badge,
  Card,
  Grid,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  Switch,
  TagsInput,
  Text,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import type { InputOf, MyProfile, StoredFile } from '../../../../shared/contract';
import { submitUserDetailsInput } from '../../../../shared/domain/inputs/people';
import { notifyDone, useCommand } from '../../host/use-command';
import { useLiveQuery } from '../../host/use-host';
import { formatDateTime } from '../../ui/dates';
import { FileUpload } from '../../ui/FileUpload';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { SyncMark } from '../../ui/SyncMark';
import { showHostErrors, validateWith } from '../../ui/forms';
import { FormSection, SaveBar, SaveProblem } from './FormParts';
import { ProfileTabs } from './ProfileTabs';
import { DetailsStatusBadge } from './people-looks';
import { useProgrammeChoices, useReferenceChoices } from './reference-data';

interface DetailsValues {
  previousRoles: string[];
  previousProgrammes: string[];
  programmeOfInterest: string | null;
  yearsOfTechnicalExperience: number | string;
  document: StoredFile | undefined;
  beenMentorBefore: boolean;
  technicalProficiency: string[];
}

/** The form's values as `userDetails.submit` takes them. */
const toInput = (values: DetailsValues): InputOf<'userDetails.submit'> => ({
  previousRoles: values.previousRoles,
  previousProgrammes: values.previousProgrammes,
  ...(values.programmeOfInterest ? { programmeOfInterest: values.programmeOfInterest } : {}),
  // An empty NumberInput is '': left as it is, so the schema says a number is needed.
  yearsOfTechnicalExperience: values.yearsOfTechnicalExperience as number,
  ...(values.document ? { document: values.document } : {}),
  beenMentorBefore: values.beenMentorBefore,
  technicalProficiency: values.technicalProficiency,
});

const resolver = validateWith(submitUserDetailsInput);

const valuesOf = (details: MyProfile['details']): DetailsValues => ({
  previousRoles: [...(details?.previousRoles ?? [])],
  previousProgrammes: [...(details?.previousProgrammes ?? [])],
  programmeOfInterest: details?.programmeOfInterest || null,
  yearsOfTechnicalExperience: details?.yearsOfTechnicalExperience ?? '',
  document: details?.document,
  beenMentorBefore: details?.beenMentorBefore ?? false,
  technicalProficiency: [...(details?.technicalProficiency ?? [])],
});

function DetailsForm({ details }: { readonly details: MyProfile['details'] }) {
  const submitDetails = useCommand('userDetails.submit');
  const [problem, setProblem] = useState<string | null>(null);
  const references = useReferenceChoices();
  const programmes = useProgrammeChoices('active');
  const form = useForm<DetailsValues>({
    mode: 'controlled',
    initialValues: valuesOf(details),
    validate: (values) => ({
      ...resolver(toInput(values)),
      ...(values.yearsOfTechnicalExperience === ''
        ? { yearsOfTechnicalExperience: 'Enter your years of technical experience (0 if none).' }
        : {}),
    }),
  });

  const submit = form.onSubmit(async (values) => {
    setProblem(null);
    const result = await submitDetails.run(toInput(values));
    if (result.ok) {
      form.resetDirty(values);
      notifyDone(
        result.value.status === 'approved'
          ? 'Your mentor details are saved.'
          : 'Your mentor details are submitted: an admin or manager will review them.',
      );
      return;
    }
    setProblem(showHostErrors(form, result.error));
  });

  // A programme chosen earlier may have completed since: it stays shown.
  const programmeOptions =
    details?.programmeOfInterest &&
    !programmes.options.some((option) => option.value === details.programmeOfInterest)
      ? [
          ...programmes.options,
          { value: details.programmeOfInterest, label: 'A programme no longer open' },
        ]
      : programmes.options;

  return (
    <form onSubmit={submit} noValidate data-testid="details-form">
      <Stack gap="lg">
        <SaveProblem title="Your details were not saved" problem={problem} />
        <FormSection title="Experience">
          <TagsInput
            label="Previous roles"
            description="Jobs you have held. Pick from the list or type your own and press Enter."
            placeholder="e.g. Backend engineer"
            data={references.jobRoles}
            clearable
            {...form.getInputProps('previousRoles')}
          />
          <Grid gap="sm">
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <NumberInput
                label="Years of technical experience"
                min={0}
                max={80}
                allowDecimal={false}
                required
                {...form.getInputProps('yearsOfTechnicalExperience')}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <Switch
                mt={{ base: 0, sm: 30 }}
                label="I have been a mentor before"
                {...form.getInputProps('beenMentorBefore', { type: 'checkbox' })}
              />
            </Grid.Col>
          </Grid>
          <MultiSelect
            label="Technical proficiency"
            description="The tech stacks you can mentor in."
            placeholder={references.techStacks.length === 0 ? 'No tech stacks yet' : 'Choose'}
            data={references.techStacks}
            searchable
            clearable
            hidePickedOptions
            nothingFoundMessage="No such tech stack: ask an admin to add it"
            {...form.getInputProps('technicalProficiency')}
          />
        </FormSection>
        <FormSection title="Programmes">
          <TagsInput
            label="Previous programmes"
            description="Mentoring or training programmes you took part in. Press Enter after each."
            placeholder="e.g. Open-source mentoring circle"
            clearable
            {...form.getInputProps('previousProgrammes')}
          />
          <Select
            label="Programme of interest"
            description={
              programmes.failed
                ? 'Programmes could not be loaded here yet.'
                : 'A running programme you would like to mentor in.'
            }
            placeholder={programmeOptions.length === 0 ? 'No open programmes' : 'Choose one'}
            data={programmeOptions}
            searchable
            clearable
            {...form.getInputProps('programmeOfInterest')}
          />
        </FormSection>
        <FormSection title="Document">
          <FileUpload
            purpose="document"
            label="CV or similar document"
            value={form.values.document}
            error={form.errors.document}
            onChange={(file) => {
              form.setFieldValue('document', file);
            }}
          />
        </FormSection>
        <SaveBar
          dirty={form.isDirty()}
          pending={submitDetails.pending}
          label={details ? 'Save details' : 'Submit details'}
        />
      </Stack>
    </form>
  );
}

function StatusCard({ details }: { readonly details: MyProfile['details'] }) {
  return (
    <Card withBorder radius="md" padding="md" data-testid="details-status">
      <Stack gap="xs">
        <Group gap="xs">
          <Text size="sm" fw={600}>
            Status
          </Text>
          {details ? (
            <DetailsStatusBadge status={details.status} />
          ) : (
            <Badge color="gray" variant="light" size="sm">
              Not submitted
            </Badge>
          )}
          {details && <SyncMark collection="userDetails" id={details.id} />}
        </Group>
        <Text size="sm" c="dimmed">
          {!details
            ? 'Fill in what you can and submit: an admin or manager reviews your details before you mentor.'
            : details.status === 'approved'
              ? `Approved ${formatDateTime(details.approvedAt)}. Keep them up to date: changes stay approved.`
              : `Submitted ${formatDateTime(details.updatedAt)}. An admin or manager will review them; you can still change them.`}
        </Text>
      </Stack>
    </Card>
  );
}

/** The signed-in person's mentor details: every field of them, and where their approval stands. */
export function MentorDetailsScreen() {
  const me = useLiveQuery('users.me', {});
  return (
    <>
      <PageHeader
        title="Mentor details"
        description="Your experience and what you can mentor in, for the organisation to approve you as a mentor."
      />
      <ProfileTabs current="/profile/details" />
      <QueryView state={me}>
        {(value) =>
          value ? (
            <Grid gap="lg">
              <Grid.Col span={{ base: 12, md: 8 }}>
                {/* Keyed by the document: a sync while typing does not reset the form. */}
                <DetailsForm key={value.details?.id ?? 'new'} details={value.details} />
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 4 }} order={{ base: -1, md: 1 }}>
                <Stack pos="sticky" top={76}>
                  <StatusCard details={value.details} />
                </Stack>
              </Grid.Col>
            </Grid>
          ) : null
        }
      </QueryView>
    </>
  );
}
