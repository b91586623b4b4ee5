import { Anchor, Group, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { useMemo } from 'react';
import type { ReportDetail, ReportTargets } from '../../../../shared/contract';
import type { ReportType } from '../../../../shared/schema';
import { hrefOf } from '../../shell/router';
import { useSession } from '../../shell/session';
import { reportTypeLabel } from './report-looks';

/** What a report is about: a task (and so its programme) or a programme. */
export interface ReportTarget {
  readonly type: ReportType;
  readonly programmeId: string | null;
  readonly taskId: string | null;
}

/** The target a link asked for (`/reports/new?taskId=…`), if the caller may report on it. */
export const presetTarget = (
  targets: ReportTargets,
  preset: { readonly programmeId: string | null; readonly taskId: string | null },
): ReportTarget => {
  const task = targets.tasks.find((entry) => entry.id === preset.taskId);
  if (task) return { type: 'task', programmeId: task.programmeId, taskId: task.id };
  const programme = targets.programmes.find((entry) => entry.id === preset.programmeId);
  if (programme) return { type: 'programme', programmeId: programme.id, taskId: null };
  const onlyTask = targets.tasks.length === 1 ? targets.tasks[0] : undefined;
  if (targets.tasks.length > 0 || targets.programmes.length === 0) {
    return onlyTask
      ? { type: 'task', programmeId: onlyTask.programmeId, taskId: onlyTask.id }
      : { type: 'task', programmeId: null, taskId: null };
  }
  const onlyProgramme = targets.programmes.length === 1 ? targets.programmes[0] : undefined;
  return { type: 'programme', programmeId: onlyProgramme?.id ?? null, taskId: null };
};

/** What the first save needs, in words, or null when the target is complete. */
export const targetProblem = (target: ReportTarget): string | null => {
  if (target.type === 'task' && target.taskId === null) return 'choose the task it is about.';
  if (target.programmeId === null) return 'choose the programme it is about.';
  return null;
};

/** A title to start from, so the first keystroke anywhere can save the draft. */
export const suggestedTitle = (targets: ReportTargets, target: ReportTarget): string => {
  if (target.type === 'task') {
    const task = targets.tasks.find((entry) => entry.id === target.taskId);
    return task ? `Report on “${task.title}”`.slice(0, 200) : '';
  }
  const programme = targets.programmes.find((entry) => entry.id === target.programmeId);
  return programme ? `${programme.name}: programme report`.slice(0, 200) : '';
};

const taskHint = {
  admin: 'Any task of a programme that is not archived.',
  manager: 'Tasks assigned to you, and the tasks of the programmes you run.',
  mentor: 'Tasks assigned to you.',
} as const;

/** Chooses the type and the task or programme of a new report. */
export function TargetPicker({
  targets,
  value,
  onChange,
}: {
  readonly targets: ReportTargets;
  readonly value: ReportTarget;
  readonly onChange: (target: ReportTarget) => void;
}) {
  const { role } = useSession();
  const taskChoices = useMemo(() => {
    const groups = new Map<string, { value: string; label: string }[]>();
    for (const task of targets.tasks) {
      const items = groups.get(task.programmeName) ?? [];
      items.push({ value: task.id, label: task.title });
      groups.set(task.programmeName, items);
    }
    return [...groups.entries()].map(([group, items]) => ({ group, items }));
  }, [targets.tasks]);
  const programmeChoices = targets.programmes.map((entry) => ({
    value: entry.id,
    label: entry.name,
  }));
  return (
    <Stack gap="sm">
      <SegmentedControl
        aria-label="Report type"
        data={[
          {
            value: 'task',
            label: reportTypeLabel.task,
            disabled: targets.tasks.length === 0,
          },
          {
            value: 'programme',
            label: reportTypeLabel.programme,
            disabled: targets.programmes.length === 0,
          },
        ]}
        value={value.type}
        onChange={(type) => {
          onChange(
            type === 'programme'
              ? { type: 'programme', programmeId: value.programmeId, taskId: null }
              : { type: 'task', programmeId: null, taskId: null },
          );
        }}
        style={{ alignSelf: 'flex-start' }}
      />
      {value.type === 'task' ? (
        <Select
          label="Task"
          description={taskHint[role]}
          placeholder="Choose a task"
          data={taskChoices}
          value={value.taskId}
          onChange={(taskId) => {
            const task = targets.tasks.find((entry) => entry.id === taskId);
            onChange({ type: 'task', programmeId: task?.programmeId ?? null, taskId: taskId });
          }}
          searchable
          nothingFoundMessage="No such task"
          maxDropdownHeight={320}
          limit={200}
        />
      ) : (
        <Select
          label="Programme"
          description={
            role === 'admin'
              ? 'Any programme that is not archived.'
              : 'Programmes you take part in.'
          }
          placeholder="Choose a programme"
          data={programmeChoices}
          value={value.programmeId}
          onChange={(programmeId) => {
            onChange({ type: 'programme', programmeId, taskId: null });
          }}
          searchable
          nothingFoundMessage="No such programme"
        />
      )}
    </Stack>
  );
}

/** What an existing report is about, with links. */
export function TargetSummary({ detail }: { readonly detail: ReportDetail }) {
  return (
    <Group gap="xs" wrap="wrap">
      <Text size="sm" fw={500}>
        {reportTypeLabel[detail.report.type]}
      </Text>
      <Text size="sm" c="dimmed">
        on
      </Text>
      {detail.task && (
        <>
          <Anchor href={hrefOf(`/tasks/${detail.task.id}`)} size="sm">
            {detail.task.title}
          </Anchor>
          <Text size="sm" c="dimmed">
            in
          </Text>
        </>
      )}
      <Anchor href={hrefOf(`/programmes/${detail.programme.id}`)} size="sm">
        {detail.programme.name}
      </Anchor>
    </Group>
  );
}
