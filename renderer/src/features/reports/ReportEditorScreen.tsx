import { Anchor, Box, Card, Skeleton, Stack, Text } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import type { ReportDetail, ReportTargets } from '../../../../shared/contract';
import { hostClient } from '../../host/host-client';
import { useLiveQuery } from '../../host/use-host';
import type { HostState } from '../../host/use-host';
import { hrefOf, searchParamsOf, usePath } from '../../shell/router';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { StatusBadge } from '../../ui/StatusBadge';
import { DraftForm } from './DraftForm';
import {
  presetTarget,
  suggestedTitle,
  TargetPicker,
  TargetSummary,
  targetProblem,
} from './TargetPicker';
import type { ReportTarget } from './TargetPicker';
import { reportTextLimits } from '../../../../shared/domain/inputs/work';
import type { DraftText } from './use-draft-autosave';

const textOf = (detail: ReportDetail): DraftText => ({
  title: detail.report.title,
  achievements: detail.report.achievements,
  blockers: detail.report.blockers,
  recommendations: detail.report.recommendations,
});

const hasText = (text: DraftText) =>
  [text.achievements, text.blockers, text.recommendations].some((part) => part.trim() !== '');

/** `reports.detail` for a report that may not exist yet (a new one has no id until it is saved). */
const useReportDetail = (reportId: string | null): HostState<ReportDetail | null> => {
  const [answer, setAnswer] = useState<{
    readonly reportId: string;
    readonly state: HostState<ReportDetail | null>;
  } | null>(null);
  useEffect(() => {
    if (reportId === null) return undefined;
    return hostClient.watch('reports.detail', { reportId }, (result) => {
      setAnswer({
        reportId,
        state: result.ok
          ? { status: 'ready', value: result.value }
          : { status: 'error', error: result.error },
      });
    });
  }, [reportId]);
  if (reportId === null) return { status: 'ready', value: null };
  return answer?.reportId === reportId ? answer.state : { status: 'loading' };
};

interface EditorSession {
  /** A new key is a fresh editor: nothing typed, chosen or created carries over. */
  readonly key: number;
  readonly reportId: string | null;
  /** The draft this editor created: its edit page keeps this editor instead of loading another. */
  readonly createdId: string | null;
  readonly chosen: ReportTarget | null;
}

/**
 * Which editor the address asks for. Moving to the edit page of the draft this editor just created
 * keeps it; any other move (to `/reports/new` from a draft, to another draft) starts a fresh one,
 * so a new report never writes into the draft that was open before.
 */
const useEditorSession = (reportId: string | null) => {
  const [session, setSession] = useState<EditorSession>({
    key: 0,
    reportId,
    createdId: null,
    chosen: null,
  });
  let current = session;
  if (session.reportId !== reportId) {
    current =
      reportId !== null && reportId === session.createdId
        ? { ...session, reportId }
        : { key: session.key + 1, reportId, createdId: null, chosen: null };
    // Derived from the address during render, as React allows: the next render uses it.
    setSession(current);
  }
  return [current, setSession] as const;
};

/**
 * `/reports/new` and `/reports/:reportId/edit`: one editor for both, so that when the first save
 * creates the draft and the address moves to its edit page, the same editor stays — with the
 * caret where it was and nothing typed in between lost.
 */
export function ReportEditorScreen({ reportId }: { readonly reportId: string | null }) {
  const path = usePath();
  const preset = useMemo(() => {
    const params = searchParamsOf(path);
    return { programmeId: params.get('programmeId'), taskId: params.get('taskId') };
  }, [path]);
  const targets = useLiveQuery('reports.targets', {});
  const detail = useReportDetail(reportId);
  const [session, setSession] = useEditorSession(reportId);
  const { chosen, createdId } = session;
  const setChosen = (next: ReportTarget) => {
    setSession((now) => ({ ...now, chosen: next }));
  };

  const loadedTargets: ReportTargets | null = targets.status === 'ready' ? targets.value : null;
  const target = chosen ?? (loadedTargets ? presetTarget(loadedTargets, preset) : null);
  const suggestion = loadedTargets && target ? suggestedTitle(loadedTargets, target) : '';
  const editing = reportId !== null && createdId !== reportId;
  const found = detail.status === 'ready' ? detail.value : null;

  // Someone else's report, or a submitted one, is read on its own page.
  useEffect(() => {
    if (reportId !== null && found !== null && !found.can.edit) {
      window.location.replace(hrefOf(`/reports/${reportId}`));
    }
  }, [reportId, found]);

  /** `text` fits in a report; `typed` is all of it, over-long fields included. */
  const createDraft = (text: DraftText, typed: DraftText) => {
    // Opening the form, or only choosing a target, creates nothing.
    if (typed.title === suggestion && !hasText(typed)) return null;
    const problem = target ? targetProblem(target) : 'choose what the report is about.';
    if (problem !== null || target === null) return problem;
    if (typed.title.length > reportTextLimits.title) return 'shorten the title to save the draft.';
    if (!text.title.trim()) return 'give the report a title.';
    return hostClient.call('reports.write', {
      type: target.type,
      programmeId: target.programmeId ?? '',
      ...(target.type === 'task' && target.taskId !== null ? { taskId: target.taskId } : {}),
      ...text,
    });
  };

  let about: React.ReactNode;
  let editor: React.ReactNode;
  if (!editing) {
    if (loadedTargets === null || target === null) {
      about = <Skeleton height={60} />;
    } else if (reportId !== null && found !== null) {
      about = <TargetSummary detail={found} />;
    } else if (reportId !== null) {
      about = <Skeleton height={20} width="50%" />;
    } else {
      about = <TargetPicker targets={loadedTargets} value={target} onChange={setChosen} />;
    }
    editor =
      loadedTargets === null || target === null ? null : (
        <DraftForm
          key={session.key}
          reportId={reportId}
          initial={{ title: suggestion, achievements: '', blockers: '', recommendations: '' }}
          stored={null}
          suggestion={suggestion}
          createDraft={createDraft}
          onCreated={(report) => {
            // The draft's target is settled: the edit page's address no longer names it.
            setSession((now) => ({ ...now, chosen: target, createdId: report.id }));
            window.location.replace(hrefOf(`/reports/${report.id}/edit`));
          }}
          canSubmit={reportId !== null || targetProblem(target) === null}
        />
      );
  } else if (detail.status === 'loading') {
    about = <Skeleton height={20} width="50%" />;
  } else if (found === null) {
    return (
      <EmptyState title="This draft is not here">
        It may have been discarded or submitted, or not have synced to this machine yet.{' '}
        <Anchor href={hrefOf('/reports')}>Back to the reports</Anchor>
      </EmptyState>
    );
  } else {
    about = <TargetSummary detail={found} />;
    editor = found.can.edit ? (
      <DraftForm
        key={session.key}
        reportId={reportId}
        initial={textOf(found)}
        stored={textOf(found)}
        held={found.held}
        suggestion=""
        createDraft={() => null}
        onCreated={() => undefined}
        canSubmit={found.can.submit}
      />
    ) : null;
  }

  const nothingToReportOn =
    reportId === null &&
    loadedTargets !== null &&
    loadedTargets.tasks.length === 0 &&
    loadedTargets.programmes.length === 0;

  return (
    <Box maw={960}>
      <PageHeader
        title={reportId === null ? 'Write a report' : 'Edit draft'}
        badge={<StatusBadge status="draft" />}
        description="Saved on this machine as you type, offline too. Only you see a draft until you submit it."
      />
      {nothingToReportOn ? (
        <EmptyState title="There is nothing you can report on yet">
          Task reports are about tasks assigned to you; programme reports about programmes you take
          part in.
        </EmptyState>
      ) : (
        <Stack gap="md">
          <Card withBorder radius="md" padding="lg">
            <Stack gap={6}>
              {reportId === null && (
                <Text size="sm" fw={600}>
                  What is this report about?
                </Text>
              )}
              {about}
            </Stack>
          </Card>
          {editor}
        </Stack>
      )}
    </Box>
  );
}
