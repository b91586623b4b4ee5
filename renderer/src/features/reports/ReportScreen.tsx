import {
  Alert,
  Anchor,
  Box,
  Button,
  Card,
  Code,
  Group,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { downloadFile } from '../../ui/exported-files';
import { IconCheck, IconFileTypePdf, IconPencil } from '@tabler/icons-react';
import { useState } from 'react';
import type { ExportedFile, ReportDetail } from '../../../../shared/contract';
import { notifyFailure, useCommand } from '../../host/use-command';
import { useCommandResult, useLiveQuery } from '../../host/use-host';
import { hrefOf } from '../../shell/router';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { StatusBadge } from '../../ui/StatusBadge';
import { SyncMark } from '../../ui/SyncMark';
import { formatDateTime } from '../../ui/dates';
import { reportSections, reportTypeLabel } from './report-looks';

function Fact({ label, children }: { readonly label: string; readonly children: React.ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" tt="uppercase" fw={700} c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </Stack>
  );
}

function ExportButton({
  reportId,
  onExported,
}: {
  readonly reportId: string;
  readonly onExported: (file: ExportedFile | null) => void;
}) {
  const exportPdf = useCommand('reports.exportPdf');
  const info = useCommandResult('app.info', {});
  const run = async () => {
    onExported(null);
    const result = await exportPdf.run({ reportId });
    if (!result.ok) {
      notifyFailure('The report was not exported', result.error);
      return;
    }
    onExported(result.value);
    if (info.status === 'ready' && info.value.mode === 'browser') downloadFile(result.value);
  };
  return (
    <Button
      variant="default"
      leftSection={<IconFileTypePdf size={16} />}
      loading={exportPdf.pending}
      onClick={() => void run()}
      data-testid="export-pdf"
    >
      Export to PDF
    </Button>
  );
}

function ReportView({ detail }: { readonly detail: ReportDetail }) {
  const { report, programme, task, author, can } = detail;
  const [exported, setExported] = useState<ExportedFile | null>(null);
  return (
    <Box maw={960}>
      <PageHeader
        title={report.title}
        badge={<StatusBadge status={report.state} size="md" />}
        description={
          <Group gap={6} component="span" wrap="wrap">
            <span>{reportTypeLabel[report.type]}</span>
            <SyncMark collection="reports" id={report.id} />
          </Group>
        }
        actions={
          <Group gap="xs" align="flex-start">
            {can.edit && (
              <Button
                component="a"
                href={hrefOf(`/reports/${report.id}/edit`)}
                leftSection={<IconPencil size={16} />}
              >
                Edit draft
              </Button>
            )}
            <ExportButton reportId={report.id} onExported={setExported} />
          </Group>
        }
      />
      <Stack gap="md">
        {exported && (
          <Alert
            color="teal"
            icon={<IconCheck size={18} />}
            title="Exported"
            withCloseButton
            closeButtonLabel="Hide"
            onClose={() => {
              setExported(null);
            }}
          >
            <Text size="sm" data-testid="export-path" style={{ overflowWrap: 'anywhere' }}>
              Saved to <Code>{exported.path}</Code>
            </Text>
          </Alert>
        )}
        {report.state === 'draft' && (
          <Alert color="orange" title="Draft">
            Only you can see this report until you submit it.
          </Alert>
        )}
        <Card withBorder radius="md" padding="lg">
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md" verticalSpacing="md">
            <Fact label="Programme">
              <Anchor href={hrefOf(`/programmes/${programme.id}`)} size="sm">
                {programme.name}
              </Anchor>
            </Fact>
            {task && (
              <Fact label="Task">
                <Anchor href={hrefOf(`/tasks/${task.id}`)} size="sm">
                  {task.title}
                </Anchor>
              </Fact>
            )}
            <Fact label="Author">
              <Anchor href={hrefOf(`/people/${author.id}`)} size="sm">
                {author.name}
              </Anchor>
            </Fact>
            <Fact label="Created">{formatDateTime(report.dateCreated)}</Fact>
            <Fact label="Submitted">
              {report.state === 'submitted' ? formatDateTime(report.submittedAt) : 'Not yet'}
            </Fact>
            <Fact label="Last changed">{formatDateTime(report.updatedAt)}</Fact>
          </SimpleGrid>
        </Card>
        <Card withBorder radius="md" padding="lg">
          <Stack gap="lg">
            {reportSections.map((section) => {
              const text = report[section.field];
              return (
                <Stack key={section.field} gap={6} component="section">
                  <Title order={3} size="h4">
                    {section.label}
                  </Title>
                  {text.trim() ? (
                    <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                      {text}
                    </Text>
                  ) : (
                    <Text size="sm" c="dimmed" fs="italic">
                      Nothing recorded.
                    </Text>
                  )}
                </Stack>
              );
            })}
          </Stack>
        </Card>
      </Stack>
    </Box>
  );
}

/** `/reports/:reportId`: one report as its readers see it, with the PDF export. */
export function ReportScreen({ reportId }: { readonly reportId: string }) {
  const detail = useLiveQuery('reports.detail', { reportId });
  return (
    <QueryView state={detail} lines={8}>
      {(value) =>
        value === null ? (
          <EmptyState title="This report is not here">
            It may not have synced to this machine yet, or it is not one you may read.{' '}
            <Anchor href={hrefOf('/reports')}>Back to the reports</Anchor>
          </EmptyState>
        ) : (
          <ReportView detail={value} />
        )
      }
    </QueryView>
  );
}
