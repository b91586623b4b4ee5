import {
  Alert,
  Button,
  Card,
  Divider,
  Group,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { IconSend, IconTrash } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { reportTextLimits } from '../../../../shared/domain/inputs/work';
import type { HostResult } from '../../../../shared/contract';
import { editReportInput } from '../../../../shared/domain/inputs/work';
import type { ReportDoc } from '../../../../shared/schema';
import { notifyDone, useCommand } from '../../host/use-command';
import { useLeaveGuard } from '../../shell/leave-guard';
import { hrefOf, navigate } from '../../shell/router';
import { lengthHint } from '../../ui/LengthHint';
import { showHostErrors, validateWith } from '../../ui/forms';
import { fieldList, withHeld } from './draft-text';
import { DraftSaveState } from './DraftSaveState';
import { reportSections } from './report-looks';
import { useDraftAutosave } from './use-draft-autosave';
import type { DraftText } from './use-draft-autosave';

/** The editable text of a report: the command's own rules, every field present. */
const draftTextSchema = editReportInput.omit({ reportId: true }).required();

const hasText = (text: DraftText) =>
  [text.achievements, text.blockers, text.recommendations].some((part) => part.trim() !== '');

/** Replaces this screen's address, so Back does not return to an editor that moved on. */
const replaceAddress = (path: string) => {
  window.location.replace(hrefOf(path));
};

/**
 * The draft editor: title and the three sections, saved as the author types (useDraftAutosave),
 * then submitted (final, after a confirmation) or discarded.
 */
export function DraftForm({
  reportId,
  initial,
  stored,
  held = {},
  suggestion,
  createDraft,
  onCreated,
  canSubmit,
}: {
  readonly reportId: string | null;
  readonly initial: DraftText;
  readonly stored: DraftText | null;
  /** Over-long text the core holds back for this draft: shown in its fields, flagged. */
  readonly held?: Partial<DraftText>;
  /** The suggested title of a new report, kept in step with its target until the title is typed. */
  readonly suggestion: string;
  readonly createDraft: (
    text: DraftText,
    typed: DraftText,
  ) => Promise<HostResult<ReportDoc>> | string | null;
  readonly onCreated: (report: ReportDoc) => void;
  readonly canSubmit: boolean;
}) {
  const submit = useCommand('reports.submit');
  const discard = useCommand('reports.discardDraft');
  const [problem, setProblem] = useState<string | null>(null);
  const autosave = useDraftAutosave({
    reportId,
    stored,
    held,
    create: createDraft,
    onCreated,
    onError: (error) => {
      showHostErrors(form, error);
    },
  });
  const form = useForm<DraftText>({
    mode: 'controlled',
    // What the author last typed: the report's text with what is held back laid over it.
    initialValues: withHeld(initial, held),
    validate: validateWith(draftTextSchema),
    validateInputOnChange: true,
    onValuesChange: (values) => {
      autosave.change(values);
    },
  });

  // Held text is over its limit: say so under its field from the start, not only once edited.
  const { validate } = form;
  const heldOnOpen = useRef(Object.keys(held).length > 0);
  useEffect(() => {
    if (heldOnOpen.current) validate();
  }, [validate]);

  // Leaving warns while typing is unsaved or text is kept only on this machine.
  const { phase, held: heldFields } = autosave.status;
  useLeaveGuard(
    heldFields.length > 0
      ? `${fieldList(heldFields)} ${heldFields.length === 1 ? 'is' : 'are'} over the limit and kept only on this machine, not in the report, until you shorten ${heldFields.length === 1 ? 'it' : 'them'}.`
      : phase === 'waiting' || phase === 'saving' || phase === 'error' || phase === 'blocked'
        ? 'What you typed last is not saved yet.'
        : null,
  );

  // A new report's title follows its target until the author types their own.
  const lastSuggestion = useRef(suggestion);
  const { setFieldValue } = form;
  const title = form.values.title;
  useEffect(() => {
    if (suggestion === lastSuggestion.current) return;
    if (reportId === null && (title === lastSuggestion.current || title === '')) {
      setFieldValue('title', suggestion);
    }
    lastSuggestion.current = suggestion;
  }, [suggestion, reportId, title, setFieldValue]);

  const submitNow = async () => {
    setProblem(null);
    if (form.validate().hasErrors) return;
    const { reportId: id, saved } = await autosave.flush();
    if (id === null || !saved) {
      setProblem(
        `The draft is not saved, so it was not submitted: ${autosave.status.message ?? 'try again.'}`,
      );
      return;
    }
    autosave.stop();
    const result = await submit.run({ reportId: id });
    if (!result.ok) {
      autosave.restart();
      setProblem(showHostErrors(form, result.error) ?? result.error.message);
      return;
    }
    notifyDone('Report submitted.');
    replaceAddress(`/reports/${id}`);
  };

  const discardNow = async () => {
    setProblem(null);
    autosave.stop();
    const { reportId: id } = await autosave.flush();
    if (id !== null) {
      const result = await discard.run({ reportId: id });
      if (!result.ok) {
        autosave.restart();
        setProblem(result.error.message);
        return;
      }
      notifyDone('Draft discarded.');
    }
    navigate('/reports', { confirmed: true });
  };

  const confirmSubmit = () => {
    modals.openConfirmModal({
      title: 'Submit this report?',
      children: (
        <Text size="sm">
          A submitted report is final: you can no longer edit or discard it. The programme’s
          managers can read it once it has synced.
        </Text>
      ),
      labels: { confirm: 'Submit report', cancel: 'Keep editing' },
      onConfirm: () => void submitNow(),
    });
  };

  const confirmDiscard = () => {
    if (reportId === null && !hasText(form.values)) {
      navigate('/reports', { confirmed: true });
      return;
    }
    modals.openConfirmModal({
      title: reportId === null ? 'Discard what you wrote?' : 'Discard this draft?',
      children: (
        <Text size="sm">
          The draft is deleted on this machine and, once synced, on the server. This cannot be
          undone.
        </Text>
      ),
      labels: { confirm: 'Discard draft', cancel: 'Keep it' },
      confirmProps: { color: 'red' },
      onConfirm: () => void discardNow(),
    });
  };

  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="md">
        <TextInput
          label="Title"
          placeholder="e.g. Week 3: accessibility audit"
          required
          description={lengthHint(form.values.title, reportTextLimits.title)}
          {...form.getInputProps('title')}
        />
        {reportSections.map((section) => (
          <Textarea
            key={section.field}
            label={section.label}
            description={lengthHint(
              form.values[section.field],
              reportTextLimits[section.field],
              section.hint,
            )}
            autosize
            minRows={4}
            maxRows={18}
            {...form.getInputProps(section.field)}
          />
        ))}
        {problem !== null && (
          <Alert color="red" title="Not done" data-testid="draft-problem">
            {problem}
          </Alert>
        )}
        <Divider />
        <Group justify="space-between" align="center" wrap="wrap" gap="sm">
          <DraftSaveState
            status={autosave.status}
            reportId={reportId}
            onRetry={() => void autosave.flush()}
          />
          <Group gap="xs" ml="auto">
            {reportId === null ? (
              <Button variant="subtle" color="gray" onClick={confirmDiscard}>
                Cancel
              </Button>
            ) : (
              <Button
                variant="subtle"
                color="red"
                leftSection={<IconTrash size={16} />}
                loading={discard.pending}
                onClick={confirmDiscard}
              >
                Discard draft
              </Button>
            )}
            <Button
              leftSection={<IconSend size={16} />}
              loading={submit.pending}
              disabled={!canSubmit}
              onClick={confirmSubmit}
            >
              Submit report
            </Button>
          </Group>
        </Group>
      </Stack>
    </Card>
  );
}
