import { BehaviorSubject } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SyncIssue } from '../../../shared/contract';
import { systemClock } from '../platform/clock';
import { silentLogger } from '../platform/logger';
import type { SignedIn } from '../session/session-manager';
import { resendRejected } from './issue-actions';
import { retryRelationRefusals } from './relation-retries';

vi.mock('./issue-actions', () => ({ resendRejected: vi.fn() }));
const resend = vi.mocked(resendRejected);

const RELATION =
  'Only someone a manager of the programme sends a task_assigned notification about it.';
const issue = (docId: string, message: string, collection = 'notifications'): SyncIssue => ({
  id: `rejected:${collection}:${docId}`,
  kind: 'rejected',
  collection,
  docId,
  message,
  fields: [],
  localVersion: {},
  createdAt: '2025-01-01T00:00:00.000Z',
});

/** A session whose issue store is a subject; a resend that succeeds takes its issue away. */
const session = (issues: BehaviorSubject<readonly SyncIssue[]>) =>
  ({
    issues: { issues$: issues.asObservable(), current: () => issues.value },
  }) as unknown as SignedIn;

beforeEach(() => {
  vi.useFakeTimers();
  resend.mockReset();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('notifications refused for their sender’s relation', () => {
  it('are sent again after each pause until accepted; other refusals are left alone', async () => {
    const issues = new BehaviorSubject<readonly SyncIssue[]>([
      issue('n1', RELATION),
      issue('n2', 'A new notification is unread.'),
      issue('t1', RELATION, 'tasks'),
    ]);
    resend.mockImplementation((_s, _now, id) => {
      // Refused once more, then accepted (the server listed the relation meanwhile).
      if (resend.mock.calls.length >= 2) issues.next(issues.value.filter((i) => i.id !== id));
      return Promise.resolve();
    });
    const stop = retryRelationRefusals(session(issues), systemClock, silentLogger, [100, 200, 400]);
    await vi.advanceTimersByTimeAsync(99);
    expect(resend).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(resend.mock.calls.map((call) => call[2])).toEqual(['rejected:notifications:n1']);
    await vi.advanceTimersByTimeAsync(200);
    expect(resend).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(resend).toHaveBeenCalledTimes(2);
    stop();
  });

  it('stop after the last pause, leaving the refusal to the person, and when signed out', async () => {
    const issues = new BehaviorSubject<readonly SyncIssue[]>([issue('n1', RELATION)]);
    resend.mockRejectedValue(new Error('refused again'));
    const stop = retryRelationRefusals(session(issues), systemClock, silentLogger, [100, 200]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(resend).toHaveBeenCalledTimes(2);
    stop();

    resend.mockReset();
    const later = new BehaviorSubject<readonly SyncIssue[]>([issue('n2', RELATION)]);
    const stopLater = retryRelationRefusals(session(later), systemClock, silentLogger, [100]);
    stopLater();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(resend).not.toHaveBeenCalled();
  });
});
