import { getIndexableStringMonad } from 'rxdb';
import type { RxDocumentData, RxJsonSchema } from 'rxdb';

/**
 * RxDB orders index strings the JavaScript way: by UTF-16 code unit. SQLite compares BLOBs with
 * memcmp, and plain UTF-8 would order characters above U+FFFF (emoji) after U+E000–U+FFFF — while
 * RxDB pads upper bounds with U+FFFF, so such documents would silently fall out of range queries.
 * CESU-8 (UTF-8 applied to each UTF-16 code unit, surrogates included) keeps code-unit order under
 * memcmp and stays one byte per ASCII character: half the size of UTF-16, and faster to build.
 */
const SURROGATE = /[\uD800-\uDFFF]/;

export function encodeIndexKey(indexString: string): Buffer {
  // Without surrogates, UTF-8 and CESU-8 are the same bytes, and Buffer.from is native.
  if (!SURROGATE.test(indexString)) return Buffer.from(indexString, 'utf8');
  const bytes: number[] = [];
  for (let i = 0; i < indexString.length; i++) {
    const unit = indexString.charCodeAt(i);
    if (unit < 0x80) bytes.push(unit);
    else if (unit < 0x800) bytes.push(0xc0 | (unit >> 6), 0x80 | (unit & 0x3f));
    else bytes.push(0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f));
  }
  return Buffer.from(bytes);
}

/** One RxDB index, stored as one BLOB column with an SQL index on it. */
export interface IndexColumn<RxDocType> {
  /** The RxDB index fields, e.g. ['_deleted', 'name', 'id']. */
  readonly fields: readonly string[];
  /** The quoted SQL column name. */
  readonly column: string;
  readonly keyOf: (doc: RxDocumentData<RxDocType>) => Buffer;
}

/** Names an index the way the registry looks it up: its fields joined by commas. */
export function indexName(fields: readonly string[]): string {
  return fields.join(',');
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The index columns of a schema: every schema index (RxDB has already added its own ones). */
export function indexColumnsOf<RxDocType>(
  schema: RxJsonSchema<RxDocumentData<RxDocType>>,
): IndexColumn<RxDocType>[] {
  const indexes = (schema.indexes ?? []).map((index) =>
    typeof index === 'string' ? [index] : [...index],
  );
  return indexes.map((fields) => {
    const indexableString = getIndexableStringMonad(schema, fields);
    return {
      fields,
      column: quoteIdentifier(`key:${indexName(fields)}`),
      keyOf: (doc) => encodeIndexKey(indexableString(doc)),
    };
  });
}
