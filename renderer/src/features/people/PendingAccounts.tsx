import {
  Alert,
  Button,
  Card,
  Group,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconCloudOff, IconRefresh, IconUserCheck } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import type { PendingAccount } from '../../../../shared/contract';
import type { UserRole } from '../../../../shared/schema';
import { hostClient } from '../../host/host-client';
import { notifyDone, notifyFailure, useCommand } from '../../host/use-command';
import type { HostState } from '../../host/use-host';
import { formatDateTime } from '../../ui/dates';
import { isRole, roleLabels, roleOptions, withArticle } from './people-looks';

/**
 * Sign-ups live on the server only (an account without a role writes nothing the app syncs), so
 * this is a command, not a live query: loaded when shown, again after each approval or on demand.
 */
const usePendingAccounts = () => {
  const [version, setVersion] = useState(0);
  const [state, setState] = useState<
    HostState<readonly PendingAccount[]> & { readonly version: number }
  >({ status: 'loading', version: -1 });
  useEffect(() => {
    let current = true;
    void hostClient.call('users.pendingAccounts', {}).then((result) => {
      if (!current) return;
      setState(
        result.ok
          ? { status: 'ready', value: result.value, version }
          : { status: 'error', error: result.error, version },
      );
    });
    return () => {
      current = false;
    };
  }, [version]);
  const reload = useCallback(() => {
    setVersion((value) => value + 1);
  }, []);
  // A reload shows the previous answer until the new one arrives, marked as refreshing.
  return { state, refreshing: state.version !== version, reload };
};

function PendingRow({
  account,
  onApproved,
}: {
  readonly account: PendingAccount;
  readonly onApproved: () => void;
}) {
  const [role, setRole] = useState<UserRole>('mentor');
  const setRoleCommand = useCommand('users.setRole');
  const name = account.fullName ?? account.username;
  const approve = async () => {
    const result = await setRoleCommand.run({ userId: account.username, role });
    if (!result.ok) {
      notifyFailure(`Could not approve ${name}`, result.error);
      return;
    }
    notifyDone(`${name} is now ${withArticle(role)}: they can sign in.`);
    onApproved();
  };
  return (
    <Table.Tr data-testid="pending-account" data-username={account.username}>
      <Table.Td>
        <Text size="sm" fw={500}>
          {name}
        </Text>
        <Text size="xs" c="dimmed">
          {account.username}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{account.email ?? '—'}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" c="dimmed">
          {formatDateTime(account.signedUpAt)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Group gap="xs" justify="flex-end" wrap="nowrap">
          <Select
            size="xs"
            w={120}
            data={roleOptions}
            value={role}
            allowDeselect={false}
            aria-label={`Role for ${account.username}`}
            onChange={(value) => {
              if (isRole(value)) setRole(value);
            }}
          />
          <Button
            size="xs"
            leftSection={<IconUserCheck size={14} />}
            loading={setRoleCommand.pending}
            onClick={() => void approve()}
          >
            Approve as {roleLabels[role].toLowerCase()}
          </Button>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

/** Admins: people who signed up and wait for a role (approving one gives them a profile too). */
export function PendingAccounts() {
  const { state, refreshing, reload } = usePendingAccounts();
  const count = state.status === 'ready' ? state.value.length : null;
  return (
    <Card withBorder radius="md" padding="lg" mb="lg" data-testid="pending-accounts">
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <div>
            <Title order={3} size="h4">
              Waiting for approval{count ? ` (${count})` : ''}
            </Title>
            <Text size="sm" c="dimmed">
              People who signed up as mentor applicants. They can sign in once you give them a role.
            </Text>
          </div>
          <Button
            variant="subtle"
            size="xs"
            leftSection={<IconRefresh size={14} />}
            loading={refreshing && state.status !== 'loading'}
            onClick={reload}
          >
            Refresh
          </Button>
        </Group>
        {state.status === 'loading' && <Skeleton height={36} />}
        {state.status === 'error' &&
          (state.error.code === 'unavailable' ? (
            <Alert color="gray" icon={<IconCloudOff size={18} />} title="Needs the network">
              Sign-ups are kept on the server, which cannot be reached now. Everything else here
              works offline; try again when you are online.
            </Alert>
          ) : (
            <Alert color="red" title="The sign-ups could not be loaded">
              {state.error.message}
            </Alert>
          ))}
        {state.status === 'ready' &&
          (state.value.length === 0 ? (
            <Text size="sm" c="dimmed" data-testid="pending-none">
              Nobody is waiting.
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table verticalSpacing="xs" highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Email</Table.Th>
                    <Table.Th>Signed up</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {state.value.map((account) => (
                    <PendingRow key={account.username} account={account} onApproved={reload} />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          ))}
      </Stack>
    </Card>
  );
}
