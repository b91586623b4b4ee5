import {
  Anchor,
  Button,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { IconPencil, IconSearch } from '@tabler/icons-react';
import { useDeferredValue, useMemo, useState } from 'react';
import type { ReportSummary } from '../../../../shared/contract';
import { useLiveQuery } from '../../host/use-host';
import { hrefOf, navigate, searchParamsOf, usePath } from '../../shell/router';
import { useSession } from '../../shell/session';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { StatusBadge } from '../../ui/StatusBadge';
import { SyncMark } from '../../ui/SyncMark';
import { formatDate } from '../../ui/dates';
import {
  filtersOf,
  hasFilters,
  pathOf,
  programmeChoices,
  queryOf,
  shownReports,
} from './report-filters';
import type { ReportFilters } from './report-filters';
import { reportTypeLabel } from './report-looks';

const stateChoices = [
  { value: 'all', label: 'All' },
  { value: 'draft', label: 'Drafts' },
  { value: 'submitted', label: 'Submitted' },
];

const typeChoices = [
  { value: 'task', label: 'Task reports' },
  { value: 'programme', label: 'Programme reports' },
];

function ReportRow({ report }: { readonly report: ReportSummary }) {
  const href = hrefOf(
    report.state === 'draft' ? `/reports/${report.id}/edit` : `/reports/${report.id}`,
  );
  return (
    <Table.Tr data-testid="report-row" data-report-id={report.id}>
      <Table.Td maw={320}>
        <Stack gap={2} align="flex-start">
          <Anchor href={href} fw={500} size="sm" lineClamp={2} style={{ wordBreak: 'break-word' }}>
            {report.title}
          </Anchor>
          <SyncMark collection="reports" id={report.id} />
        </Stack>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{reportTypeLabel[report.type]}</Text>
      </Table.Td>
      <Table.Td maw={260}>
        <Text size="sm" truncate="end">
          {report.programmeName}
        </Text>
        {report.taskTitle !== null && (
          <Text size="xs" c="dimmed" truncate="end">
            {report.taskTitle}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{report.authorName}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {formatDate(report.dateCreated)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {report.state === 'submitted' ? formatDate(report.submittedAt) : '—'}
        </Text>
      </Table.Td>
      <Table.Td>
        <StatusBadge status={report.state} />
      </Table.Td>
    </Table.Tr>
  );
}

/** Rows drawn at once: a long list grows on demand instead of drawing thousands of rows. */
const PAGE = 100;

function ReportTable({ reports }: { readonly reports: readonly ReportSummary[] }) {
  const [limit, setLimit] = useState(PAGE);
  return (
    <>
      <Table.ScrollContainer minWidth={880}>
        <Table highlightOnHover verticalSpacing="sm" data-testid="report-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Report</Table.Th>
              <Table.Th>Type</Table.Th>
              <Table.Th>Programme / task</Table.Th>
              <Table.Th>Author</Table.Th>
              <Table.Th>Created</Table.Th>
              <Table.Th>Submitted</Table.Th>
              <Table.Th>State</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {reports.slice(0, limit).map((report) => (
              <ReportRow key={report.id} report={report} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {reports.length > limit && (
        <Group justify="center" gap="sm" py="sm">
          <Text size="sm" c="dimmed">
            Showing {limit} of {reports.length}
          </Text>
          <Button
            variant="light"
            size="xs"
            onClick={() => {
              setLimit((shown) => shown + PAGE);
            }}
          >
            Show {Math.min(PAGE, reports.length - limit)} more
          </Button>
        </Group>
      )}
    </>
  );
}

function FilterBar({
  filters,
  rows,
  text,
  onText,
}: {
  readonly filters: ReportFilters;
  readonly rows: readonly ReportSummary[];
  readonly text: string;
  readonly onText: (text: string) => void;
}) {
  const { role } = useSession();
  const go = (change: Partial<ReportFilters>) => {
    navigate(pathOf({ ...filters, ...change }));
  };
  const programmes = useMemo(() => programmeChoices(rows), [rows]);
  const withSelected =
    filters.programmeId && !programmes.some((choice) => choice.value === filters.programmeId)
      ? [...programmes, { value: filters.programmeId, label: 'Chosen programme (no reports)' }]
      : programmes;
  return (
    <Stack gap="sm" mb="md">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <TextInput
          label="Filter reports"
          placeholder="Title, programme, task or author"
          leftSection={<IconSearch size={16} />}
          value={text}
          onChange={(event) => {
            onText(event.currentTarget.value);
          }}
          style={{ flex: '2 1 240px' }}
        />
        <Select
          label="Type"
          placeholder="All types"
          data={typeChoices}
          value={filters.type}
          onChange={(type) => {
            go({ type: type === 'task' || type === 'programme' ? type : null });
          }}
          clearable
          style={{ flex: '1 1 160px' }}
        />
        <Select
          label="Programme"
          placeholder="All programmes"
          data={withSelected}
          value={filters.programmeId}
          onChange={(programmeId) => {
            go({ programmeId });
          }}
          clearable
          searchable
          nothingFoundMessage="No reports in such a programme"
          style={{ flex: '1 1 200px' }}
        />
      </Group>
      <Group gap="lg" wrap="wrap">
        <SegmentedControl
          aria-label="State"
          data={stateChoices}
          value={filters.state ?? 'all'}
          onChange={(value) => {
            go({ state: value === 'draft' || value === 'submitted' ? value : null });
          }}
          size="sm"
        />
        {/* Mentors only ever see their own reports: the switch would change nothing for them. */}
        {role !== 'mentor' && (
          <Switch
            label="Only mine"
            checked={filters.mine}
            onChange={(event) => {
              go({ mine: event.currentTarget.checked });
            }}
          />
        )}
      </Group>
    </Stack>
  );
}

const descriptions = {
  admin: 'Every submitted report of the organisation, and your own drafts.',
  manager: 'Submitted reports of the programmes you manage, and your own reports and drafts.',
  mentor: 'Your task and programme reports. Only you see a draft until you submit it.',
} as const;

/** `/reports`: the reports the caller may read, filtered by the address and by what they type. */
export function ReportsScreen() {
  const { role } = useSession();
  const path = usePath();
  const filters = useMemo(() => filtersOf(searchParamsOf(path)), [path]);
  const list = useLiveQuery('reports.list', queryOf(filters));
  const [text, setText] = useState('');
  const deferredText = useDeferredValue(text);
  const rows = useMemo(() => (list.status === 'ready' ? list.value : []), [list]);
  const shown = useMemo(
    () => shownReports(rows, filters.programmeId, deferredText),
    [rows, filters.programmeId, deferredText],
  );

  return (
    <>
      <PageHeader
        title="Reports"
        description={descriptions[role]}
        actions={
          <Button
            component="a"
            href={hrefOf(
              filters.programmeId
                ? `/reports/new?programmeId=${encodeURIComponent(filters.programmeId)}`
                : '/reports/new',
            )}
            leftSection={<IconPencil size={16} />}
          >
            Write a report
          </Button>
        }
      />
      <FilterBar filters={filters} rows={rows} text={text} onText={setText} />
      <QueryView state={list} lines={6}>
        {(value) =>
          value.length === 0 && !hasFilters(filters) ? (
            <EmptyState title="No reports yet">
              Write a report on a task you worked on or a programme you take part in with “Write a
              report”. It is saved on this machine as you type.
            </EmptyState>
          ) : (
            <Stack gap={6}>
              <Text size="sm" c="dimmed" data-testid="report-count" aria-live="polite">
                {shown.length === value.length
                  ? `${value.length} ${value.length === 1 ? 'report' : 'reports'}`
                  : `${shown.length} of ${value.length} reports`}
              </Text>
              {shown.length === 0 ? (
                <EmptyState title="No reports match these filters">
                  <Anchor
                    component="button"
                    type="button"
                    size="sm"
                    onClick={() => {
                      setText('');
                      navigate('/reports');
                    }}
                  >
                    Clear the filters
                  </Anchor>
                </EmptyState>
              ) : (
                <ReportTable reports={shown} />
              )}
            </Stack>
          )
        }
      </QueryView>
    </>
  );
}
