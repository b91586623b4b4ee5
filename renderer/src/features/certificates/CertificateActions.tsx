import { Button, Group, Select } from '@mantine/core';
import { IconDownload, IconPrinter } from '@tabler/icons-react';
import { useState } from 'react';
import type { CertificatePageSize } from '../../../../shared/domain/inputs/certificates';
import { notifyDone, notifyFailure, useCommand } from '../../host/use-command';
import { useCommandResult } from '../../host/use-host';
import { downloadFile, openViewerTab, showInViewer } from '../../ui/exported-files';

export const pageSizeChoices = [
  { value: 'A4', label: 'A4 landscape' },
  { value: 'LETTER', label: 'Letter landscape' },
];

/** Print and Save as PDF for one issued certificate, with the paper size. */
export function CertificateActions({
  certificateId,
  label,
}: {
  readonly certificateId: string;
  /** Who or what the buttons are for, for screen readers. */
  readonly label: string;
}) {
  const [pageSize, setPageSize] = useState<CertificatePageSize>('A4');
  const print = useCommand('certificates.print');
  const save = useCommand('certificates.savePdf');
  const info = useCommandResult('app.info', {});
  const inBrowser = info.status !== 'ready' || info.value.mode === 'browser';
  return (
    <Group gap="xs" wrap="wrap">
      <Select
        aria-label={`Paper size for ${label}`}
        data={pageSizeChoices}
        value={pageSize}
        onChange={(value) => {
          setPageSize(value === 'LETTER' ? 'LETTER' : 'A4');
        }}
        allowDeselect={false}
        size="xs"
        w={160}
      />
      <Button
        size="xs"
        leftSection={<IconPrinter size={14} />}
        loading={print.pending}
        aria-label={`Print ${label}`}
        data-testid="print-certificate"
        onClick={() => {
          // Opened now, while the click counts: after the render it would be a blocked pop-up.
          const tab = inBrowser ? openViewerTab() : null;
          void print.run({ certificateId, pageSize }).then((result) => {
            if (!result.ok) {
              tab?.close();
              notifyFailure('Could not print the certificate', result.error);
              return;
            }
            if (result.value.printedWith === 'viewer') showInViewer(tab, result.value.file);
            else tab?.close();
          });
        }}
      >
        Print
      </Button>
      <Button
        size="xs"
        variant="default"
        leftSection={<IconDownload size={14} />}
        loading={save.pending}
        aria-label={`Save ${label} as PDF`}
        data-testid="save-certificate"
        onClick={() => {
          void save.run({ certificateId, pageSize }).then((result) => {
            if (!result.ok) {
              notifyFailure('Could not save the certificate', result.error);
              return;
            }
            // The desktop app saved it among the exports; browser mode also hands it over.
            if (inBrowser) downloadFile(result.value);
            notifyDone(`Saved as ${result.value.path}`);
          });
        }}
      >
        Save as PDF
      </Button>
    </Group>
  );
}
