import { Anchor, Button, Group, Paper, Stack, Text, Textarea } from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconCheck, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import type { ApplicationView } from '../../../../shared/contract';
import { notifyDone, notifyFailure, useCommand } from '../../host/use-command';
import { hrefOf } from '../../shell/router';
import { formatDateTime } from '../../ui/dates';
import { StatusBadge } from '../../ui/StatusBadge';
import { SyncMark } from '../../ui/SyncMark';
import { AnswersView } from './AnswersView';
import { DecisionNote } from './DecisionNote';
import { parseInput } from '../../../../shared/domain/inputs/messages';
import { DECISION_NOTE_MAX, decisionNoteInput } from '../../../../shared/domain/inputs/programmes';
import { lengthHint } from '../../ui/LengthHint';

type Decision = 'approved' | 'declined';

const decisionWords: Record<Decision, { verb: string; color: string; done: string }> = {
  approved: { verb: 'Approve', color: 'teal', done: 'approved' },
  declined: { verb: 'Decline', color: 'red', done: 'declined' },
};

/** The note and the confirmation of a decision, in a modal: deciding happens once. */
function DecisionForm({
  view,
  decision,
  onClose,
}: {
  readonly view: ApplicationView;
  readonly decision: Decision;
  readonly onClose: () => void;
}) {
  const [note, setNote] = useState('');
  const decide = useCommand('applications.decide');
  const words = decisionWords[decision];
  const checked = parseInput(decisionNoteInput, note, 'the note');
  const noteProblem = checked.ok ? undefined : checked.issues[0]?.message;
  const confirm = async () => {
    if (noteProblem !== undefined) return;
    const trimmed = note.trim();
    const result = await decide.run({
      applicationId: view.application.id,
      decision,
      ...(trimmed ? { note: trimmed } : {}),
    });
    if (result.ok) {
      notifyDone(`${view.applicant.name}’s application is ${words.done}.`);
      onClose();
    } else {
      notifyFailure(`Could not ${words.verb.toLowerCase()} the application`, result.error);
    }
  };
  return (
    <Stack gap="sm">
      <Text size="sm">
        {decision === 'approved'
          ? `${view.applicant.name} becomes a mentor of “${view.programme.name}”.`
          : `${view.applicant.name} is told the application was declined; they may apply again later.`}{' '}
        A decision is final.
      </Text>
      <Textarea
        label="Note to the applicant"
        description={lengthHint(
          note,
          DECISION_NOTE_MAX,
          'Optional. The applicant sees it with the decision.',
        )}
        autosize
        minRows={3}
        error={noteProblem}
        value={note}
        onChange={(event) => {
          setNote(event.currentTarget.value);
        }}
        data-autofocus
      />
      <Group justify="flex-end" gap="xs">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button color={words.color} loading={decide.pending} onClick={() => void confirm()}>
          {words.verb} application
        </Button>
      </Group>
    </Stack>
  );
}

const openDecision = (view: ApplicationView, decision: Decision) => {
  const id = modals.open({
    title: `${decisionWords[decision].verb} ${view.applicant.name}’s application?`,
    children: (
      <DecisionForm
        view={view}
        decision={decision}
        onClose={() => {
          modals.close(id);
        }}
      />
    ),
  });
};

/**
 * An application with its answers, its decision once made, and — for who may decide — approve and
 * decline. `showProgramme` names the programme (the approvals inbox mixes programmes).
 */
export function ApplicationCard({
  view,
  canDecide,
  showProgramme = false,
}: {
  readonly view: ApplicationView;
  readonly canDecide: boolean;
  readonly showProgramme?: boolean;
}) {
  const { application, applicant, programme, decidedBy } = view;
  const pending = application.status === 'pending';
  return (
    <Paper
      component="article"
      withBorder
      radius="md"
      p="md"
      aria-label={`Application from ${applicant.name}`}
      data-testid="application-card"
      data-applicant={applicant.id}
    >
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Group gap="xs" wrap="wrap">
              <Anchor href={hrefOf(`/people/${encodeURIComponent(applicant.id)}`)} fw={600}>
                {applicant.name}
              </Anchor>
              <StatusBadge status={application.status} />
              <SyncMark collection="applications" id={application.id} />
            </Group>
            <Text size="xs" c="dimmed">
              {showProgramme && (
                <>
                  to{' '}
                  <Anchor href={hrefOf(`/programmes/${programme.id}`)} size="xs">
                    {programme.name}
                  </Anchor>{' '}
                  ·{' '}
                </>
              )}
              applied {formatDateTime(application.createdAt)}
            </Text>
          </Stack>
          {pending && canDecide && (
            <Group gap="xs">
              <Button
                size="xs"
                color="teal"
                leftSection={<IconCheck size={14} />}
                onClick={() => {
                  openDecision(view, 'approved');
                }}
              >
                Approve
              </Button>
              <Button
                size="xs"
                color="red"
                variant="light"
                leftSection={<IconX size={14} />}
                onClick={() => {
                  openDecision(view, 'declined');
                }}
              >
                Decline
              </Button>
            </Group>
          )}
        </Group>
        <AnswersView criteria={programme.criteria} answers={application.answers} />
        <DecisionNote application={application} decidedBy={decidedBy} />
      </Stack>
    </Paper>
  );
}
