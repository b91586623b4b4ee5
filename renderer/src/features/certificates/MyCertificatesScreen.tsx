import { Paper, Stack, Text } from '@mantine/core';
import { useLiveQuery } from '../../host/use-host';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { CertificateActions } from './CertificateActions';
import { CertificateFacts } from './CertificateFacts';

/** A mentor's issued certificates: view, print and save, on this machine. */
export function MyCertificatesScreen() {
  const state = useLiveQuery('certificates.mine', {});
  return (
    <>
      <PageHeader
        title="My certificates"
        description="Certificates issued to you. They print on this machine, with no network."
      />
      <QueryView state={state}>
        {(rows) =>
          rows.length === 0 ? (
            <EmptyState title="No certificates yet">
              When a programme you mentor in issues your certificate, it appears here.
            </EmptyState>
          ) : (
            <Stack gap="sm" maw={900}>
              {rows.map((row) => (
                <Paper
                  key={row.certificate.id}
                  component="article"
                  withBorder
                  radius="md"
                  p="md"
                  aria-label={`Certificate for ${row.programmeName}`}
                  data-testid="my-certificate"
                >
                  <Stack gap="sm">
                    <Text fw={700}>{row.programmeName}</Text>
                    <Text size="sm">Issued to {row.holder.name}</Text>
                    <CertificateFacts certificate={row.certificate} />
                    {row.certificate.status === 'revoked' ? (
                      <Text size="sm" c="red.8">
                        Revoked: {row.certificate.revokedReason}
                      </Text>
                    ) : (
                      <CertificateActions
                        certificateId={row.certificate.id}
                        label={`the certificate for ${row.programmeName}`}
                      />
                    )}
                  </Stack>
                </Paper>
              ))}
            </Stack>
          )
        }
      </QueryView>
    </>
  );
}
