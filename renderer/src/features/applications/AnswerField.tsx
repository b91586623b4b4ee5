import {
  Checkbox,
  FileInput,
  Group,
  NumberInput,
  Radio,
  Select,
  Stack,
  TextInput,
  Textarea,
} from '@mantine/core';
import { IconPaperclip } from '@tabler/icons-react';
import type { StoredFile } from '../../../../shared/contract';
import type { CriteriaField } from '../../../../shared/domain/criteria';
import { FileUpload } from '../../ui/FileUpload';
import { lengthHint } from '../../ui/LengthHint';

const TEXT_DEFAULT_MAX = 500;
const LONG_TEXT_DEFAULT_MAX = 5_000;
/** Up to this many options show as radios or checkboxes; more as a searchable list. */
const INLINE_OPTIONS = 6;

const asText = (value: unknown): string => (typeof value === 'string' ? value : '');
const asList = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
const asFile = (value: unknown): StoredFile | undefined =>
  typeof value === 'object' && value !== null && 'ref' in value ? (value as StoredFile) : undefined;

const numberHint = (field: CriteriaField): string | undefined => {
  if (field.min !== undefined && field.max !== undefined)
    return `From ${String(field.min)} to ${String(field.max)}.`;
  if (field.min !== undefined) return `At least ${String(field.min)}.`;
  if (field.max !== undefined) return `At most ${String(field.max)}.`;
  return undefined;
};

/** Help text and the rule the answer must keep, in one line under the label. */
const describe = (field: CriteriaField, rule?: string): string | undefined =>
  [field.help?.trim(), rule].filter(Boolean).join(' ') || undefined;

/**
 * One question of a programme's application form as an input, generated from the question:
 * the same component fills the applicant's form and the builder's live preview.
 */
export function AnswerField({
  field,
  value,
  onChange,
  error,
  preview = false,
}: {
  readonly field: CriteriaField;
  readonly value: unknown;
  readonly onChange: (value: unknown) => void;
  readonly error?: React.ReactNode;
  /** In the form builder's preview nothing is uploaded. */
  readonly preview?: boolean;
}) {
  const common = {
    label: field.label,
    required: field.required,
    error,
    'data-testid': `answer-${field.id}`,
  };
  switch (field.type) {
    case 'text':
    case 'longText': {
      const max =
        field.maxLength ?? (field.type === 'text' ? TEXT_DEFAULT_MAX : LONG_TEXT_DEFAULT_MAX);
      const text = asText(value);
      // No maxLength: a long paste is kept whole, counted, and refused with a sentence.
      const props = {
        ...common,
        description: lengthHint(text, max, describe(field)),
        value: text,
        onChange: (event: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
          onChange(event.currentTarget.value);
        },
      };
      return field.type === 'text' ? (
        <TextInput {...props} />
      ) : (
        <Textarea {...props} autosize minRows={3} maxRows={12} />
      );
    }
    case 'number':
      return (
        <NumberInput
          {...common}
          description={describe(field, numberHint(field))}
          value={typeof value === 'number' ? value : ''}
          min={field.min}
          max={field.max}
          maw={240}
          onChange={(next) => {
            onChange(typeof next === 'number' ? next : '');
          }}
        />
      );
    case 'yesNo':
      return (
        <Radio.Group
          {...common}
          description={describe(field)}
          value={value === true ? 'yes' : value === false ? 'no' : null}
          onChange={(next) => {
            onChange(next === 'yes');
          }}
        >
          <Group gap="lg" mt={6}>
            <Radio value="yes" label="Yes" />
            <Radio value="no" label="No" />
          </Group>
        </Radio.Group>
      );
    case 'singleChoice': {
      const options = field.options ?? [];
      if (options.length > INLINE_OPTIONS) {
        return (
          <Select
            {...common}
            description={describe(field)}
            data={options}
            searchable
            clearable={!field.required}
            value={asText(value) || null}
            onChange={(next) => {
              onChange(next);
            }}
          />
        );
      }
      return (
        <Radio.Group
          {...common}
          description={describe(field)}
          value={asText(value) || null}
          onChange={(next) => {
            onChange(next);
          }}
        >
          <Stack gap={6} mt={6}>
            {options.map((option) => (
              <Radio key={option} value={option} label={option} />
            ))}
          </Stack>
        </Radio.Group>
      );
    }
    case 'multipleChoice':
      return (
        <Checkbox.Group
          {...common}
          description={describe(field, 'Choose all that apply.')}
          value={asList(value)}
          onChange={(next) => {
            onChange(next);
          }}
        >
          <Stack gap={6} mt={6}>
            {(field.options ?? []).map((option) => (
              <Checkbox key={option} value={option} label={option} />
            ))}
          </Stack>
        </Checkbox.Group>
      );
    case 'file':
      if (preview) {
        return (
          <FileInput
            {...common}
            description={describe(field)}
            placeholder="Applicants attach a file here"
            leftSection={<IconPaperclip size={16} />}
            disabled
          />
        );
      }
      return (
        <div data-testid={common['data-testid']}>
          <FileUpload
            purpose="answer"
            label={field.label}
            description={field.help?.trim() || undefined}
            required={field.required}
            value={asFile(value)}
            error={error}
            onChange={(file) => {
              onChange(file ?? null);
            }}
          />
        </div>
      );
    default: {
      const unknownType: never = field.type;
      return <>{String(unknownType)}</>;
    }
  }
}
