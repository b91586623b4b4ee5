import { Button, Group, Modal, Radio, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { BroadcastAudience } from '../../../../shared/schema';
import { useCommand } from '../../host/use-command';
import { navigate } from '../../shell/router';

/**
 * Starts a broadcast (admins and managers): a name and who reads it — every mentor or every
 * manager. Its readers follow from their role; only its sender writes in it.
 */
export function NewBroadcastButton() {
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const [audience, setAudience] = useState<BroadcastAudience>('mentors');
  const start = useCommand('chats.startBroadcast');
  return (
    <>
      <Button
        size="xs"
        variant="default"
        onClick={() => {
          setOpen(true);
        }}
      >
        New broadcast
      </Button>
      <Modal
        opened={open}
        onClose={() => {
          setOpen(false);
        }}
        title="New broadcast"
      >
        <Stack gap="sm">
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
          {start.error && (
            <div role="alert" style={{ color: 'var(--mantine-color-red-8)' }}>
              {start.error.message}
            </div>
          )}
          <Group justify="flex-end">
            <Button
              loading={start.pending}
              onClick={() => {
                void start.run({ title, audience }).then((result) => {
                  if (!result.ok) return;
                  setOpen(false);
                  setTitle('');
                  navigate(`/chats/${encodeURIComponent(result.value.chatId)}`);
                });
              }}
            >
              Start broadcast
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
