import { Button, Group, Select, Stack, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useCommand } from '../../host/use-command';
import { useLiveQuery } from '../../host/use-host';
import { navigate, searchParamsOf, usePath } from '../../shell/router';
import { PageHeader } from '../../ui/PageHeader';

const ORG = 'org';

/** Starts a thread in the organisation's forum or one of the person's programmes'. */
export function NewThreadScreen() {
  const path = usePath();
  const preset = searchParamsOf(path).get('forum');
  const list = useLiveQuery('forum.threads', { forum: '' });
  const forums = list.status === 'ready' ? list.value.forums : [];
  const [forum, setForum] = useState(preset ? preset : ORG);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const start = useCommand('forum.startThread');
  const issue = (field: string) => start.error?.issues?.find((i) => i.path === field)?.message;
  return (
    <>
      <PageHeader
        title="New thread"
        description="Markdown works: **bold**, _italic_, lists, links. No pictures or HTML."
      />
      <Stack maw={720} gap="sm">
        <Select
          label="Forum"
          data={forums.map((f) => ({ value: f.id === '' ? ORG : f.id, label: f.name }))}
          value={forum}
          allowDeselect={false}
          onChange={(value) => {
            setForum(value ?? ORG);
          }}
        />
        <TextInput
          label="Title"
          required
          value={title}
          error={issue('title')}
          onChange={(event) => {
            setTitle(event.currentTarget.value);
          }}
        />
        <Textarea
          label="Text"
          autosize
          minRows={5}
          value={body}
          error={issue('body')}
          onChange={(event) => {
            setBody(event.currentTarget.value);
          }}
        />
        {start.error && !start.error.issues && (
          <div role="alert" style={{ color: 'var(--mantine-color-red-8)' }}>
            {start.error.message}
          </div>
        )}
        <Group>
          <Button
            loading={start.pending}
            onClick={() => {
              void start
                .run({ title, body, ...(forum === ORG ? {} : { programmeId: forum }) })
                .then((result) => {
                  if (result.ok) navigate(`/forum/${result.value.id}`, { confirmed: true });
                });
            }}
          >
            Start thread
          </Button>
          <Button
            variant="default"
            onClick={() => {
              navigate('/forum');
            }}
          >
            Cancel
          </Button>
        </Group>
      </Stack>
    </>
  );
}
