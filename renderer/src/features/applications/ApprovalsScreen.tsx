import { Anchor, Badge, Button, Group, Paper, SimpleGrid, Stack, Tabs, Text } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import type { DetailsForApproval } from '../../../../shared/contract';
import { NONE } from '../../../../shared/schema/fields';
import { notifyDone, notifyFailure, useCommand } from '../../host/use-command';
import { useLiveQuery } from '../../host/use-host';
import { hrefOf, navigate, searchParamsOf, usePath } from '../../shell/router';
import { useSession } from '../../shell/session';
import { formatDateTime } from '../../ui/dates';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { SyncMark } from '../../ui/SyncMark';
import { StoredFileLink } from '../../ui/StoredFileLink';
import { CertificatesApprovalTab } from '../certificates/CertificatesApprovalTab';
import { ApplicationCard } from './ApplicationCard';

function Fact({ label, children }: { readonly label: string; readonly children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" fw={600} c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

const listOrDash = (items: readonly string[]) => (items.length > 0 ? items.join(', ') : '—');

function DetailsCard({
  entry,
  programmeNames,
}: {
  readonly entry: DetailsForApproval;
  readonly programmeNames: ReadonlyMap<string, string>;
}) {
  const { details, person, techStacks } = entry;
  const approve = useCommand('userDetails.approve');
  const run = async () => {
    const result = await approve.run({ userDetailsId: details.id });
    if (result.ok) notifyDone(`${person.name}’s mentor details are approved.`);
    else notifyFailure('Could not approve the details', result.error);
  };
  const interest =
    details.programmeOfInterest === NONE
      ? '—'
      : (programmeNames.get(details.programmeOfInterest) ?? 'A programme not on this machine');
  return (
    <Paper
      component="article"
      withBorder
      radius="md"
      p="md"
      aria-label={`Mentor details of ${person.name}`}
      data-testid="details-card"
      data-person={person.id}
    >
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Group gap="xs">
              <Anchor href={hrefOf(`/people/${encodeURIComponent(person.id)}`)} fw={600}>
                {person.name}
              </Anchor>
              <SyncMark collection="userDetails" id={details.id} />
            </Group>
            <Text size="xs" c="dimmed">
              {person.email ?? 'No email'} · submitted {formatDateTime(details.updatedAt)}
            </Text>
          </Stack>
          <Button
            size="xs"
            color="teal"
            leftSection={<IconCheck size={14} />}
            loading={approve.pending}
            onClick={() => void run()}
          >
            Approve details
          </Button>
        </Group>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" verticalSpacing="sm">
          <Fact label="Years of technical experience">
            {String(details.yearsOfTechnicalExperience)}
          </Fact>
          <Fact label="Been a mentor before">{details.beenMentorBefore ? 'Yes' : 'No'}</Fact>
          <Fact label="Tech stacks">
            {techStacks.length === 0 ? (
              '—'
            ) : (
              <Group gap={4} mt={2}>
                {techStacks.map((name) => (
                  <Badge key={name} variant="light" size="sm">
                    {name}
                  </Badge>
                ))}
              </Group>
            )}
          </Fact>
          <Fact label="Programme of interest">{interest}</Fact>
          <Fact label="Previous roles">{listOrDash(details.previousRoles)}</Fact>
          <Fact label="Previous programmes">{listOrDash(details.previousProgrammes)}</Fact>
          <Fact label="Document">
            {details.document ? <StoredFileLink file={details.document} /> : '—'}
          </Fact>
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}

type InboxTab = 'applications' | 'details' | 'certificates';

const inboxTabs: readonly InboxTab[] = ['applications', 'details', 'certificates'];

/** The one inbox of admins and managers: applications to their programmes and mentor details. */
export function ApprovalsScreen() {
  const { role } = useSession();
  const path = usePath();
  const asked = searchParamsOf(path).get('tab');
  const tab: InboxTab = inboxTabs.find((name) => name === asked) ?? 'applications';
  const certificates = useLiveQuery('certificates.awaitingApproval', {});
  const waitingCertificates = certificates.status === 'ready' ? certificates.value : [];
  const inbox = useLiveQuery('applications.inbox', {});
  const programmes = useLiveQuery('programmes.list', {});
  const programmeNames = new Map(
    programmes.status === 'ready'
      ? programmes.value.map((summary) => [summary.programme.id, summary.programme.name])
      : [],
  );
  if (role === 'mentor') {
    return (
      <EmptyState title="Approvals are for admins and managers">
        <Anchor href={hrefOf('/applications')}>See your own applications</Anchor>
      </EmptyState>
    );
  }
  return (
    <>
      <PageHeader
        title="Approvals"
        description="Applications to the programmes you manage, mentor details and certificates waiting for approval."
      />
      <QueryView state={inbox}>
        {(value) => (
          <Tabs
            value={tab}
            onChange={(next) => {
              navigate(next && next !== 'applications' ? `/approvals?tab=${next}` : '/approvals');
            }}
            keepMounted={false}
          >
            <Tabs.List mb="md">
              <Tabs.Tab value="applications" data-testid="tab-applications">
                Programme applications ({value.applications.length})
              </Tabs.Tab>
              <Tabs.Tab value="details" data-testid="tab-details">
                Mentor details ({value.details.length})
              </Tabs.Tab>
              {role === 'admin' && (
                <Tabs.Tab value="certificates" data-testid="tab-certificates">
                  Certificates ({waitingCertificates.length})
                </Tabs.Tab>
              )}
            </Tabs.List>
            <Tabs.Panel value="applications">
              {value.applications.length === 0 ? (
                <EmptyState title="No applications waiting">
                  Applications to the programmes you manage appear here as mentors send them.
                </EmptyState>
              ) : (
                <Stack gap="sm" maw={900}>
                  {value.applications.map((view) => (
                    <ApplicationCard
                      key={view.application.id}
                      view={view}
                      canDecide
                      showProgramme
                    />
                  ))}
                </Stack>
              )}
            </Tabs.Panel>
            <Tabs.Panel value="details">
              {value.details.length === 0 ? (
                <EmptyState title="No mentor details waiting">
                  When someone submits their mentor details, they wait here for approval.
                </EmptyState>
              ) : (
                <Stack gap="sm" maw={900}>
                  {value.details.map((entry) => (
                    <DetailsCard
                      key={entry.details.id}
                      entry={entry}
                      programmeNames={programmeNames}
                    />
                  ))}
                </Stack>
              )}
            </Tabs.Panel>
            <Tabs.Panel value="certificates">
              <CertificatesApprovalTab rows={waitingCertificates} />
            </Tabs.Panel>
          </Tabs>
        )}
      </QueryView>
    </>
  );
}
