import { Group } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useImperativeHandle, useRef } from 'react';
import type { ReactNode, Ref } from 'react';
import { hrefOf } from '../../shell/router';
import { formatDay } from '../../ui/dates';
import { StatusBadge } from '../../ui/StatusBadge';
import { SyncMark } from '../../ui/SyncMark';
import type { ShownTask } from './task-filters';
import classes from './TaskTable.module.css';

/** Rows are one fixed height per layout: the virtualizer never measures them. */
const WIDE_ROW = 48;
const NARROW_ROW = 64;
/** Below this width the list shows two lines per task instead of five columns. */
const WIDE_FROM = 720;
const OVERSCAN = 12;

export interface TaskTableHandle {
  scrollToTop(): void;
}

const today = () => {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(now.getFullYear())}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
};

function DueDate({ task, todayDay }: { readonly task: ShownTask; readonly todayDay: string }) {
  const { dueDate, status } = task.row;
  if (!dueDate) return <span className={classes.dim}>—</span>;
  const overdue = status !== 'completed' && dueDate < todayDay;
  return (
    <span className={overdue ? classes.overdue : undefined} title={overdue ? 'Overdue' : undefined}>
      {formatDay(dueDate)}
    </span>
  );
}

const RowView = memo(function RowView({
  task,
  start,
  height,
  index,
  wide,
  todayDay,
}: {
  readonly task: ShownTask;
  readonly start: number;
  readonly height: number;
  readonly index: number;
  readonly wide: boolean;
  readonly todayDay: string;
}) {
  const { row } = task;
  const title = (
    <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
      <a className={classes.title} href={hrefOf(`/tasks/${row.id}`)} title={row.title}>
        {row.title}
      </a>
      <SyncMark collection="tasks" id={row.id} />
    </Group>
  );
  const style = { height, transform: `translateY(${String(start)}px)` };
  const common = {
    role: 'row',
    'aria-rowindex': index + 2,
    'data-testid': 'task-row',
    'data-task-id': row.id,
    style,
  } as const;
  if (wide) {
    return (
      <div {...common} className={`${classes.row} ${classes.grid}`}>
        <div role="cell" className={classes.cell}>
          {title}
        </div>
        <div role="cell" className={`${classes.cell} ${classes.dim}`} title={task.programmeName}>
          {task.programmeName}
        </div>
        <div role="cell" className={classes.badge}>
          <StatusBadge status={row.status} />
        </div>
        <div role="cell" className={classes.cell} title={task.assigneeNames}>
          {task.assigneeNames || <span className={classes.dim}>Nobody yet</span>}
        </div>
        <div role="cell" className={classes.cell}>
          <DueDate task={task} todayDay={todayDay} />
        </div>
      </div>
    );
  }
  return (
    <div {...common} className={`${classes.row} ${classes.stacked}`}>
      <div className={classes.line}>
        <div role="cell" className={classes.cell} style={{ flex: 1 }}>
          {title}
        </div>
        <div role="cell" className={classes.badge}>
          <StatusBadge status={row.status} />
        </div>
      </div>
      <div className={`${classes.line} ${classes.cell} ${classes.dim}`}>
        <span role="cell" className={classes.cell} title={task.programmeName}>
          {task.programmeName}
        </span>
        <span aria-hidden>·</span>
        <span role="cell" className={classes.cell} title={task.assigneeNames}>
          {task.assigneeNames || 'Nobody yet'}
        </span>
        {row.dueDate && (
          <>
            <span aria-hidden>·</span>
            <span role="cell" className={classes.cell} style={{ flexShrink: 0 }}>
              Due <DueDate task={task} todayDay={todayDay} />
            </span>
          </>
        )}
      </div>
    </div>
  );
});

function VirtualRows({
  tasks,
  wide,
  filterText,
  empty,
  handle,
}: {
  readonly tasks: readonly ShownTask[];
  readonly wide: boolean;
  readonly filterText: string;
  readonly empty: ReactNode;
  readonly handle: Ref<TaskTableHandle>;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const rowHeight = wide ? WIDE_ROW : NARROW_ROW;
  // Stable between renders: the virtualizer recomputes all 10,000 positions when it changes,
  // and it re-renders this component on every scroll.
  const getItemKey = useCallback((index: number) => tasks[index]?.row.id ?? index, [tasks]);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer re-renders this component itself on scroll; nothing below memoizes its functions
  const virtualizer = useVirtualizer({
    count: tasks.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    getItemKey,
    overscan: OVERSCAN,
    scrollPaddingStart: 36,
  });
  useImperativeHandle(handle, () => ({
    scrollToTop: () => {
      virtualizer.scrollToOffset(0);
    },
  }));
  // The first rows are on screen after this commit; the next frame paints them. Set outside
  // React's state: it is a signal for tests and the benchmark, not something the screen shows.
  useEffect(() => {
    const frame = requestAnimationFrame(() => {
      if (scrollRef.current) scrollRef.current.dataset.ready = 'true';
    });
    return () => {
      cancelAnimationFrame(frame);
    };
  }, []);
  const todayDay = today();
  return (
    <div
      ref={scrollRef}
      className={classes.scroll}
      role="table"
      aria-label="Tasks"
      aria-rowcount={tasks.length + 1}
      data-testid="task-list"
      data-filter={filterText}
      tabIndex={0}
    >
      <div
        role="row"
        aria-rowindex={1}
        className={`${classes.header} ${wide ? classes.grid : classes.stacked}`}
      >
        {wide ? (
          <>
            <span role="columnheader">Task</span>
            <span role="columnheader">Programme</span>
            <span role="columnheader">Status</span>
            <span role="columnheader">Assignees</span>
            <span role="columnheader">Due</span>
          </>
        ) : (
          <div className={classes.line} style={{ justifyContent: 'space-between' }}>
            <span role="columnheader">Task</span>
            <span role="columnheader">Status</span>
          </div>
        )}
      </div>
      {tasks.length === 0 && empty}
      <div className={classes.rows} style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const task = tasks[item.index];
          return task ? (
            <RowView
              key={item.key}
              task={task}
              index={item.index}
              start={item.start}
              height={rowHeight}
              wide={wide}
              todayDay={todayDay}
            />
          ) : null;
        })}
      </div>
    </div>
  );
}

/**
 * The task list, virtualized: only the rows in view (and a few either side) are in the page, so
 * 10,000 tasks scroll and filter like 20. Five columns when there is room, two lines when not.
 * It fills its parent's height (a flex column) and scrolls inside itself.
 */
export const TaskTable = memo(function TaskTable({
  tasks,
  filterText,
  empty,
  ref,
}: {
  readonly tasks: readonly ShownTask[];
  /** The text the shown rows were filtered by (as `data-filter`: tests wait for it). */
  readonly filterText: string;
  /** Shown in the box when no task passes the filters (the box stays, and so does its place). */
  readonly empty: ReactNode;
  readonly ref?: Ref<TaskTableHandle>;
}) {
  const { ref: sizeRef, width } = useElementSize<HTMLDivElement>();
  // Before the first measure the width is 0: assume the usual desktop window.
  const wide = width === 0 || width >= WIDE_FROM;
  return (
    <div ref={sizeRef} className={classes.fill}>
      {/* A new layout is a new virtualizer: its row height is fixed for its lifetime. */}
      <VirtualRows
        key={wide ? 'wide' : 'narrow'}
        tasks={tasks}
        wide={wide}
        filterText={filterText}
        empty={empty}
        handle={ref ?? null}
      />
    </div>
  );
});
