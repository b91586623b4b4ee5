import { getIndexableStringMonad } from 'rxdb';
import type { RxDocumentData, RxJsonSchema } from 'rxdb';

/**
 * RxDB orders index strings the JavaScript way: by UTF-16 code unit. SQLite's BINARY collation
 * compares TEXT as UTF-8 bytes, which orders characters above U+FFFF (emoji) after U+E000–U+FFFF —
 * and RxDB's upper bounds are padded with U+FFFF, so such documents would silently fall out of
 * range queries. Stored as a BLOB of big-endian UTF-16, memcmp order *is* code-unit order.
 */
export function encodeIndexKey(indexString: string): Buffer {
  return Buffer.from(indexString, 'utf16le').swap16();
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
