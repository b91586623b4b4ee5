import { Button, Group, Modal, MultiSelect, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { PersonRef } from '../../../../shared/contract';
import { useCommand } from '../../host/use-command';
import { useLiveQuery } from '../../host/use-host';
import { navigate } from '../../shell/router';

const choices = (people: readonly PersonRef[]) =>
  people.map((p) => ({ value: p.id, label: p.name }));

/** Starts a group chat: a name and the people in it. */
export function NewGroupButton() {
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const [memberIds, setMemberIds] = useState<string[]>([]);
  const contacts = useLiveQuery('chats.contacts', {});
  const start = useCommand('chats.startGroup');
  return (
    <>
      <Button
        size="xs"
        variant="default"
        onClick={() => {
          setOpen(true);
        }}
      >
        New group
      </Button>
      <Modal
        opened={open}
        onClose={() => {
          setOpen(false);
        }}
        title="New group chat"
      >
        <Stack gap="sm">
          <TextInput
            label="Name"
            required
            value={title}
            onChange={(event) => {
              setTitle(event.currentTarget.value);
            }}
          />
          <MultiSelect
            label="People"
            searchable
            data={contacts.status === 'ready' ? choices(contacts.value) : []}
            value={memberIds}
            onChange={setMemberIds}
          />
          {start.error && (
            <div role="alert" style={{ color: 'var(--mantine-color-red-8)' }}>
              {start.error.message}
            </div>
          )}
          <Group justify="flex-end">
            <Button
              loading={start.pending}
              onClick={() => {
                void start.run({ title, memberIds }).then((result) => {
                  if (!result.ok) return;
                  setOpen(false);
                  setTitle('');
                  setMemberIds([]);
                  navigate(`/chats/${encodeURIComponent(result.value.chatId)}`);
                });
              }}
            >
              Start group
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/** Adds and removes a group's people (its creator, managers, admins). */
export function GroupMembersButton({
  chatId,
  members,
}: {
  readonly chatId: string;
  readonly members: readonly PersonRef[];
}) {
  const [open, setOpen] = useState(false);
  const [memberIds, setMemberIds] = useState<string[]>(members.map((m) => m.id));
  const contacts = useLiveQuery('chats.contacts', {});
  const save = useCommand('chats.setMembers');
  const known = contacts.status === 'ready' ? contacts.value : [];
  // Everyone who may be chosen, and everyone in it now (oneself included).
  const data = choices([...members, ...known.filter((p) => !members.some((m) => m.id === p.id))]);
  return (
    <>
      <Button
        size="xs"
        variant="default"
        onClick={() => {
          setMemberIds(members.map((m) => m.id));
          setOpen(true);
        }}
      >
        People
      </Button>
      <Modal
        opened={open}
        onClose={() => {
          setOpen(false);
        }}
        title="People in this group"
      >
        <Stack gap="sm">
          <MultiSelect
            label="People"
            searchable
            data={data}
            value={memberIds}
            onChange={setMemberIds}
          />
          {save.error && (
            <div role="alert" style={{ color: 'var(--mantine-color-red-8)' }}>
              {save.error.message}
            </div>
          )}
          <Group justify="flex-end">
            <Button
              loading={save.pending}
              onClick={() => {
                void save.run({ chatId, memberIds }).then((result) => {
                  if (result.ok) setOpen(false);
                });
              }}
            >
              Save
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
