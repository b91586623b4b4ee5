import { describe, expect, it } from 'vitest';
import { readableSyncError } from './readable-error';

describe('readableSyncError', () => {
  it('takes the cause out of RxDB’s long error text', () => {
    const rxdb =
      '\n        RxDB Error-Code: RC_STREAM. Hint: Error messages are not included in RxDB core. -------- Parameters: args: { "url": "http://127.0.0.1:5905/mmm-chats/_changes" } error: { "name": "RetryableSyncError", "message": "The sync server did not answer (fetch failed).", "rxdb": null, "stack": "RetryableSyncError: The sync server did not answer (fetch failed). at send" }';
    expect(readableSyncError(rxdb)).toBe('The sync server did not answer (fetch failed).');
  });

  it('keeps plain messages, names the code when there is no cause, and passes null', () => {
    expect(readableSyncError('_changes answered 500.')).toBe('_changes answered 500.');
    expect(readableSyncError('\n  RxDB Error-Code: RC_PUSH.\n  Hint: nothing else')).toBe(
      'Sync stopped on an internal error (RC_PUSH); it retries by itself.',
    );
    expect(readableSyncError(null)).toBeNull();
  });
});
