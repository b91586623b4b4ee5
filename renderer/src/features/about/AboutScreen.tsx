import {
  Alert,
  Badge,
  Card,
  Code,
  Group,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useCommandResult } from '../../host/use-host';
import { HostClock } from '../../shell/HostClock';
import { DataCard } from './DataCard';

const modeLabels = {
  electron: 'Desktop app',
  browser: 'Browser mode',
} as const;

/** What this installation is and where it keeps its data (the `app.info` command). */
export function AboutScreen() {
  const info = useCommandResult('app.info', {});
  return (
    <Stack gap="md" maw={760}>
      <Title order={2}>About this installation</Title>
      {info.status === 'error' && (
        <Alert color="red" title="The app host did not answer">
          {info.error.message}
        </Alert>
      )}
      <Card withBorder radius="md" padding="lg" data-testid="app-info">
        {info.status === 'ready' ? (
          <Stack gap="sm">
            <Group justify="space-between">
              <Text fw={600} size="lg">
                {info.value.name}
              </Text>
              <Badge variant="light" data-testid="app-mode">
                {modeLabels[info.value.mode]}
              </Badge>
            </Group>
            <Table variant="vertical" layout="fixed" withTableBorder={false}>
              <Table.Tbody>
                <Table.Tr>
                  <Table.Th w={160}>Version</Table.Th>
                  <Table.Td data-testid="app-version">{info.value.version}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>Data folder</Table.Th>
                  <Table.Td>
                    <Code data-testid="app-data-dir" style={{ wordBreak: 'break-all' }}>
                      {info.value.dataDir}
                    </Code>
                  </Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>Logs folder</Table.Th>
                  <Table.Td>
                    <Code data-testid="app-logs-dir" style={{ wordBreak: 'break-all' }}>
                      {info.value.logsDir ?? 'None: the log goes to the console'}
                    </Code>
                  </Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>Platform</Table.Th>
                  <Table.Td>{info.value.platform}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>Host time</Table.Th>
                  <Table.Td>
                    <HostClock />
                  </Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>Running since</Table.Th>
                  <Table.Td>{new Date(info.value.startedAt).toLocaleString()}</Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
          </Stack>
        ) : (
          <Stack gap="xs">
            <Skeleton height={20} width="40%" />
            <Skeleton height={14} />
            <Skeleton height={14} />
          </Stack>
        )}
      </Card>
      {info.status === 'ready' && <DataCard info={info.value} />}
    </Stack>
  );
}
