import { MultiSelect, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { PersonRef } from '../../../../shared/contract';
import { useCommand } from '../../host/use-command';
import { useLiveQuery } from '../../host/use-host';
import { navigate } from '../../shell/router';
import { ChatDialog } from './ChatDialog';

const choices = (people: readonly PersonRef[]) =>
  people.map((p) => ({ value: p.id, label: p.name }));

/** Starts a group chat: a name and the people in it. */
export function NewGroupButton() {
  const [title, setTitle] = useState('');
  const [memberIds, setMemberIds] = useState<string[]>([]);
  const contacts = useLiveQuery('chats.contacts', {});
  const start = useCommand('chats.startGroup');
  return (
    <ChatDialog
      label="New group"
      title="New group chat"
      confirmLabel="Start group"
      pending={start.pending}
      error={start.error}
      onConfirm={async () => {
        const result = await start.run({ title, memberIds });
        if (!result.ok) return false;
        setTitle('');
        setMemberIds([]);
        navigate(`/chats/${encodeURIComponent(result.value.chatId)}`);
        return true;
      }}
    >
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
    </ChatDialog>
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
  const [memberIds, setMemberIds] = useState<string[]>(members.map((m) => m.id));
  const contacts = useLiveQuery('chats.contacts', {});
  const save = useCommand('chats.setMembers');
  const known = contacts.status === 'ready' ? contacts.value : [];
  // Everyone who may be chosen, and everyone in it now (oneself included).
  const data = choices([...members, ...known.filter((p) => !members.some((m) => m.id === p.id))]);
  return (
    <ChatDialog
      label="People"
      title="People in this group"
      confirmLabel="Save"
      pending={save.pending}
      error={save.error}
      onOpen={() => {
        setMemberIds(members.map((m) => m.id));
      }}
      onConfirm={async () => (await save.run({ chatId, memberIds })).ok}
    >
      <MultiSelect
        label="People"
        searchable
        data={data}
        value={memberIds}
        onChange={setMemberIds}
      />
    </ChatDialog>
  );
}
