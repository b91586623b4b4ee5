import { Button, Table, Text, VisuallyHidden } from '@mantine/core';
import type { BackupSummary } from '../../../../shared/contract';
import { useCommandResult } from '../../host/use-host';
import { formatDateTime } from '../../ui/dates';
import { QueryView } from '../../ui/QueryView';

const size = (bytes: number) =>
  bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The signed-in person's backups in the backups folder, newest first, each restorable. */
export function BackupList({
  onRestore,
  busy,
}: {
  readonly onRestore: (backup: BackupSummary) => void;
  readonly busy: boolean;
}) {
  const backups = useCommandResult('backup.list', {});
  return (
    <QueryView state={backups} lines={3}>
      {(list) =>
        list.length === 0 ? (
          <Text size="sm" data-testid="no-backups">
            No backups in the backups folder yet.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={520}>
            <Table data-testid="backup-list" verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Made</Table.Th>
                  <Table.Th>File</Table.Th>
                  <Table.Th>Documents</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Action</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((backup) => (
                  <Table.Tr key={backup.fileName}>
                    <Table.Td>{formatDateTime(backup.createdAt)}</Table.Td>
                    <Table.Td style={{ wordBreak: 'break-all' }}>
                      {backup.fileName}
                      <Text size="xs">
                        {size(backup.bytes)}
                        {backup.unsynced > 0 ? ` · ${backup.unsynced} not synced then` : ''}
                      </Text>
                    </Table.Td>
                    <Table.Td>{backup.documents}</Table.Td>
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="default"
                        disabled={busy}
                        aria-label={`Restore the backup of ${formatDateTime(backup.createdAt)}`}
                        onClick={() => {
                          onRestore(backup);
                        }}
                      >
                        Restore
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )
      }
    </QueryView>
  );
}
