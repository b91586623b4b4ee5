import { Anchor, Button, Code, Group, Paper, Stack, Table, Text } from '@mantine/core';
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

/** A field's local value as text: documents are JSON, most fields are short strings. */
const shown = (value: unknown): string => {
  if (value === undefined || value === null || value === '') return '—';
  if (typeof value === 'string') return value.length > 140 ? `${value.slice(0, 139)}…` : value;
  const json = JSON.stringify(value);
  return json.length > 140 ? `${json.slice(0, 139)}…` : json;
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
  onNavigate,
}: {
  readonly issue: SyncIssue;
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
              <Table.Th>Your version (not kept)</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {issue.fields.map((field) => (
              <Table.Tr key={field}>
                <Table.Td>
                  <Code>{field}</Code>
                </Table.Td>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>
                  {shown(issue.localVersion[field])}
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
              <ConflictCard key={issue.id} issue={issue} onNavigate={onNavigate} />
            ))}
          </>
        )}
      </PanelSection>
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
