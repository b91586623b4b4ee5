import { Alert, Anchor, Badge, Button, Group, Stack, Textarea, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import type { ThreadView } from '../../../../shared/contract';
import { hostClient } from '../../host/host-client';
import { notifyFailure, useCommand } from '../../host/use-command';
import { useLiveQuery } from '../../host/use-host';
import { hrefOf, searchParamsOf, usePath } from '../../shell/router';
import { useSession } from '../../shell/session';
import { EmptyState } from '../../ui/EmptyState';
import { QueryView } from '../../ui/QueryView';
import { PostCard } from './PostCard';

function ModerationBar({ view }: { readonly view: ThreadView }) {
  const moderate = useCommand('forum.moderate');
  const act = (change: { pinned?: boolean; locked?: boolean }) => {
    void moderate.run({ threadId: view.thread.id, ...change }).then((result) => {
      if (!result.ok) notifyFailure('Could not change the thread', result.error);
    });
  };
  const pinned = view.thread.pinned === true;
  const locked = view.thread.locked === true;
  return (
    <Group gap="xs">
      <Button
        size="xs"
        variant="default"
        loading={moderate.pending}
        onClick={() => {
          act({ pinned: !pinned });
        }}
      >
        {pinned ? 'Unpin' : 'Pin'}
      </Button>
      <Button
        size="xs"
        variant="default"
        loading={moderate.pending}
        onClick={() => {
          act({ locked: !locked });
        }}
      >
        {locked ? 'Unlock' : 'Lock'}
      </Button>
    </Group>
  );
}

function ReplyBox({ threadId }: { readonly threadId: string }) {
  const [body, setBody] = useState('');
  const reply = useCommand('forum.reply');
  return (
    <Stack gap="xs">
      <Textarea
        label="Your reply"
        description="Markdown works; no pictures or HTML."
        autosize
        minRows={3}
        value={body}
        error={reply.error?.message}
        onChange={(event) => {
          setBody(event.currentTarget.value);
        }}
      />
      <Group>
        <Button
          loading={reply.pending}
          onClick={() => {
            void reply.run({ threadId, body }).then((result) => {
              if (result.ok) setBody('');
            });
          }}
        >
          Reply
        </Button>
      </Group>
    </Stack>
  );
}

/** A thread: its opening post, its replies in the order written, and the reply box. */
export function ThreadScreen({ threadId }: { readonly threadId: string }) {
  const { userId } = useSession();
  const path = usePath();
  const postId = searchParamsOf(path).get('post') ?? undefined;
  const state = useLiveQuery('forum.thread', { threadId, ...(postId ? { postId } : {}) });
  const view = state.status === 'ready' ? state.value : null;

  // Read up to the newest post on opening (and as posts arrive while it is open).
  const newest = view
    ? [view.thread, ...view.replies].reduce((a, p) => (p.createdAt > a ? p.createdAt : a), '')
    : '';
  const marked = useRef('');
  useEffect(() => {
    if (!view || newest === '' || newest <= (view.readAt ?? '') || newest <= marked.current) return;
    marked.current = newest;
    void hostClient.call('forum.markRead', { threadId, upTo: newest });
  }, [view, newest, threadId]);

  // Open at a post asked for (a search result).
  const focusId = view?.focusId ?? null;
  useEffect(() => {
    if (focusId)
      document
        .querySelector(`[data-post-id="${CSS.escape(focusId)}"]`)
        ?.scrollIntoView({ block: 'center' });
  }, [focusId]);

  return (
    <QueryView state={state}>
      {(value) =>
        value === null ? (
          <EmptyState title="This thread is not yours to read">
            A programme’s forum is for its people. It may also not have reached this machine yet.
          </EmptyState>
        ) : (
          <Stack gap="md">
            <Anchor href={hrefOf('/forum')} size="sm">
              ← Forum
            </Anchor>
            <Group justify="space-between" align="flex-start">
              <Stack gap={4} style={{ minWidth: 0 }}>
                <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
                  {value.thread.removedAt !== undefined ? 'Removed thread' : value.thread.title}
                </Title>
                <Group gap={6}>
                  <Badge variant="light">{value.forumName}</Badge>
                  {value.thread.pinned === true && <Badge color="grape">Pinned</Badge>}
                  {value.thread.locked === true && (
                    <Badge color="orange" data-testid="thread-locked">
                      Locked
                    </Badge>
                  )}
                </Group>
              </Stack>
              {value.can.moderate && <ModerationBar view={value} />}
            </Group>
            <PostCard
              post={value.thread}
              people={value.people}
              mine={value.thread.createdBy === userId}
              moderate={value.can.moderate}
              locked={value.thread.locked === true}
              focused={value.focusId === value.thread.id}
            />
            <Title order={2} size="h4">
              {value.replies.length === 1 ? '1 reply' : `${String(value.replies.length)} replies`}
            </Title>
            {value.replies.map((reply) => (
              <PostCard
                key={reply.id}
                post={reply}
                people={value.people}
                mine={reply.createdBy === userId}
                moderate={value.can.moderate}
                locked={value.thread.locked === true}
                focused={value.focusId === reply.id}
              />
            ))}
            {value.hiddenAfterLock > 0 && (
              <Alert color="gray" variant="light">
                {value.hiddenAfterLock} replies written after the thread was locked are not shown.
              </Alert>
            )}
            {value.can.reply ? (
              <ReplyBox threadId={value.thread.id} />
            ) : (
              <Alert color="orange" variant="light" data-testid="no-replies">
                {value.thread.locked === true
                  ? 'This thread is locked: it takes no more replies.'
                  : 'This thread takes no more replies.'}
              </Alert>
            )}
          </Stack>
        )
      }
    </QueryView>
  );
}
