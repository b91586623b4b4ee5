import {
  Anchor,
  Avatar,
  Button,
  Card,
  Grid,
  Group,
  Select,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconArrowLeft, IconCircleCheck } from '@tabler/icons-react';
import { useState } from 'react';
import type { PersonDetail } from '../../../../shared/contract';
import type { UserRole } from '../../../../shared/schema';
import { notifyDone, notifyFailure, useCommand } from '../../host/use-command';
import { useLiveQuery } from '../../host/use-host';
import { hrefOf } from '../../shell/router';
import { useSession } from '../../shell/session';
import { formatDate } from '../../ui/dates';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { SyncMark } from '../../ui/SyncMark';
import { CompletenessCard } from './Completeness';
import { MentorDetailsView } from './MentorDetailsView';
import { ProfileFacts } from './ProfileFacts';
import {
  DetailsStatusBadge,
  RoleBadge,
  isRole,
  roleLabels,
  roleOptions,
  withArticle,
} from './people-looks';

/** Admins: a role change is made on the server (who may sign in as what) and on the profile. */
function RoleCard({ person }: { readonly person: PersonDetail }) {
  const { userId } = useSession();
  const { profile } = person;
  const [role, setRole] = useState<UserRole>(profile.role);
  const setRoleCommand = useCommand('users.setRole');
  const name = profile.fullName ?? profile.username;

  const confirm = () => {
    modals.openConfirmModal({
      title: `Make ${name} ${withArticle(role)}?`,
      children: (
        <Text size="sm">
          {roleLabels[role]}s {whatRoleMeans[role]}.{' '}
          {profile.id === userId && 'You give up being an admin: you cannot undo this yourself. '}
          They may need to sign in again for it to take effect.
        </Text>
      ),
      labels: { confirm: 'Change role', cancel: 'Cancel' },
      confirmProps: { color: role === 'admin' || profile.id === userId ? 'red' : undefined },
      onConfirm: () => {
        void setRoleCommand.run({ userId: profile.id, role }).then((result) => {
          if (result.ok) notifyDone(`${name} is now ${withArticle(role)}.`);
          else {
            notifyFailure('The role was not changed', result.error);
            setRole(profile.role);
          }
        });
      },
    });
  };

  return (
    <Card withBorder radius="md" padding="md" data-testid="role-card">
      <Stack gap="xs">
        <Text fw={600} size="sm">
          Role
        </Text>
        <Text size="xs" c="dimmed">
          Changing a role needs the server.
        </Text>
        <Group gap="xs" wrap="nowrap" align="flex-end">
          <Select
            aria-label="Role"
            data={roleOptions}
            value={role}
            allowDeselect={false}
            style={{ flex: 1 }}
            onChange={(value) => {
              if (isRole(value)) setRole(value);
            }}
          />
          <Button
            variant="light"
            disabled={role === profile.role}
            loading={setRoleCommand.pending}
            onClick={confirm}
          >
            Change role
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

const whatRoleMeans: Record<UserRole, string> = {
  admin: 'run the organisation: people, roles, reference lists and certificates',
  manager: 'run programmes, decide applications, assign tasks and write reports',
  mentor: 'apply to programmes, work on tasks and write task reports',
};

function DetailsCard({ person }: { readonly person: PersonDetail }) {
  const approve = useCommand('userDetails.approve');
  const { details } = person;
  return (
    <Card withBorder radius="md" padding="lg" data-testid="person-details-card">
      <Stack gap="md">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="xs">
            <Title order={3} size="h4">
              Mentor details
            </Title>
            {details && <DetailsStatusBadge status={details.status} />}
            {details && <SyncMark collection="userDetails" id={details.id} />}
          </Group>
          {details && person.can.approveDetails && (
            <Button
              leftSection={<IconCircleCheck size={16} />}
              loading={approve.pending}
              onClick={() => {
                void approve.run({ userDetailsId: details.id }).then((result) => {
                  if (result.ok) notifyDone('Mentor details approved.');
                  else notifyFailure('The details were not approved', result.error);
                });
              }}
            >
              Approve details
            </Button>
          )}
        </Group>
        {details ? (
          <MentorDetailsView details={details} />
        ) : (
          <Text size="sm" c="dimmed">
            No mentor details submitted yet.
          </Text>
        )}
      </Stack>
    </Card>
  );
}

function Person({ person }: { readonly person: PersonDetail }) {
  const { profile } = person;
  const name = profile.fullName?.trim() || profile.username;
  // Mentors are the ones who submit details; anyone who did is shown theirs too.
  const showDetails = profile.role === 'mentor' || person.details !== null;
  return (
    <>
      <PageHeader
        title={name}
        badge={<RoleBadge role={profile.role} />}
        description={profile.headline ?? `Member since ${formatDate(profile.dateCreated)}`}
        actions={<Avatar size={56} radius="xl" color="initials" name={name} />}
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            <Card withBorder radius="md" padding="lg">
              <ProfileFacts profile={profile} />
            </Card>
            {showDetails && <DetailsCard person={person} />}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <CompletenessCard completeness={person.completeness} />
            {person.can.setRole && <RoleCard key={profile.role} person={person} />}
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}

export function PersonScreen({ userId }: { readonly userId: string }) {
  const person = useLiveQuery('users.detail', { userId });
  return (
    <Stack gap={0}>
      <Anchor href={hrefOf('/people')} size="sm" mb="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          People
        </Group>
      </Anchor>
      <QueryView state={person}>
        {(value) =>
          value ? (
            <Person person={value} />
          ) : (
            <EmptyState title="There is no such person here">
              They may not have a profile yet, or it has not synced to this machine.
            </EmptyState>
          )
        }
      </QueryView>
    </Stack>
  );
}
