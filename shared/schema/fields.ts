/**
 * Building blocks every collection schema shares. RxDB refuses an index on a string without
 * `maxLength` and on a field that is not required, so every reference or date that a screen sorts
 * or filters by is a required string with a bound from here.
 */

/** Ids are 26-character time-sortable ids (see domain/ids); user ids are server account names. */
export const ID_MAX = 64;
/** `new Date().toISOString()` is 24 characters; a bound with room for an offset. */
export const ISO_MAX = 32;
export const NAME_MAX = 120;
export const TITLE_MAX = 200;
export const TEXT_MAX = 20_000;
export const URL_MAX = 2_048;
export const EMAIL_MAX = 254;

/**
 * Indexed references that may be absent (a programme report has no task, an organisation-wide
 * forum thread has no programme) hold this instead of being left out, because RxDB only indexes
 * required fields.
 */
export const NONE = '';

export const idField = { type: 'string', maxLength: ID_MAX } as const;
export const isoField = { type: 'string', format: 'date-time', maxLength: ISO_MAX } as const;
/** A calendar day, `YYYY-MM-DD`: certificates are issued and expire on days, not instants. */
export const dayField = { type: 'string', format: 'date', maxLength: 10 } as const;
export const idListField = { type: 'array', items: idField, maxItems: 1_000 } as const;

/** An uploaded file: the bytes live elsewhere (an attachment or the file store), named by `ref`. */
export const fileRefField = {
  type: 'object',
  properties: {
    name: { type: 'string', maxLength: 255 },
    mimeType: { type: 'string', maxLength: 127 },
    size: { type: 'integer', minimum: 0 },
    ref: { type: 'string', maxLength: 512 },
  },
  required: ['name', 'mimeType', 'size', 'ref'],
  additionalProperties: false,
} as const;

/** Every document says when it was made and last changed (DESIGN §2). */
export const timestampFields = {
  createdAt: isoField,
  updatedAt: isoField,
} as const;

/**
 * RxDB's `toTypedRxJsonSchema` without importing RxDB at run time: shared/ code (and the server's
 * validate_doc_update bundle) must not pull the database into its bundle.
 */
export type DeepMutable<T> = T extends readonly (infer U)[]
  ? DeepMutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: DeepMutable<T[K]> }
    : T;

export const typedSchema = <T>(literal: T): DeepMutable<T> => literal as DeepMutable<T>;

/**
 * How many lifecycle moves a document remembers. A write may drop the oldest to stay within it, and
 * the server still judges the moves a write adds (domain/history); a write that adds more than this
 * many at once cannot be judged and is refused.
 */
export const MAX_TRANSITIONS = 100;

/**
 * The moves a lifecycle document went through, oldest first: who moved it from which state to
 * which, and when. Offline, several moves reach the server as one write, and the server judges each
 * (DESIGN §2). Optional: documents written before it existed, or by an older app, have none.
 */
export const transitionsField = <S extends readonly string[]>(states: S) =>
  ({
    type: 'array',
    maxItems: MAX_TRANSITIONS,
    items: {
      type: 'object',
      properties: {
        from: { type: 'string', enum: states, maxLength: 20 },
        to: { type: 'string', enum: states, maxLength: 20 },
        by: idField,
        at: isoField,
      },
      required: ['from', 'to', 'by', 'at'],
      additionalProperties: false,
    },
  }) as const;
