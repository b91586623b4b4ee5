/**
 * The files a document refers to, whatever kind of document it is (docs/FILES.md "Collection"):
 * a reference is `sha256-<hex>` in a string — a fileRefField's `ref` (a CV, a programme's picture),
 * or inside a JSON string (an application's answers) — so every kind of document, present or to
 * come, keeps its files without being listed here. Pure: the server's collection and the app's
 * local cache use the same walk.
 */
const REF_IN_TEXT = /sha256-([0-9a-f]{64})/g;

/** Adds to `into` the hex of every file reference anywhere in `value` (strings, arrays, objects). */
export const collectFileRefs = (value: unknown, into: Set<string> = new Set()): Set<string> => {
  if (typeof value === 'string') {
    // Cheap refusal first: most strings of a document hold no reference.
    if (value.includes('sha256-')) {
      for (const match of value.matchAll(REF_IN_TEXT)) if (match[1]) into.add(match[1]);
    }
  } else if (Array.isArray(value)) {
    for (const item of value) collectFileRefs(item, into);
  } else if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) collectFileRefs(item, into);
  }
  return into;
};

/**
 * The most bytes of files one person may have on the server (docs/FILES.md "Quota"), each file
 * counted once. The embedded server's option can lower it; the app checks this figure before
 * queuing an upload, for a quick answer offline.
 */
export const FILES_QUOTA_BYTES = 200 * 1024 * 1024;

/** A day and a week, in milliseconds. */
const DAY_MS = 24 * 60 * 60_000;

/**
 * How long a file nothing refers to is kept before it is collected. A file is sent before the
 * document that refers to it, which may be pushed days later from a machine that was offline: a
 * week covers a long weekend away from the network and more.
 */
export const FILE_GRACE_MS = 7 * DAY_MS;

/**
 * The mark-and-sweep step of a collection, for one place (a database, a file store): which files to
 * remove now, and when each file nothing refers to was first seen so. A file is removed only once it
 * was seen unreferenced, and is still, `graceMs` later; a file referenced again is forgotten.
 * `protectedHexes`: referenced, or waiting to be sent — never removed, whatever the marks say.
 */
export const sweepStep = (options: {
  readonly present: readonly string[];
  readonly protectedHexes: ReadonlySet<string>;
  readonly marks: Readonly<Record<string, string>>;
  readonly now: string;
  readonly graceMs: number;
}): { readonly remove: readonly string[]; readonly marks: Record<string, string> } => {
  const remove: string[] = [];
  const marks: Record<string, string> = {};
  const now = Date.parse(options.now);
  for (const hex of options.present) {
    if (options.protectedHexes.has(hex)) continue;
    const since = options.marks[hex] ?? options.now;
    const sinceMs = Date.parse(since);
    if (Number.isFinite(sinceMs) && now - sinceMs >= options.graceMs) remove.push(hex);
    else marks[hex] = Number.isFinite(sinceMs) ? since : options.now;
  }
  return { remove, marks };
};

/**
 * The files a document refers to with their sizes where it says them (a fileRefField's `size`;
 * references inside a JSON string, such as an application's answers, are read from it too).
 * References without a size are there with 0.
 */
export const fileRefSizes = (
  value: unknown,
  into: Map<string, number> = new Map(),
): Map<string, number> => {
  if (typeof value === 'string') {
    if (!value.includes('sha256-')) return into;
    const trimmed = value.trimStart();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      try {
        fileRefSizes(JSON.parse(value) as unknown, into);
      } catch {
        // Not JSON: the references alone, below.
      }
    }
    for (const hex of collectFileRefs(value)) if (!into.has(hex)) into.set(hex, 0);
  } else if (Array.isArray(value)) {
    for (const item of value) fileRefSizes(item, into);
  } else if (typeof value === 'object' && value !== null) {
    const fields = value as Readonly<Record<string, unknown>>;
    const ref = fields['ref'];
    const size = fields['size'];
    const hex = typeof ref === 'string' ? /^sha256-([0-9a-f]{64})$/.exec(ref)?.[1] : undefined;
    if (hex !== undefined && typeof size === 'number' && size > 0) {
      into.set(hex, Math.max(into.get(hex) ?? 0, size));
    }
    for (const item of Object.values(fields)) fileRefSizes(item, into);
  }
  return into;
};
