import { Alert, Anchor, Button, Code, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import type { SyncIssue } from '../../../../shared/contract';
import {
  documentKindLabel,
  documentPath,
  documentTitle,
} from '../../../../shared/domain/document-title';
import { isCollectionName } from '../../../../shared/schema';
import { notifyDone, notifyFailure, useCommand } from '../../host/use-command';
import { hrefOf } from '../../shell/router';
import { useSyncStore } from '../../shell/sync-store';
import { AllClear, PanelSection } from './panel-parts';
import { timeAgo, useNow } from './sync-looks';

const titleOf = (issue: SyncIssue) =>
  isCollectionName(issue.collection)
    ? documentTitle(issue.collection, issue.localVersion)
    : issue.docId;
const kindOf = (issue: SyncIssue) =>
  isCollectionName(issue.collection) ? documentKindLabel[issue.collection] : issue.collection;

/** A history of moves as text: "pending → in_progress (mentor01)", the latest last. */
const movesShown = (value: unknown): string | undefined => {
  if (!Array.isArray(value)) return undefined;
  const moves = value.filter(
    (step): step is { from: string; to: string; by: string } =>
      typeof step === 'object' &&
      step !== null &&
      ['from', 'to', 'by'].every(
        (key) => typeof (step as Record<string, unknown>)[key] === 'string',
      ),
  );
  if (moves.length === 0) return 'no moves';
  const latest = moves.slice(-3).map((step) => `${step.from} → ${step.to} (${step.by})`);
  return `${moves.length > 3 ? '…, ' : ''}${latest.join(', ')}`;
};

/** A field's local value as text: documents are JSON, most fields are short strings. */
const shown = (value: unknown, field?: string): string => {
  if (field === 'transitions') return movesShown(value) ?? '—';
  if (value === undefined || value === null || value === '') return '—';
  if (typeof value === 'string') return value.length > 140 ? `${value.slice(0, 139)}…` : value;
  const json = JSON.stringify(value);
  return json.length > 140 ? `${json.slice(0, 139)}…` : json;
};

/** Where a conflict record stands among those of its document (newest first). */
const positionAmong = (conflicts: readonly SyncIssue[], issue: SyncIssue) => {
  const ofDocument = conflicts.filter(
    (other) => other.collection === issue.collection && other.docId === issue.docId,
  );
  return { position: ofDocument.indexOf(issue) + 1, count: ofDocument.length };
};

/** One issue: what it is about, when, the details, and what can be done. */
function IssueFrame({
  issue,
  onNavigate,
  actions,
  children,
}: {
  readonly issue: SyncIssue;
  readonly onNavigate: () => void;
  readonly actions: React.ReactNode;
  readonly children: React.ReactNode;
}) {
  const now = useNow();
  const path = documentPath(issue.collection, issue.docId);
  const title = titleOf(issue);
  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      data-testid="sync-issue"
      data-kind={issue.kind}
      data-doc-id={issue.docId}
    >
      <Stack gap="xs">
        <div>
          <Text size="xs" c="dimmed">
            {kindOf(issue)} · {timeAgo(issue.createdAt, now)}
          </Text>
          {path ? (
            <Anchor href={hrefOf(path)} fw={600} size="sm" onClick={onNavigate}>
              {title}
            </Anchor>
          ) : (
            <Text fw={600} size="sm">
              {title}
            </Text>
          )}
        </div>
        {children}
        <Group gap="xs" justify="flex-end">
          {actions}
        </Group>
      </Stack>
    </Paper>
  );
}

/** Runs one of the panel's issue commands and says how it went. */
const useIssueAction = (name: 'sync.retryIssue' | 'sync.discardIssue' | 'sync.dismissIssue') => {
  const command = useCommand(name);
  const run = async (issue: SyncIssue, failure: string, done?: string) => {
    const result = await command.run({ id: issue.id });
    if (!result.ok) notifyFailure(failure, result.error);
    else if (done) notifyDone(done);
  };
  return { run, pending: command.pending };
};

/** The issue is dealt with: it leaves the panel. */
function DismissButton({ issue }: { readonly issue: SyncIssue }) {
  const dismiss = useIssueAction('sync.dismissIssue');
  return (
    <Button
      size="xs"
      variant="default"
      loading={dismiss.pending}
      onClick={() => void dismiss.run(issue, 'Could not dismiss it')}
    >
      Dismiss
    </Button>
  );
}

function RejectedCard({
  issue,
  onNavigate,
}: {
  readonly issue: SyncIssue;
  readonly onNavigate: () => void;
}) {
  const retry = useIssueAction('sync.retryIssue');
  const discard = useIssueAction('sync.discardIssue');
  const title = titleOf(issue);
  const confirmDiscard = () => {
    modals.openConfirmModal({
      title: `Discard your change to “${title}”?`,
      children: (
        <Text size="sm">
          The server’s version replaces the one on this machine; if the server never had it, it is
          removed here. This cannot be undone.
        </Text>
      ),
      labels: { confirm: 'Discard my change', cancel: 'Keep it' },
      confirmProps: { color: 'red' },
      onConfirm: () => {
        void discard.run(
          issue,
          `Could not discard the change to “${title}”`,
          'Your change was discarded.',
        );
      },
    });
  };
  return (
    <IssueFrame
      issue={issue}
      onNavigate={onNavigate}
      actions={
        <>
          <Button size="xs" variant="default" loading={discard.pending} onClick={confirmDiscard}>
            Discard
          </Button>
          <Button
            size="xs"
            loading={retry.pending}
            onClick={() =>
              void retry.run(issue, `“${title}” was not sent`, `“${title}” was sent again.`)
            }
          >
            Retry
          </Button>
        </>
      }
    >
      <Text size="sm" c="red" data-testid="sync-issue-reason">
        The server said: {issue.message}
      </Text>
    </IssueFrame>
  );
}

function ConflictCard({
  issue,
  sameDocument,
  onNavigate,
}: {
  readonly issue: SyncIssue;
  /** Which of this document's conflict records this is (1 = newest), and how many there are. */
  readonly sameDocument: { readonly position: number; readonly count: number };
  readonly onNavigate: () => void;
}) {
  const restore = useIssueAction('sync.retryIssue');
  const title = titleOf(issue);
  return (
    <IssueFrame
      issue={issue}
      onNavigate={onNavigate}
      actions={
        <>
          <DismissButton issue={issue} />
          <Button
            size="xs"
            loading={restore.pending}
            onClick={() =>
              void restore.run(
                issue,
                `Your version of “${title}” was not restored`,
                `Your version of “${title}” was restored.`,
              )
            }
          >
            Restore mine
          </Button>
        </>
      }
    >
      <Text size="sm">{issue.message}</Text>
      {sameDocument.count > 1 && (
        <Text size="xs" c="dimmed" data-testid="sync-conflict-of">
          Record {sameDocument.position} of {sameDocument.count} for this document (newest first):
          each keeps a version that did not win.
        </Text>
      )}
      {issue.fields.length > 0 && (
        <Table
          withTableBorder
          withColumnBorders
          fz="xs"
          verticalSpacing={4}
          data-testid="sync-conflict-fields"
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Field</Table.Th>
              <Table.Th>
                {issue.kind === 'rejected' ? 'Your change (refused)' : 'Your version (not kept)'}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {issue.fields.map((field) => (
              <Table.Tr key={field}>
                <Table.Td>
                  <Code>{field}</Code>
                </Table.Td>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>
                  {shown(issue.localVersion[field], field)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </IssueFrame>
  );
}

function InvalidCard({
  issue,
  onNavigate,
}: {
  readonly issue: SyncIssue;
  readonly onNavigate: () => void;
}) {
  return (
    <IssueFrame issue={issue} onNavigate={onNavigate} actions={<DismissButton issue={issue} />}>
      <Text size="sm">{issue.message}</Text>
    </IssueFrame>
  );
}

/** Refused documents, conflicts and misfits: each with what can be done about it. */
export function SyncIssues({ onNavigate }: { readonly onNavigate: () => void }) {
  const issues = useSyncStore((store) => store.issues);
  const newestFirst = [...issues].reverse();
  const rejected = newestFirst.filter((issue) => issue.kind === 'rejected');
  const conflicts = newestFirst.filter((issue) => issue.kind === 'conflict');
  const invalid = newestFirst.filter((issue) => issue.kind === 'invalid');
  const dropped = newestFirst.filter((issue) => issue.kind === 'dropped');
  return (
    <>
      <PanelSection title="Refused by the server" count={rejected.length} testId="sync-rejected">
        {rejected.length === 0 ? (
          <AllClear>The server has accepted everything you sent.</AllClear>
        ) : (
          <>
            <Text size="sm" c="dimmed">
              These stay on this machine. Retry once the cause is fixed, or discard your change.
            </Text>
            {rejected.map((issue) => (
              <RejectedCard key={issue.id} issue={issue} onNavigate={onNavigate} />
            ))}
          </>
        )}
      </PanelSection>
      <PanelSection title="Conflicts" count={conflicts.length} testId="sync-conflicts">
        {conflicts.length === 0 ? (
          <AllClear>No edits met other edits.</AllClear>
        ) : (
          <>
            <Text size="sm" c="dimmed">
              Someone changed the same thing elsewhere; their version was kept. Restore yours, or
              dismiss it.
            </Text>
            {conflicts.map((issue) => (
              <ConflictCard
                key={issue.id}
                issue={issue}
                sameDocument={positionAmong(conflicts, issue)}
                onNavigate={onNavigate}
              />
            ))}
          </>
        )}
      </PanelSection>
      {dropped.map((issue) => (
        <Alert
          key={issue.id}
          color="orange"
          title="Older records were dropped"
          data-testid="sync-dropped"
        >
          <Stack gap="xs">
            <Text size="sm">{issue.message}</Text>
            <Group justify="flex-end">
              <DismissButton issue={issue} />
            </Group>
          </Stack>
        </Alert>
      ))}
      {invalid.length > 0 && (
        <PanelSection title="Not stored" count={invalid.length} testId="sync-invalid">
          <Text size="sm" c="dimmed">
            The server sent documents this version of the app cannot read; they were left out.
          </Text>
          {invalid.map((issue) => (
            <InvalidCard key={issue.id} issue={issue} onNavigate={onNavigate} />
          ))}
        </PanelSection>
      )}
    </>
  );
}
