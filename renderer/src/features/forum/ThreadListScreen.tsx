import { Badge, Button, Group, Paper, Select, Stack, Text } from '@mantine/core';
import { IconLock, IconPin, IconPlus } from '@tabler/icons-react';
import type { ThreadRow } from '../../../../shared/contract';
import { useLiveQuery } from '../../host/use-host';
import { hrefOf, navigate, searchParamsOf, usePath } from '../../shell/router';
import { formatDateTime } from '../../ui/dates';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';

const ALL = 'all';

function ThreadLine({ row }: { readonly row: ThreadRow }) {
  return (
    <Paper withBorder p="sm" radius="md" data-testid="thread-row" data-unread={row.unread}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap={6} wrap="nowrap">
            {row.pinned && <IconPin size={16} aria-label="Pinned" />}
            {row.locked && <IconLock size={16} aria-label="Locked" />}
            <a
              href={hrefOf(`/forum/${row.id}`)}
              style={{ fontWeight: row.unread ? 700 : 500, overflowWrap: 'anywhere' }}
            >
              {row.removed ? 'Removed thread' : row.title}
            </a>
            {row.unread && (
              <Badge size="xs" variant="filled" data-testid="thread-unread">
                New
              </Badge>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            {row.forumName} · started by {row.authorName} · last activity{' '}
            {formatDateTime(row.lastActivityAt)}
          </Text>
        </Stack>
        <Text size="sm" c="dimmed" style={{ flexShrink: 0 }} data-testid="reply-count">
          {row.replyCount === 1 ? '1 reply' : `${String(row.replyCount)} replies`}
        </Text>
      </Group>
    </Paper>
  );
}

/** The forum: threads sorted by last activity (pinned first), filtered by forum in the address. */
export function ThreadListScreen() {
  const path = usePath();
  const forum = searchParamsOf(path).get('forum') ?? undefined;
  const list = useLiveQuery('forum.threads', forum === undefined ? {} : { forum });
  const forums = list.status === 'ready' ? list.value.forums : [];
  return (
    <>
      <PageHeader
        title="Forum"
        description="Questions and discussions: the organisation’s, and your programmes’."
        actions={
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => {
              navigate(
                `/forum/new${forum === undefined ? '' : `?forum=${encodeURIComponent(forum)}`}`,
              );
            }}
          >
            New thread
          </Button>
        }
      />
      <Select
        label="Forum"
        maw={320}
        mb="md"
        data={[
          { value: ALL, label: 'All forums' },
          ...forums.map((f) => ({ value: f.id === '' ? 'org' : f.id, label: f.name })),
        ]}
        value={forum === undefined ? ALL : forum === '' ? 'org' : forum}
        allowDeselect={false}
        onChange={(value) => {
          navigate(
            value === ALL || value === null
              ? '/forum'
              : `/forum?forum=${encodeURIComponent(value === 'org' ? '' : value)}`,
          );
        }}
      />
      <QueryView state={list}>
        {(value) =>
          value.rows.length === 0 ? (
            <EmptyState title="No threads yet">Start one with New thread.</EmptyState>
          ) : (
            <Stack gap="xs" data-testid="thread-list">
              {value.rows.map((row) => (
                <ThreadLine key={row.id} row={row} />
              ))}
            </Stack>
          )
        }
      </QueryView>
    </>
  );
}
