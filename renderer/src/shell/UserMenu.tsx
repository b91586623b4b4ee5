import { Avatar, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { IconLogout, IconUserCircle } from '@tabler/icons-react';
import { useCommand, notifyFailure } from '../host/use-command';
import { navigate } from './router';
import { useSession } from './session';

const roleLabels = { admin: 'Admin', manager: 'Manager', mentor: 'Mentor' } as const;

/** Who is signed in, their profile, and signing out. */
export function UserMenu() {
  const session = useSession();
  const signOut = useCommand('session.signOut');
  const name = session.info.user.name;
  return (
    <Menu position="bottom-end" width={220} withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={`Account: ${name}`} data-testid="user-menu">
          <Group gap={8} wrap="nowrap">
            <Avatar size={30} radius="xl" color="indigo">
              {name.slice(0, 2).toUpperCase()}
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
        <Menu.Label>{session.info.serverUrl}</Menu.Label>
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
