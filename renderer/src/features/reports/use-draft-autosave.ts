import { useCallback, useEffect, useRef, useState } from 'react';
import type { HostError, HostResult } from '../../../../shared/contract';
import type { ReportTextField } from '../../../../shared/domain/inputs/work';
import type { ReportDoc } from '../../../../shared/schema';
import { hostClient } from '../../host/host-client';
import { changedFields, draftFields, emptyDraftText, splitOverlong } from './draft-text';
import type { DraftText } from './draft-text';

export type { DraftText } from './draft-text';

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
  /** Fields over their limit, held back from the report and kept on this machine only. */
  readonly held: readonly ReportTextField[];
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
  /** What the core holds back for this draft already (over-long text from an earlier visit). */
  readonly held: Partial<DraftText>;
  /**
   * Writes a new draft with this text, or says why it cannot be written yet (no target chosen).
   * Null while the text is only the untouched suggestion: opening the form creates nothing.
   * `typed` is everything in the editor, long fields included; `text` is what fits in a report.
   */
  readonly create: (
    text: DraftText,
    typed: DraftText,
  ) => Promise<HostResult<ReportDoc>> | string | null;
  readonly onCreated: (report: ReportDoc) => void;
  /** A save was refused: the editor puts the host's field issues on its fields. */
  readonly onError: (error: HostError) => void;
  readonly delayMs?: number;
}

const heldFieldsOf = (held: Partial<DraftText>): ReportTextField[] =>
  draftFields.filter((field) => held[field] !== undefined);

/**
 * Saves a draft as its author types: after a pause (~600 ms), one save at a time, always the latest
 * text, only the fields that changed. The first save creates the draft. Saves go to the local
 * database, so they work offline and sync later. A field over its limit is never cut: the rest is
 * saved in the report and that field's text is held back on this machine (reports.holdText) until
 * it is shortened. A failed save keeps the text, says why, and the next change (or `flush`) tries
 * again; nothing typed is dropped. Leaving the editor saves at once.
 */
export const useDraftAutosave = (options: AutosaveOptions): DraftAutosave => {
  const { delayMs = 600 } = options;
  const [status, setStatus] = useState<SaveStatus>({
    phase: options.reportId ? 'saved' : 'idle',
    savedAt: null,
    message: null,
    held: heldFieldsOf(options.held),
  });
  const optionsRef = useRef(options);
  const reportIdRef = useRef(options.reportId);
  const storedRef = useRef<DraftText | null>(options.stored);
  /** What the core holds back now, by field. */
  const heldRef = useRef<Partial<DraftText>>(options.held);
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

  /** Whether the latest text differs from what the report and the held text have. */
  const unsaved = (text: DraftText): boolean => {
    const stored = storedRef.current;
    if (stored === null) return true;
    const { saveable, over } = splitOverlong(text, stored);
    const title = saveable.title.trim() ? saveable.title : stored.title;
    return (
      Object.keys(changedFields({ ...saveable, title }, stored)).length > 0 ||
      draftFields.some((field) => heldRef.current[field] !== over[field])
    );
  };

  const failed = (error: HostError) => {
    setStatus((now) => ({ ...now, phase: 'error', message: error.message }));
    optionsRef.current.onError(error);
  };

  /** Saves the report's part of the text: whether it did, had nothing to save, or could not. */
  const saveReport = async (
    text: DraftText,
    saveable: DraftText,
  ): Promise<'saved' | 'unchanged' | 'nothing' | 'failed'> => {
    const reportId = reportIdRef.current;
    if (reportId === null) {
      const creation = optionsRef.current.create(saveable, text);
      if (creation === null) {
        setStatus((now) => ({ ...now, phase: 'idle', message: null }));
        return 'nothing';
      }
      if (typeof creation === 'string') {
        setStatus((now) => ({ ...now, phase: 'blocked', message: creation }));
        return 'nothing';
      }
      setStatus((now) => ({ ...now, phase: 'saving', message: null }));
      const result = await creation;
      if (!result.ok) {
        failed(result.error);
        return 'failed';
      }
      reportIdRef.current = result.value.id;
      storedRef.current = saveable;
      optionsRef.current.onCreated(result.value);
      return 'saved';
    }
    const stored = storedRef.current ?? emptyDraftText;
    // A draft keeps its last good title while the box is empty; the other fields still save.
    const next = saveable.title.trim() ? saveable : { ...saveable, title: stored.title };
    const patch: Partial<Record<ReportTextField, string>> = changedFields(next, stored);
    // A held field that fits again is saved even when it reads as before: that lets go of it.
    const { over } = splitOverlong(text, stored);
    for (const field of draftFields) {
      if (heldRef.current[field] !== undefined && over[field] === undefined) {
        patch[field] = next[field];
      }
    }
    if (Object.keys(patch).length === 0) return 'unchanged';
    setStatus((now) => ({ ...now, phase: 'saving', message: null }));
    const result = await hostClient.call('reports.edit', { reportId, ...patch });
    if (!result.ok) {
      failed(result.error);
      return 'failed';
    }
    storedRef.current = { ...stored, ...patch };
    // The core let go of every held field the edit saved.
    heldRef.current = Object.fromEntries(
      Object.entries(heldRef.current).filter(([field]) => !(field in patch)),
    );
    return 'saved';
  };

  /** Hands the over-long fields to the core to keep: how many it took, or false when it could not. */
  const holdOverlong = async (over: Partial<DraftText>): Promise<number | false> => {
    const reportId = reportIdRef.current;
    if (reportId === null) return 0;
    let kept = 0;
    for (const field of draftFields) {
      const long = over[field];
      if (long === undefined || heldRef.current[field] === long) continue;
      const result = await hostClient.call('reports.holdText', { reportId, field, text: long });
      if (!result.ok) {
        failed(result.error);
        return false;
      }
      heldRef.current = { ...heldRef.current, [field]: long };
      kept += 1;
    }
    return kept;
  };

  const saveOnce = useCallback(async () => {
    const text = latestRef.current;
    if (stoppedRef.current || text === null) return;
    const { saveable, over } = splitOverlong(text, storedRef.current);
    const saved = await saveReport(text, saveable);
    if (saved === 'nothing' || saved === 'failed') return;
    const kept = await holdOverlong(over);
    if (kept === false) return;
    const held = heldFieldsOf(heldRef.current);
    if (saved === 'unchanged' && kept === 0) {
      // Nothing new to save: only the title may be missing (the draft keeps its last one).
      setStatus((now) =>
        text.title.trim()
          ? { ...now, phase: now.savedAt ? 'saved' : now.phase, message: null, held }
          : {
              ...now,
              phase: 'blocked',
              message: 'A report needs a title: the rest is saved.',
              held,
            },
      );
      return;
    }
    // Whatever was typed last: at least the text this save started from.
    const current = latestRef.current ?? text;
    const pending = unsaved(current);
    const hasTitle = current.title.trim() !== '';
    setStatus({
      phase: pending && hasTitle ? 'waiting' : 'saved',
      savedAt: new Date(),
      message: hasTitle ? null : 'A report needs a title: the rest is saved.',
      held,
    });
    // Typed while this save ran: save that too.
    if (pending && hasTitle) timerRef.current = setTimeout(() => void runRef.current(), delayMs);
    // The helpers read only refs: the callback need not change with them.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
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
    const latest = latestRef.current;
    const saved =
      reportIdRef.current !== null &&
      (latest === null ||
        (!unsaved(latest) && draftFields.every((field) => heldRef.current[field] === undefined)));
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
