import { Alert, Button, Group, Paper, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { memo, useState } from 'react';
import type { ForumPostDoc } from '../../../../shared/schema';
import { notifyFailure, useCommand } from '../../host/use-command';
import { formatDateTime } from '../../ui/dates';
import { Markdown } from '../../ui/Markdown';
import { SyncMark } from '../../ui/SyncMark';

/** Edits one's own post in place. */
function EditPost({ post, onDone }: { readonly post: ForumPostDoc; readonly onDone: () => void }) {
  const [body, setBody] = useState(post.body);
  const edit = useCommand('forum.editPost');
  return (
    <Stack gap="xs">
      <Textarea
        label="Edit your post"
        autosize
        minRows={3}
        value={body}
        error={edit.error?.message}
        onChange={(event) => {
          setBody(event.currentTarget.value);
        }}
      />
      <Group gap="xs">
        <Button
          size="xs"
          loading={edit.pending}
          onClick={() => {
            void edit.run({ postId: post.id, body }).then((result) => {
              if (result.ok) onDone();
            });
          }}
        >
          Save
        </Button>
        <Button size="xs" variant="default" onClick={onDone}>
          Cancel
        </Button>
      </Group>
    </Stack>
  );
}

/** A moderator removes a post and says why (shown in its place). */
function RemovePost({
  post,
  onDone,
}: {
  readonly post: ForumPostDoc;
  readonly onDone: () => void;
}) {
  const [reason, setReason] = useState('');
  const remove = useCommand('forum.removePost');
  return (
    <Group gap="xs" align="flex-end">
      <TextInput
        label="Why is it removed?"
        value={reason}
        error={remove.error?.message}
        onChange={(event) => {
          setReason(event.currentTarget.value);
        }}
        style={{ flex: 1 }}
      />
      <Button
        color="red"
        size="sm"
        loading={remove.pending}
        onClick={() => {
          void remove.run({ postId: post.id, reason }).then((result) => {
            if (result.ok) onDone();
          });
        }}
      >
        Remove post
      </Button>
      <Button size="sm" variant="default" onClick={onDone}>
        Cancel
      </Button>
    </Group>
  );
}

/** One post (the opening one or a reply): author, time, markdown, and what may be done to it. */
export const PostCard = memo(function PostCard({
  post,
  people,
  mine,
  moderate,
  locked,
  focused,
}: {
  readonly post: ForumPostDoc;
  readonly people: Readonly<Record<string, string>>;
  readonly mine: boolean;
  readonly moderate: boolean;
  readonly locked: boolean;
  readonly focused: boolean;
}) {
  const [mode, setMode] = useState<'view' | 'edit' | 'remove'>('view');
  const remove = useCommand('forum.deletePost');
  const removed = post.removedAt !== undefined;
  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      data-testid="forum-post"
      data-post-id={post.id}
      style={focused ? { outline: '2px solid var(--mantine-color-yellow-filled)' } : undefined}
    >
      <Group justify="space-between" mb={6} wrap="nowrap">
        <Group gap={8}>
          <Text fw={600} size="sm">
            {people[post.createdBy] ?? post.createdBy}
          </Text>
          <Text size="xs" c="dimmed">
            {formatDateTime(post.createdAt)}
            {post.editedAt !== undefined && !removed ? ' (edited)' : ''}
          </Text>
          <SyncMark collection="forumPosts" id={post.id} />
        </Group>
        {!removed && mode === 'view' && (
          <Group gap={4}>
            {mine && (!locked || moderate) && (
              <Button
                size="compact-xs"
                variant="subtle"
                onClick={() => {
                  setMode('edit');
                }}
              >
                Edit
              </Button>
            )}
            {mine && (
              <Button
                size="compact-xs"
                variant="subtle"
                color="red"
                loading={remove.pending}
                onClick={() => {
                  void remove.run({ postId: post.id }).then((result) => {
                    if (!result.ok) notifyFailure('Could not delete the post', result.error);
                  });
                }}
              >
                Delete
              </Button>
            )}
            {moderate && !mine && (
              <Button
                size="compact-xs"
                variant="subtle"
                color="red"
                onClick={() => {
                  setMode('remove');
                }}
              >
                Remove
              </Button>
            )}
          </Group>
        )}
      </Group>
      {removed ? (
        <Alert color="gray" variant="light" data-testid="post-removed">
          {post.removedBy === post.createdBy
            ? 'Deleted by its author.'
            : `Removed by ${people[post.removedBy ?? ''] ?? post.removedBy ?? 'a moderator'}: ${post.removedReason ?? ''}`}
        </Alert>
      ) : mode === 'edit' ? (
        <EditPost
          post={post}
          onDone={() => {
            setMode('view');
          }}
        />
      ) : (
        <div data-testid="post-body">
          <Markdown text={post.body} />
        </div>
      )}
      {mode === 'remove' && (
        <RemovePost
          post={post}
          onDone={() => {
            setMode('view');
          }}
        />
      )}
    </Paper>
  );
});
