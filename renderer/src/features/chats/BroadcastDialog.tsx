import { Group, Radio, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { BroadcastAudience } from '../../../../shared/schema';
import { useCommand } from '../../host/use-command';
import { navigate } from '../../shell/router';
import { ChatDialog } from './ChatDialog';

/**
 * Starts a broadcast (admins and managers): a name and who reads it — every mentor or every
 * manager. Its readers follow from their role; only its sender writes in it.
 */
export function NewBroadcastButton() {
  const [title, setTitle] = useState('');
  const [audience, setAudience] = useState<BroadcastAudience>('mentors');
  const start = useCommand('chats.startBroadcast');
  return (
    <ChatDialog
      label="New broadcast"
      title="New broadcast"
      confirmLabel="Start broadcast"
      pending={start.pending}
      error={start.error}
      onConfirm={async () => {
        const result = await start.run({ title, audience });
        if (!result.ok) return false;
        setTitle('');
        navigate(`/chats/${encodeURIComponent(result.value.chatId)}`);
        return true;
      }}
    >
      <TextInput
        label="Name"
        description="What it is about, e.g. Timesheets or Programme news."
        required
        value={title}
        onChange={(event) => {
          setTitle(event.currentTarget.value);
        }}
      />
      <Radio.Group
        label="To"
        description="They read it and are notified of each message; only you write in it."
        value={audience}
        onChange={(value) => {
          setAudience(value === 'managers' ? 'managers' : 'mentors');
        }}
      >
        <Group mt="xs">
          <Radio value="mentors" label="All mentors" />
          <Radio value="managers" label="All managers" />
        </Group>
      </Radio.Group>
    </ChatDialog>
  );
}
