/**
 * Failed sign-ins, counted per account and per network address, so that passwords cannot be
 * guessed at the speed of the network. Like CouchDB 3.4's lockout (5 failures, 5 minutes), but
 * with two counters: one account guessed from many addresses, and many accounts guessed from one
 * address, are both slowed. In memory: a restart forgets (which an attacker cannot cause).
 */
export interface AttemptLimits {
  /** Failures of one account name within the window before it is refused. */
  readonly perAccount: number;
  /** Failures from one address within the window before it is refused. */
  readonly perAddress: number;
  readonly windowMs: number;
}

export interface ThrottleLimits extends AttemptLimits {
  /**
   * Accounts anyone may sign up from one address in an hour: each costs a deliberately slow hash,
   * so unlimited sign-ups would be a way to keep the server busy.
   */
  readonly signUpsPerAddress: number;
}

export const DEFAULT_THROTTLE: ThrottleLimits = {
  perAccount: 5,
  perAddress: 20,
  windowMs: 5 * 60_000,
  signUpsPerAddress: 20,
};

/** Kept per key at most; older keys are forgotten first (memory stays bounded under attack). */
const MAX_KEYS = 50_000;

/**
 * An attempt is counted as a failure when it starts, before its password is hashed, and taken back
 * if the password was right: otherwise many attempts sent at once would all pass the check before
 * the first failure was recorded, each costing a deliberately slow hash. `account` null: counted by
 * address only (see authentication.ts for the server admin).
 */
export interface SignInThrottle {
  /**
   * Seconds to wait before trying again, or 0 when the attempt may go on — and is then counted as
   * a failure until `succeeded`. A refused attempt is not counted: the wait never grows while
   * someone keeps knocking.
   */
  begin(account: string | null, address: string): number;
  /** The password was right: the account's count is cleared, and this attempt's address entry. */
  succeeded(account: string | null, address: string): void;
}

export const createSignInThrottle = (
  limits: AttemptLimits,
  now: () => number = Date.now,
): SignInThrottle => {
  const failures = new Map<string, number[]>();

  /** The failures still inside the window, oldest first. */
  const recent = (key: string): number[] => {
    const since = now() - limits.windowMs;
    const kept = (failures.get(key) ?? []).filter((at) => at > since);
    if (kept.length === 0) failures.delete(key);
    else failures.set(key, kept);
    return kept;
  };

  /** Milliseconds until fewer than `limit` failures are inside the window. */
  const waitFor = (key: string, limit: number): number => {
    const times = recent(key);
    if (times.length < limit) return 0;
    const freeing = times[times.length - limit] ?? now();
    return freeing + limits.windowMs - now();
  };

  const record = (key: string) => {
    const times = recent(key);
    failures.delete(key);
    failures.set(key, [...times, now()]);
    if (failures.size > MAX_KEYS) {
      const oldest = failures.keys().next().value;
      if (oldest !== undefined) failures.delete(oldest);
    }
  };

  return {
    begin: (account, address) => {
      const wait = Math.max(
        account === null ? 0 : waitFor(`account:${account}`, limits.perAccount),
        waitFor(`address:${address}`, limits.perAddress),
      );
      if (wait > 0) return Math.ceil(wait / 1000);
      if (account !== null) record(`account:${account}`);
      record(`address:${address}`);
      return 0;
    },
    succeeded: (account, address) => {
      if (account !== null) failures.delete(`account:${account}`);
      const times = recent(`address:${address}`);
      times.pop();
      if (times.length === 0) failures.delete(`address:${address}`);
    },
  };
};
