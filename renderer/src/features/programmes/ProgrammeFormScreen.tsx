import {
  Alert,
  Anchor,
  Button,
  Grid,
  Group,
  Paper,
  ScrollArea,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import type { ProgrammeDoc } from '../../../../shared/schema';
import { can } from '../../../../shared/domain/permissions';
import { notifyDone, useCommand } from '../../host/use-command';
import { useLiveQuery } from '../../host/use-host';
import { hrefOf, navigate } from '../../shell/router';
import { useSession } from '../../shell/session';
import { EmptyState } from '../../ui/EmptyState';
import { FileUpload } from '../../ui/FileUpload';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { showHostErrors, validateWith } from '../../ui/forms';
import { CriteriaBuilder } from './CriteriaBuilder';
import { CriteriaPreview } from './CriteriaPreview';
import { formValuesOf, programmeFormSchema, programmeInputOf } from './criteria-draft';
import type { ProgrammeFormValues } from './criteria-draft';
import { ProgrammePicture } from './ProgrammePicture';
import { NAME_MAX, TEXT_MAX } from '../../../../shared/schema/fields';
import { lengthHint } from '../../ui/LengthHint';

function Section({
  title,
  description,
  children,
}: {
  readonly title: string;
  readonly description?: string;
  readonly children: React.ReactNode;
}) {
  return (
    <Paper withBorder radius="md" p="lg">
      <Stack gap="md">
        <div>
          <Title order={3} size="h4">
            {title}
          </Title>
          {description && (
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          )}
        </div>
        {children}
      </Stack>
    </Paper>
  );
}

/** Create (no programme) or edit a programme: its details, picture and application form. */
function ProgrammeForm({ programme }: { readonly programme?: ProgrammeDoc }) {
  const create = useCommand('programmes.create');
  const edit = useCommand('programmes.edit');
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<ProgrammeFormValues>({
    mode: 'controlled',
    initialValues: formValuesOf(programme),
    validate: validateWith(programmeFormSchema),
  });
  const values = form.getValues();

  const save = async (draft: ProgrammeFormValues) => {
    const input = programmeInputOf(draft);
    if (!programme) {
      return create.run({ ...input, ...(draft.picture ? { picture: draft.picture } : {}) });
    }
    // null takes a picture away; leaving it out keeps it.
    const picture = draft.picture ?? (programme.picture ? null : undefined);
    return edit.run({
      programmeId: programme.id,
      ...input,
      ...(picture === undefined ? {} : { picture }),
    });
  };

  const submit = form.onSubmit(
    async (draft) => {
      setFormError(null);
      const result = await save(draft);
      if (result.ok) {
        notifyDone(programme ? 'The programme is saved.' : `“${result.value.name}” is created.`);
        navigate(`/programmes/${result.value.id}`);
        return;
      }
      setFormError(showHostErrors(form, result.error));
    },
    () => {
      setFormError('Some fields need attention: see the messages beside them.');
    },
  );

  const cancelHref = hrefOf(programme ? `/programmes/${programme.id}` : '/programmes');
  return (
    <form onSubmit={submit} noValidate aria-label={programme ? 'Edit programme' : 'New programme'}>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="lg">
            {formError && (
              <Alert color="red" title="Not saved yet" data-testid="form-error">
                {formError}
              </Alert>
            )}
            <Section title="About the programme">
              <TextInput
                label="Name"
                placeholder="e.g. Frontend mentoring for career changers"
                required
                description={lengthHint(values.name, NAME_MAX)}
                {...form.getInputProps('name')}
              />
              <Textarea
                label="Description"
                placeholder="What the programme is about, who it is for, how long it runs…"
                autosize
                minRows={4}
                maxRows={14}
                description={lengthHint(values.description, TEXT_MAX)}
                {...form.getInputProps('description')}
              />
              <Group align="flex-start" gap="md" wrap="nowrap">
                <ProgrammePicture
                  picture={values.picture ?? undefined}
                  name={values.name}
                  height={72}
                  width={96}
                />
                <div style={{ flex: 1, minWidth: 0 }}>
                  <FileUpload
                    purpose="picture"
                    label="Picture"
                    value={values.picture ?? undefined}
                    onChange={(file) => {
                      form.setFieldValue('picture', file ?? null);
                    }}
                  />
                </div>
              </Group>
            </Section>
            <Section
              title="Application form"
              description="The questions mentors answer when they apply. Answers are checked against these rules."
            >
              <CriteriaBuilder form={form} />
            </Section>
            <Group justify="flex-end" gap="xs">
              <Button variant="default" component="a" href={cancelHref}>
                Cancel
              </Button>
              <Button type="submit" loading={create.pending || edit.pending}>
                {programme ? 'Save changes' : 'Create programme'}
              </Button>
            </Group>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Paper
            withBorder
            radius="md"
            p="lg"
            style={{ position: 'sticky', top: 'calc(var(--app-shell-header-height, 60px) + 16px)' }}
          >
            <Stack gap="md">
              <div>
                <Title order={3} size="h4">
                  Preview
                </Title>
                <Text size="sm" c="dimmed">
                  The form as applicants see it.
                </Text>
              </div>
              <ScrollArea.Autosize mah="calc(100vh - 220px)" offsetScrollbars>
                <CriteriaPreview questions={values.criteria} />
              </ScrollArea.Autosize>
            </Stack>
          </Paper>
        </Grid.Col>
      </Grid>
    </form>
  );
}

export function NewProgrammeScreen() {
  const session = useSession();
  if (!can({ id: session.userId, role: session.role }, 'programmes.create')) {
    return (
      <EmptyState title="Only admins and managers create programmes">
        <Anchor href={hrefOf('/programmes')}>Back to the programmes</Anchor>
      </EmptyState>
    );
  }
  return (
    <>
      <PageHeader
        title="New programme"
        description="Describe the programme and the questions mentors answer to join it. You manage what you create."
      />
      <ProgrammeForm />
    </>
  );
}

export function EditProgrammeScreen({ programmeId }: { readonly programmeId: string }) {
  const detail = useLiveQuery('programmes.detail', { programmeId });
  return (
    <QueryView state={detail}>
      {(value) => {
        if (value === null) {
          return (
            <EmptyState title="There is no such programme">
              It may not have synced to this machine yet.
            </EmptyState>
          );
        }
        const back = (
          <Anchor href={hrefOf(`/programmes/${programmeId}`)}>Back to the programme</Anchor>
        );
        if (value.programme.status === 'archived') {
          return (
            <EmptyState title="This programme is archived: it is read-only">{back}</EmptyState>
          );
        }
        if (!value.can.edit) {
          return (
            <EmptyState title="Only this programme’s managers and admins edit it">
              {back}
            </EmptyState>
          );
        }
        return (
          <>
            <PageHeader title={`Edit ${value.programme.name}`} />
            <ProgrammeForm key={value.programme.id} programme={value.programme} />
          </>
        );
      }}
    </QueryView>
  );
}
