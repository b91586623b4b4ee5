import { Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { memo, useDeferredValue, useMemo, useRef, useState } from 'react';
import type { TaskList } from '../../../../shared/contract';
import type { TaskStatus } from '../../../../shared/schema';
import { useLiveQuery } from '../../host/use-host';
import { hrefOf, navigate, searchParamsOf, usePath } from '../../shell/router';
import { useSession } from '../../shell/session';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { statusLabel } from '../../ui/StatusBadge';
import {
  filtersOf,
  hasFilters,
  matchText,
  pathOf,
  queryOf,
  shownTasks,
  type TaskFilters,
} from './task-filters';
import { TaskTable, type TaskTableHandle } from './TaskTable';
import classes from './TaskTable.module.css';

const statusChoices: { value: TaskStatus | 'all'; label: string }[] = [
  { value: 'all', label: 'All statuses' },
  ...(['unassigned', 'pending', 'in_progress', 'completed'] as const).map((value) => ({
    value,
    label: statusLabel(value),
  })),
];

const byLabel = (a: { label: string }, b: { label: string }) =>
  a.label.localeCompare(b.label, undefined, { sensitivity: 'base' });

const count = new Intl.NumberFormat();

/**
 * The programme, status and assignee pickers. Memoized: typing in the filter box re-renders the
 * screen on every keystroke, and three comboboxes are most of that render otherwise.
 */
const FilterSelects = memo(function FilterSelects({
  filters,
  list,
}: {
  readonly filters: TaskFilters;
  readonly list: TaskList | null;
}) {
  const { userId } = useSession();
  const go = (change: Partial<TaskFilters>) => {
    navigate(pathOf({ ...filters, ...change }));
  };
  const programmeChoices = useMemo(
    () =>
      Object.entries(list?.programmes ?? {})
        .map(([value, label]) => ({ value, label }))
        .sort(byLabel),
    [list?.programmes],
  );
  const assigneeChoices = useMemo(
    () => [
      { value: 'me', label: 'Me' },
      ...Object.entries(list?.people ?? {})
        .filter(([value]) => value !== userId)
        .map(([value, label]) => ({ value, label }))
        .sort(byLabel),
    ],
    [list?.people, userId],
  );
  return (
    <>
      <Select
        label="Programme"
        placeholder="All programmes"
        data={programmeChoices}
        value={filters.programmeId}
        onChange={(programmeId) => {
          go({ programmeId });
        }}
        clearable
        searchable
        nothingFoundMessage="No such programme"
        style={{ flex: '1 1 170px' }}
      />
      <Select
        label="Status"
        data={statusChoices}
        value={filters.status ?? 'all'}
        onChange={(value) => {
          go({ status: value === null || value === 'all' ? null : value });
        }}
        allowDeselect={false}
        style={{ flex: '1 1 140px' }}
      />
      <Select
        label="Assignee"
        placeholder="Anyone"
        data={assigneeChoices}
        value={filters.assignee}
        onChange={(assignee) => {
          go({ assignee });
        }}
        clearable
        searchable
        nothingFoundMessage="Nobody by that name"
        style={{ flex: '1 1 170px' }}
      />
    </>
  );
});

/** `/tasks`: every task the caller can see, filtered by the address and by what they type. */
export function TaskListScreen() {
  const { userId, role } = useSession();
  const path = usePath();
  const filters = useMemo(() => filtersOf(searchParamsOf(path)), [path]);
  const list = useLiveQuery('tasks.list', queryOf(filters, userId));
  const [text, setText] = useState('');
  // Typing stays responsive: the list catches up with the box, not the other way round.
  const deferredText = useDeferredValue(text);
  const table = useRef<TaskTableHandle>(null);

  const loaded = list.status === 'ready' ? list.value : null;
  const all = useMemo(() => (loaded ? shownTasks(loaded) : []), [loaded]);
  const shown = useMemo(() => matchText(all, deferredText), [all, deferredText]);

  // One element for the table's lifetime, so the memoized table skips renders it does not need.
  const noMatch = useMemo(
    () => (
      <Stack align="center" gap={4} p="xl">
        <Text fw={600}>No tasks match these filters</Text>
        <Button
          variant="subtle"
          size="xs"
          onClick={() => {
            setText('');
            navigate('/tasks');
          }}
        >
          Clear the filters
        </Button>
      </Stack>
    ),
    [],
  );
  const newTaskHref = hrefOf(
    filters.programmeId ? `/tasks/new?programmeId=${filters.programmeId}` : '/tasks/new',
  );
  return (
    <div className={classes.screen}>
      <PageHeader
        title="Tasks"
        description={
          role === 'mentor'
            ? 'The tasks assigned to you. Start one when you begin and mark it completed when done.'
            : 'Tasks of the programmes you run and the tasks assigned to you.'
        }
        actions={
          loaded?.canCreate ? (
            <Button component="a" href={newTaskHref} leftSection={<IconPlus size={16} />}>
              New task
            </Button>
          ) : undefined
        }
      />
      <Group gap="sm" align="flex-end" wrap="wrap" mb="sm">
        <TextInput
          label="Filter tasks"
          placeholder="Title, programme or person"
          leftSection={<IconSearch size={16} />}
          value={text}
          onChange={(event) => {
            setText(event.currentTarget.value);
            table.current?.scrollToTop();
          }}
          style={{ flex: '2 1 240px' }}
        />
        <FilterSelects filters={filters} list={loaded} />
      </Group>
      <QueryView state={list} lines={8}>
        {(value) =>
          value.rows.length === 0 && !hasFilters(filters) ? (
            <EmptyState title="No tasks yet">
              {value.canCreate
                ? 'Create the first task of a programme you run with “New task”.'
                : 'Tasks assigned to you will show here.'}
            </EmptyState>
          ) : (
            <Stack gap={6} className={classes.fill}>
              <Text size="sm" c="dimmed" data-testid="task-count" aria-live="polite">
                {shown.length === all.length
                  ? `${count.format(all.length)} ${all.length === 1 ? 'task' : 'tasks'}`
                  : `${count.format(shown.length)} of ${count.format(all.length)} tasks`}
              </Text>
              <TaskTable ref={table} tasks={shown} filterText={deferredText} empty={noMatch} />
            </Stack>
          )
        }
      </QueryView>
    </div>
  );
}
