import { Avatar, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { IconLogout, IconUserCircle } from '@tabler/icons-react';
import { useCommand, notifyFailure } from '../host/use-command';
import { useLiveQuery } from '../host/use-host';
import { initialsOf } from './initials';
import { navigate } from './router';
import { useSession } from './session';

const roleLabels = { admin: 'Admin', manager: 'Manager', mentor: 'Mentor' } as const;

/** Who is signed in (by their name, as the rest of the app says it), their profile, signing out. */
export function UserMenu() {
  const session = useSession();
  const signOut = useCommand('session.signOut');
  const me = useLiveQuery('users.me', {});
  const account = session.info.user.name;
  // The account name stands in until the profile is here (or if there is none yet).
  const fullName = me.status === 'ready' ? me.value?.profile?.fullName?.trim() : undefined;
  const name = fullName || account;
  return (
    <Menu position="bottom-end" width={240} withinPortal>
      <Menu.Target>
        <UnstyledButton
          aria-label={`Account: ${name === account ? name : `${name}, signed in as ${account}`}`}
          data-testid="user-menu"
          data-account={account}
        >
          <Group gap={8} wrap="nowrap">
            <Avatar size={30} radius="xl" color="indigo" aria-hidden>
              {initialsOf(name)}
            </Avatar>
            <div style={{ lineHeight: 1.1 }}>
              <Text size="sm" fw={600} visibleFrom="md">
                {name}
              </Text>
              <Text size="xs" c="dimmed" visibleFrom="md" data-testid="user-role">
                {roleLabels[session.role]}
                {session.info.offline ? ' · offline sign-in' : ''}
              </Text>
            </div>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          Signed in as {account} on {session.info.serverUrl}
        </Menu.Label>
        <Menu.Item
          leftSection={<IconUserCircle size={16} />}
          onClick={() => {
            navigate('/profile');
          }}
        >
          My profile
        </Menu.Item>
        <Menu.Item
          color="red"
          leftSection={<IconLogout size={16} />}
          disabled={signOut.pending}
          onClick={() => {
            void signOut.run({}).then((result) => {
              if (!result.ok) notifyFailure('Could not sign out', result.error);
              else navigate('/');
            });
          }}
        >
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
