/**
 * A small read-through cache for the guard's look-ups (accounts, `_security`): entries expire after
 * `ttlMs`, concurrent misses for one key share a single load, and `forget` makes the next read load
 * again — also when a load that started before `forget` finishes after it (it is not stored).
 */
export interface Cache<V> {
  get(key: string): Promise<V>;
  forget(key: string): void;
}

export const createCache = <V>(options: {
  readonly load: (key: string) => Promise<V>;
  readonly ttlMs: number;
  readonly now?: () => number;
  /** Entries kept at most; the oldest go first. */
  readonly maxEntries?: number;
}): Cache<V> => {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<string, { value: V; expires: number }>();
  const loading = new Map<string, Promise<V>>();
  const generations = new Map<string, number>();

  return {
    get: (key) => {
      const entry = entries.get(key);
      if (entry && entry.expires > now()) return Promise.resolve(entry.value);
      const pending = loading.get(key);
      if (pending) return pending;
      const generation = generations.get(key) ?? 0;
      const load = options
        .load(key)
        .then((value) => {
          if ((generations.get(key) ?? 0) === generation) {
            entries.delete(key);
            entries.set(key, { value, expires: now() + options.ttlMs });
            if (entries.size > maxEntries) {
              const oldest = entries.keys().next().value;
              if (oldest !== undefined) entries.delete(oldest);
            }
          }
          return value;
        })
        .finally(() => {
          if (loading.get(key) === load) loading.delete(key);
        });
      loading.set(key, load);
      return load;
    },
    forget: (key) => {
      entries.delete(key);
      loading.delete(key);
      generations.set(key, (generations.get(key) ?? 0) + 1);
    },
  };
};
