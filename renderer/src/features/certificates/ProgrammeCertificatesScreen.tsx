import { Anchor, Button, Group, Paper, Select, Stack, Table, Text } from '@mantine/core';
import { IconCertificate } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import type { BatchProgress, CertificateRow } from '../../../../shared/contract';
import type { CertificatePageSize } from '../../../../shared/domain/inputs/certificates';
import { notifyFailure, useCommand } from '../../host/use-command';
import { useLiveQuery } from '../../host/use-host';
import { hrefOf } from '../../shell/router';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { StatusBadge } from '../../ui/StatusBadge';
import { SyncMark } from '../../ui/SyncMark';
import { BatchProgressBar } from './BatchProgressBar';
import { CertificateActions, pageSizeChoices } from './CertificateActions';
import { RevokeButton } from './RevokeButton';

const validityChoices = [
  { value: '1', label: '1 year' },
  { value: '2', label: '2 years' },
  { value: '3', label: '3 years' },
  { value: '5', label: '5 years' },
  { value: 'never', label: 'Does not expire' },
];

/** Whether a mentor holds a certificate generated and not revoked (no second one is generated). */
const inForce = (row: CertificateRow | null): boolean =>
  row !== null &&
  (row.certificate.status === 'pending_approval' || row.certificate.status === 'approved');

/** A programme's certificates: its managers generate them (all at once or one by one). */
export function ProgrammeCertificatesScreen({ programmeId }: { readonly programmeId: string }) {
  const state = useLiveQuery('certificates.ofProgramme', { programmeId });
  const generate = useCommand('certificates.generate');
  const [validity, setValidity] = useState('2');
  const [pageSize, setPageSize] = useState<CertificatePageSize>('A4');
  const [batchId, setBatchId] = useState<string | null>(null);
  const onFinished = useCallback((batch: BatchProgress) => {
    if (batch.state === 'failed') {
      notifyFailure('Generation stopped', { code: 'internal', message: batch.message ?? '' });
    }
  }, []);

  const start = async (userIds?: string[]) => {
    const result = await generate.run({
      programmeId,
      ...(userIds ? { userIds } : {}),
      validForYears: validity === 'never' ? null : Number(validity),
      pageSize,
    });
    if (result.ok) setBatchId(result.value.batchId);
    else notifyFailure('Could not generate certificates', result.error);
  };

  return (
    <QueryView state={state}>
      {(value) =>
        value === null ? (
          <EmptyState title="Certificates are for the programme’s managers">
            <Anchor href={hrefOf(`/programmes/${encodeURIComponent(programmeId)}`)}>
              Back to the programme
            </Anchor>
          </EmptyState>
        ) : (
          <Stack gap="md" maw={1000}>
            <PageHeader
              title={`Certificates — ${value.programme.name}`}
              description="Generate certificates for the programme’s mentors; an admin approves them, then mentors print theirs."
            />
            <Paper withBorder p="md" radius="md">
              <Group align="flex-end" wrap="wrap">
                <Select
                  label="Valid for"
                  data={validityChoices}
                  value={validity}
                  onChange={(next) => {
                    setValidity(next ?? '2');
                  }}
                  allowDeselect={false}
                  w={170}
                />
                <Select
                  label="Paper"
                  data={pageSizeChoices}
                  value={pageSize}
                  onChange={(next) => {
                    setPageSize(next === 'LETTER' ? 'LETTER' : 'A4');
                  }}
                  allowDeselect={false}
                  w={170}
                />
                <Button
                  leftSection={<IconCertificate size={16} />}
                  loading={generate.pending}
                  disabled={
                    !value.canGenerate ||
                    value.mentors.every((mentor) => inForce(mentor.certificate))
                  }
                  onClick={() => void start()}
                  data-testid="generate-all"
                >
                  Generate for every mentor without one
                </Button>
              </Group>
            </Paper>
            {batchId && <BatchProgressBar batchId={batchId} onFinished={onFinished} />}
            {value.mentors.length === 0 ? (
              <EmptyState title="No mentors yet">
                Certificates are generated for the programme’s mentors.
              </EmptyState>
            ) : (
              <Table.ScrollContainer minWidth={700}>
                <Table verticalSpacing="sm" data-testid="programme-certificates">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Mentor</Table.Th>
                      <Table.Th>Certificate</Table.Th>
                      <Table.Th>Code</Table.Th>
                      <Table.Th>Actions</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {value.mentors.map((mentor) => {
                      const row = mentor.certificate;
                      const status = row?.certificate.status;
                      return (
                        <Table.Tr
                          key={mentor.id}
                          data-testid="mentor-certificate"
                          data-mentor={mentor.id}
                          data-status={status ?? 'none'}
                        >
                          <Table.Td>
                            <Text size="sm" fw={600}>
                              {mentor.name}
                            </Text>
                          </Table.Td>
                          <Table.Td>
                            {row ? (
                              <Group gap="xs">
                                <StatusBadge status={row.certificate.status} />
                                <SyncMark collection="certificates" id={row.certificate.id} />
                              </Group>
                            ) : (
                              <Text size="sm" c="dimmed">
                                None yet
                              </Text>
                            )}
                          </Table.Td>
                          <Table.Td>
                            <Text size="sm" ff="monospace">
                              {row?.certificate.certificateCode || '—'}
                            </Text>
                          </Table.Td>
                          <Table.Td>
                            {row?.can.print ? (
                              <Group gap="xs">
                                <CertificateActions
                                  certificateId={row.certificate.id}
                                  label={`${mentor.name}’s certificate`}
                                />
                                {row.can.revoke && (
                                  <RevokeButton
                                    certificateId={row.certificate.id}
                                    label={`${mentor.name}’s certificate`}
                                  />
                                )}
                              </Group>
                            ) : !inForce(row) ? (
                              <Button
                                size="xs"
                                variant="light"
                                disabled={!value.canGenerate || generate.pending}
                                onClick={() => void start([mentor.id])}
                                aria-label={`Generate a certificate for ${mentor.name}`}
                              >
                                Generate
                              </Button>
                            ) : (
                              <Text size="xs" c="dimmed">
                                Waiting for an admin
                              </Text>
                            )}
                          </Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </Stack>
        )
      }
    </QueryView>
  );
}
