import { BehaviorSubject, map } from 'rxjs';
import type { Observable } from 'rxjs';
import type { BatchKind, BatchProgress } from '../../../shared/contract';
import type { Logger } from '../platform/logger';

/**
 * Long certificate jobs — generating a programme's certificates, rendering its PDFs — run here, one
 * item at a time, while the host stays responsive: their progress is a live query
 * (`certificates.batch`), cancelling stops after the item in hand, and what was made is kept.
 * Batches belong to this machine's host and are forgotten when it stops.
 */

export interface BatchSpec<T> {
  readonly kind: BatchKind;
  readonly programmeId: string;
  readonly folder: string;
  readonly items: readonly T[];
  /** Does one item: the file it made, or null when it made none. */
  readonly work: (item: T) => Promise<{ certificateId: string; fileName: string } | null>;
}

export interface Batches {
  start<T>(spec: BatchSpec<T>): string;
  watch(id: string): Observable<BatchProgress | null>;
  cancel(id: string): BatchProgress | null;
}

/** Finished batches kept for their screens to show, the oldest dropped first. */
const KEEP_FINISHED = 20;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export const createBatches = (options: { newId: () => string; logger: Logger }): Batches => {
  const batches = new Map<
    string,
    { subject: BehaviorSubject<BatchProgress>; cancelled: boolean }
  >();

  const forgetOld = () => {
    const finished = [...batches].filter(([, batch]) => batch.subject.value.state !== 'running');
    for (const [id] of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) {
      batches.delete(id);
    }
  };

  const run = async <T>(id: string, spec: BatchSpec<T>) => {
    const batch = batches.get(id);
    if (!batch) return;
    const update = (change: Partial<BatchProgress>) => {
      batch.subject.next({ ...batch.subject.value, ...change });
    };
    try {
      for (const item of spec.items) {
        // Lets the host answer other calls (and the cancel) between two certificates.
        await nextTurn();
        if (batch.cancelled) {
          update({ state: 'cancelled' });
          return;
        }
        const made = await spec.work(item);
        const progress = batch.subject.value;
        update({
          done: progress.done + 1,
          files: made ? [...progress.files, made] : progress.files,
        });
      }
      update({ state: 'done' });
    } catch (error) {
      options.logger.error(`certificates: batch ${id} failed`, error);
      update({
        state: 'failed',
        message: error instanceof Error ? error.message : 'The batch stopped on an error.',
      });
    } finally {
      forgetOld();
    }
  };

  return {
    start: (spec) => {
      const id = options.newId();
      batches.set(id, {
        cancelled: false,
        subject: new BehaviorSubject<BatchProgress>({
          id,
          kind: spec.kind,
          programmeId: spec.programmeId,
          state: 'running',
          total: spec.items.length,
          done: 0,
          folder: spec.folder,
          files: [],
          message: null,
        }),
      });
      void run(id, spec);
      return id;
    },
    watch: (id) => {
      const batch = batches.get(id);
      return batch
        ? batch.subject.asObservable()
        : new BehaviorSubject<BatchProgress | null>(null).pipe(map((value) => value));
    },
    cancel: (id) => {
      const batch = batches.get(id);
      if (!batch) return null;
      if (batch.subject.value.state === 'running') batch.cancelled = true;
      return batch.subject.value;
    },
  };
};
