import { useCallback, useEffect, useRef, useState } from 'react';
import type { HostError, HostResult } from '../../../../shared/contract';
import type { ReportDoc } from '../../../../shared/schema';
import { hostClient } from '../../host/host-client';

/** The text of a draft, as the editor holds it. */
export interface DraftText {
  readonly title: string;
  readonly achievements: string;
  readonly blockers: string;
  readonly recommendations: string;
}

const fields = ['title', 'achievements', 'blockers', 'recommendations'] as const;

export type SavePhase =
  /** Nothing to save yet (a new report nobody has typed in). */
  | 'idle'
  /** Typed, about to be saved. */
  | 'waiting'
  | 'saving'
  | 'saved'
  /** Not saved, and why; the text stays in the editor and the next change tries again. */
  | 'error'
  /** Not saved until the person does something (chooses a target, gives a title). */
  | 'blocked';

export interface SaveStatus {
  readonly phase: SavePhase;
  /** When the text was last saved on this machine. */
  readonly savedAt: Date | null;
  readonly message: string | null;
}

export interface DraftAutosave {
  readonly status: SaveStatus;
  /** The editor's text changed: save it after a pause in typing. */
  readonly change: (text: DraftText) => void;
  /** Saves what is unsaved now; the report's id and whether everything typed is saved. */
  readonly flush: () => Promise<{ reportId: string | null; saved: boolean }>;
  /** No more saves (the draft is being submitted or discarded). */
  readonly stop: () => void;
  /** Saves again after `stop` (submitting or discarding failed: the editor stays). */
  readonly restart: () => void;
}

export interface AutosaveOptions {
  /** The draft's id, or null for a report not written yet. */
  readonly reportId: string | null;
  /** The text as stored, when editing an existing draft. */
  readonly stored: DraftText | null;
  /**
   * Writes a new draft with this text, or says why it cannot be written yet (no target chosen).
   * Null while the text is only the untouched suggestion: opening the form creates nothing.
   */
  readonly create: (text: DraftText) => Promise<HostResult<ReportDoc>> | string | null;
  readonly onCreated: (report: ReportDoc) => void;
  /** A save was refused: the editor puts the host's field issues on its fields. */
  readonly onError: (error: HostError) => void;
  readonly delayMs?: number;
}

const changedFields = (text: DraftText, stored: DraftText): Partial<DraftText> =>
  Object.fromEntries(fields.filter((f) => text[f] !== stored[f]).map((f) => [f, text[f]]));

/**
 * Saves a draft as its author types: after a pause (~600 ms), one save at a time, always the latest
 * text, only the fields that changed. The first save creates the draft. Saves go to the local
 * database, so they work offline and sync later. A failed save keeps the text, says why, and the
 * next change (or `flush`) tries again; nothing typed is dropped. Leaving the editor saves at once.
 */
export const useDraftAutosave = (options: AutosaveOptions): DraftAutosave => {
  const { delayMs = 600 } = options;
  const [status, setStatus] = useState<SaveStatus>({
    phase: options.reportId ? 'saved' : 'idle',
    savedAt: null,
    message: null,
  });
  const optionsRef = useRef(options);
  const reportIdRef = useRef(options.reportId);
  const storedRef = useRef<DraftText | null>(options.stored);
  const latestRef = useRef<DraftText | null>(null);
  const timerRef = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inFlightRef = useRef<Promise<void> | null>(null);
  const stoppedRef = useRef(false);
  const runRef = useRef<() => Promise<void>>(() => Promise.resolve());

  useEffect(() => {
    optionsRef.current = options;
    if (options.reportId) reportIdRef.current = options.reportId;
    // The stored text arrives with the draft (editing an existing one); it is the baseline.
    if (options.stored && storedRef.current === null) storedRef.current = options.stored;
  });

  const saveOnce = useCallback(async () => {
    const text = latestRef.current;
    if (stoppedRef.current || text === null) return;
    const reportId = reportIdRef.current;
    const stored = storedRef.current;
    if (reportId === null) {
      const creation = optionsRef.current.create(text);
      if (creation === null) {
        setStatus((now) => ({ ...now, phase: 'idle', message: null }));
        return;
      }
      if (typeof creation === 'string') {
        setStatus((now) => ({ ...now, phase: 'blocked', message: creation }));
        return;
      }
      setStatus((now) => ({ ...now, phase: 'saving', message: null }));
      const result = await creation;
      if (!result.ok) {
        setStatus((now) => ({ ...now, phase: 'error', message: result.error.message }));
        optionsRef.current.onError(result.error);
        return;
      }
      reportIdRef.current = result.value.id;
      storedRef.current = text;
      optionsRef.current.onCreated(result.value);
    } else {
      // A draft keeps its last good title while the box is empty; the other fields still save.
      const patch = changedFields(
        text.title.trim() ? text : { ...text, title: stored?.title ?? text.title },
        stored ?? { title: '', achievements: '', blockers: '', recommendations: '' },
      );
      if (Object.keys(patch).length === 0) {
        setStatus((now) =>
          text.title.trim()
            ? { ...now, phase: now.savedAt ? 'saved' : now.phase, message: null }
            : { ...now, phase: 'blocked', message: 'A report needs a title: the rest is saved.' },
        );
        return;
      }
      setStatus((now) => ({ ...now, phase: 'saving', message: null }));
      const result = await hostClient.call('reports.edit', { reportId, ...patch });
      if (!result.ok) {
        setStatus((now) => ({ ...now, phase: 'error', message: result.error.message }));
        optionsRef.current.onError(result.error);
        return;
      }
      storedRef.current = { ...(stored ?? text), ...patch };
    }
    const savedText = storedRef.current;
    // Whatever was typed last: at least the text this save started from.
    const current = latestRef.current ?? text;
    const pending = Object.keys(changedFields(current, savedText)).length > 0;
    setStatus({
      phase: pending && current.title.trim() ? 'waiting' : 'saved',
      savedAt: new Date(),
      message: current.title.trim() ? null : 'A report needs a title: the rest is saved.',
    });
    // Typed while this save ran: save that too.
    if (pending && current.title.trim())
      timerRef.current = setTimeout(() => void runRef.current(), delayMs);
  }, [delayMs]);

  const run = useCallback(async () => {
    clearTimeout(timerRef.current);
    timerRef.current = undefined;
    // One save at a time, so saves reach the database in the order they were typed.
    while (inFlightRef.current) await inFlightRef.current;
    const saving = saveOnce().finally(() => {
      inFlightRef.current = null;
    });
    inFlightRef.current = saving;
    await saving;
  }, [saveOnce]);

  useEffect(() => {
    runRef.current = run;
  }, [run]);

  const change = useCallback(
    (text: DraftText) => {
      if (stoppedRef.current) return;
      latestRef.current = text;
      clearTimeout(timerRef.current);
      setStatus((now) =>
        now.phase === 'saving' ? now : { ...now, phase: 'waiting', message: null },
      );
      timerRef.current = setTimeout(() => void runRef.current(), delayMs);
    },
    [delayMs],
  );

  const flush = useCallback(async () => {
    await run();
    const stored = storedRef.current;
    const latest = latestRef.current;
    const saved =
      reportIdRef.current !== null &&
      (latest === null ||
        (stored !== null && Object.keys(changedFields(latest, stored)).length === 0));
    return { reportId: reportIdRef.current, saved };
  }, [run]);

  const stop = useCallback(() => {
    stoppedRef.current = true;
    clearTimeout(timerRef.current);
  }, []);

  const restart = useCallback(() => {
    stoppedRef.current = false;
  }, []);

  // Leaving the editor (another screen, signing out) saves what was typed at once.
  useEffect(
    () => () => {
      if (timerRef.current !== undefined) void runRef.current();
    },
    [],
  );

  return { status, change, flush, stop, restart };
};
