import { Group, Stack, Text } from '@mantine/core';
import type { CertificateDoc } from '../../../../shared/schema';
import { StatusBadge } from '../../ui/StatusBadge';

function Fact({ label, value }: { readonly label: string; readonly value: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text size="sm">{value}</Text>
    </Stack>
  );
}

/** A certificate's code, dates and series, as its owner and its approver see them. */
export function CertificateFacts({ certificate }: { readonly certificate: CertificateDoc }) {
  return (
    <Group gap="lg" wrap="wrap" align="flex-start">
      <StatusBadge status={certificate.status} />
      <Fact label="Code" value={certificate.certificateCode || '—'} />
      <Fact label="Issued" value={certificate.issueDate} />
      <Fact label="Valid until" value={certificate.expirationDate ?? 'Does not expire'} />
      <Fact label="Series" value={certificate.seriesId} />
    </Group>
  );
}
