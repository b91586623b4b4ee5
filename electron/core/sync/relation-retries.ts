import { isRelationRefusal } from '../../../shared/domain/notifications';
import type { SyncIssue } from '../../../shared/contract';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { SignedIn } from '../session/session-manager';
import { resendRejected } from './issue-actions';

/** Pauses before each new try: about 50 s in all, then the refusal is the person's (Retry). */
export const RELATION_RETRY_PAUSES_MS: readonly number[] = [500, 2_000, 5_000, 15_000, 30_000];

const isRelationIssue = (issue: SyncIssue) =>
  issue.kind === 'rejected' &&
  issue.collection === 'notifications' &&
  isRelationRefusal(issue.message);

/**
 * The server takes a notification about a programme's event only from someone it lists with the
 * relation to that programme (shared/domain/notifications), and it lists relations a moment after
 * the programme or membership reaches it. One sync carries both when a person makes a programme,
 * adds a mentor and assigns a task at once (or offline), and the notification may arrive first:
 * refused, where a moment later it would pass. Such refusals are sent again here, straight to the
 * server as the sync panel's Retry does, after growing pauses; one still refused after the last is
 * left as any refusal, with its reason and Retry. Returns the function that stops it.
 */
export const retryRelationRefusals = (
  signedIn: SignedIn,
  clock: Clock,
  logger: Logger,
  pausesMs: readonly number[] = RELATION_RETRY_PAUSES_MS,
): (() => void) => {
  /** Tries made per notification, and the notifications whose next try waits. */
  const tries = new Map<string, number>();
  const waiting = new Map<string, ReturnType<typeof setTimeout>>();
  let stopped = false;

  const schedule = (issue: SyncIssue) => {
    const made = tries.get(issue.docId) ?? 0;
    const pause = pausesMs[made];
    if (stopped || waiting.has(issue.docId) || pause === undefined) return;
    tries.set(issue.docId, made + 1);
    const timer = setTimeout(() => {
      void resendRejected(signedIn, clock.now().toISOString(), issue.id)
        .catch((error: unknown) => {
          logger.info(`sync: notification ${issue.docId} refused again (${String(error)})`);
        })
        .finally(() => {
          waiting.delete(issue.docId);
          const still = signedIn.issues
            .current()
            .find((next) => next.docId === issue.docId && isRelationIssue(next));
          if (still) schedule(still);
        });
    }, pause);
    waiting.set(issue.docId, timer);
  };

  const subscription = signedIn.issues.issues$.subscribe((issues) => {
    for (const issue of issues) if (isRelationIssue(issue)) schedule(issue);
  });
  return () => {
    stopped = true;
    subscription.unsubscribe();
    for (const timer of waiting.values()) clearTimeout(timer);
    waiting.clear();
  };
};
