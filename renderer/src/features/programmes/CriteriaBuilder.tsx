import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash, IconX } from '@tabler/icons-react';
import { questionTypeLabels } from '../../../../shared/domain/criteria-forms';
import { criteriaFieldTypes } from '../../../../shared/schema';
import type { CriteriaFieldType } from '../../../../shared/schema';
import { isChoice, newQuestion } from './criteria-draft';
import type { ProgrammeFormValues } from './criteria-draft';
import { HELP_MAX, QUESTION_MAX } from '../../../../shared/domain/criteria';
import { lengthHint } from '../../ui/LengthHint';

type ProgrammeForm = UseFormReturnType<ProgrammeFormValues>;

const MAX_QUESTIONS = 50;
const MAX_OPTIONS = 50;

const typeOptions = criteriaFieldTypes.map((value) => ({
  value,
  label: questionTypeLabels[value],
}));

function OptionsEditor({ form, index }: { readonly form: ProgrammeForm; readonly index: number }) {
  const path = `criteria.${String(index)}.options`;
  const options = form.getValues().criteria[index]?.options ?? [];
  const listError = form.errors[path];
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500}>
        Options
      </Text>
      {options.map((_option, optionIndex) => (
        <Group key={optionIndex} gap="xs" wrap="nowrap" align="flex-start">
          <TextInput
            style={{ flex: 1 }}
            placeholder={`Option ${String(optionIndex + 1)}`}
            aria-label={`Option ${String(optionIndex + 1)}`}
            {...form.getInputProps(`${path}.${String(optionIndex)}`)}
          />
          <Tooltip label="Remove option">
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              aria-label={`Remove option ${String(optionIndex + 1)}`}
              onClick={() => {
                form.removeListItem(path, optionIndex);
              }}
            >
              <IconX size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
      ))}
      {listError && (
        <Text size="xs" c="red" role="alert">
          {listError}
        </Text>
      )}
      <Group>
        <Button
          variant="subtle"
          size="compact-sm"
          leftSection={<IconPlus size={14} />}
          disabled={options.length >= MAX_OPTIONS}
          onClick={() => {
            form.insertListItem(path, '');
          }}
        >
          Add option
        </Button>
      </Group>
    </Stack>
  );
}

function QuestionEditor({
  form,
  index,
  count,
}: {
  readonly form: ProgrammeForm;
  readonly index: number;
  readonly count: number;
}) {
  const question = form.getValues().criteria[index];
  if (!question) return null;
  const path = `criteria.${String(index)}`;
  const number = String(index + 1);
  const changeType = (next: string | null) => {
    if (!next) return;
    const type = next as CriteriaFieldType;
    form.setFieldValue(`${path}.type`, type);
    // A choice needs two options to start from; other types keep theirs for a switch back.
    if (isChoice(type) && question.options.length < 2) {
      form.setFieldValue(`${path}.options`, [
        ...question.options,
        ...Array<string>(2 - question.options.length).fill(''),
      ]);
    }
  };
  const textDefault = question.type === 'longText' ? 5_000 : 500;
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      role="group"
      aria-label={`Question ${number}`}
      data-testid="question-editor"
    >
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
            <Badge variant="light" circle>
              {number}
            </Badge>
            <Text size="sm" fw={600} lineClamp={1}>
              {question.label.trim() || 'New question'}
            </Text>
          </Group>
          <Group gap={2} wrap="nowrap">
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={`Move question ${number} up`}
              disabled={index === 0}
              onClick={() => {
                form.reorderListItem('criteria', { from: index, to: index - 1 });
              }}
            >
              <IconArrowUp size={16} />
            </ActionIcon>
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={`Move question ${number} down`}
              disabled={index === count - 1}
              onClick={() => {
                form.reorderListItem('criteria', { from: index, to: index + 1 });
              }}
            >
              <IconArrowDown size={16} />
            </ActionIcon>
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={`Remove question ${number}`}
              onClick={() => {
                form.removeListItem('criteria', index);
              }}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        </Group>
        <TextInput
          label="Question"
          placeholder="e.g. Why do you want to mentor in this programme?"
          required
          description={lengthHint(question.label, QUESTION_MAX)}
          {...form.getInputProps(`${path}.label`)}
        />
        <Group align="flex-end" gap="md" wrap="wrap">
          <Select
            label="Answer type"
            data={typeOptions}
            allowDeselect={false}
            w={200}
            {...form.getInputProps(`${path}.type`)}
            onChange={changeType}
          />
          <Switch
            label="Required"
            mb={8}
            {...form.getInputProps(`${path}.required`, { type: 'checkbox' })}
          />
        </Group>
        <TextInput
          label="Help text"
          placeholder="Optional: shown under the question"
          description={lengthHint(question.help, HELP_MAX)}
          {...form.getInputProps(`${path}.help`)}
        />
        {isChoice(question.type) && <OptionsEditor form={form} index={index} />}
        {question.type === 'number' && (
          <Group gap="md" grow>
            <NumberInput
              label="Minimum"
              placeholder="None"
              {...form.getInputProps(`${path}.min`)}
            />
            <NumberInput
              label="Maximum"
              placeholder="None"
              {...form.getInputProps(`${path}.max`)}
            />
          </Group>
        )}
        {(question.type === 'text' || question.type === 'longText') && (
          <NumberInput
            label="Maximum length"
            description="Characters"
            placeholder={`${String(textDefault)} (default)`}
            min={1}
            max={20_000}
            allowDecimal={false}
            w={200}
            {...form.getInputProps(`${path}.maxLength`)}
          />
        )}
        {question.type === 'file' && (
          <Text size="xs" c="dimmed">
            Applicants attach a PDF, image, Word or plain-text file of at most 5 MB.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

/**
 * The programme's application form, question by question: what applicants are asked, how they
 * answer, and whether they must. The shared criteria rules check it as the programme is saved.
 */
export function CriteriaBuilder({ form }: { readonly form: ProgrammeForm }) {
  const questions = form.getValues().criteria;
  const listError = form.errors.criteria;
  return (
    <Stack gap="sm" data-testid="criteria-builder">
      {questions.length === 0 && (
        <Text size="sm" c="dimmed">
          No questions yet: applicants would apply without answering anything.
        </Text>
      )}
      {questions.map((question, index) => (
        <QuestionEditor key={question.key} form={form} index={index} count={questions.length} />
      ))}
      {listError && (
        <Alert color="red" variant="light" role="alert">
          {listError}
        </Alert>
      )}
      <Group>
        <Button
          variant="light"
          leftSection={<IconPlus size={16} />}
          disabled={questions.length >= MAX_QUESTIONS}
          onClick={() => {
            form.insertListItem('criteria', newQuestion());
          }}
          data-testid="add-question"
        >
          Add question
        </Button>
      </Group>
    </Stack>
  );
}
