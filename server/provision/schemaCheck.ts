/**
 * A small JSON-schema check of the keywords shared/schema uses (type, enum, lengths, bounds,
 * properties, required, additionalProperties, items, format), so the server refuses malformed
 * documents itself: checkWrite trusts the shape, and CouchDB has no schema of its own. It runs
 * inside validate_doc_update, so it is plain code with no imports beyond the schemas.
 */
export interface SchemaNode {
  readonly type?: string;
  readonly enum?: readonly unknown[];
  readonly maxLength?: number;
  readonly minLength?: number;
  readonly maxItems?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly format?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean;
  readonly items?: SchemaNode;
}

/** The whole document, as JSON: text fields are bounded one by one, this bounds their sum. */
export const MAX_DOCUMENT_BYTES = 256 * 1024;

const formats: Readonly<Record<string, RegExp>> = {
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  email: /^[^\s@]+@[^\s@]+$/,
  uri: /^[a-zA-Z][a-zA-Z0-9+.-]*:\S*$/,
};

const typeOf = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
};

const hasType = (value: unknown, type: string): boolean => {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
};

const checkString = (node: SchemaNode, value: string, path: string): string | null => {
  if (node.maxLength !== undefined && value.length > node.maxLength) {
    return `${path} is longer than ${node.maxLength} characters.`;
  }
  if (node.minLength !== undefined && value.length < node.minLength) {
    return node.minLength === 1 ? `${path} is empty.` : `${path} is too short.`;
  }
  const format = node.format === undefined ? undefined : formats[node.format];
  return format && !format.test(value) ? `${path} is not a valid ${node.format}.` : null;
};

const checkObject = (
  node: SchemaNode,
  value: Readonly<Record<string, unknown>>,
  path: string,
  topLevel: boolean,
): string | null => {
  const properties = node.properties ?? {};
  for (const name of node.required ?? []) {
    if (value[name] === undefined) return `${path}${name} is missing.`;
  }
  for (const [name, field] of Object.entries(value)) {
    // CouchDB's and the replication's own fields (_id, _rev, _revisions, _deleted...) are not data.
    if (topLevel && name.startsWith('_')) continue;
    const child = properties[name];
    if (child === undefined) {
      if (node.additionalProperties === false) return `${path}${name} is not a known field.`;
      continue;
    }
    const reason = checkValue(child, field, `${path}${name}`);
    if (reason !== null) return reason;
  }
  return null;
};

const checkValue = (node: SchemaNode, value: unknown, path: string): string | null => {
  if (node.type !== undefined && !hasType(value, node.type)) {
    return `${path} must be ${node.type === 'integer' ? 'an' : 'a'} ${node.type}.`;
  }
  if (node.enum && !node.enum.includes(value)) return `${path} is not one of the allowed values.`;
  if (typeof value === 'string') return checkString(node, value, path);
  if (typeof value === 'number') {
    if (node.minimum !== undefined && value < node.minimum) return `${path} is too small.`;
    if (node.maximum !== undefined && value > node.maximum) return `${path} is too large.`;
    return null;
  }
  if (Array.isArray(value)) {
    if (node.maxItems !== undefined && value.length > node.maxItems) {
      return `${path} has more than ${node.maxItems} items.`;
    }
    const items = node.items;
    if (!items) return null;
    for (let index = 0; index < value.length; index++) {
      const reason = checkValue(items, value[index], `${path}[${index}]`);
      if (reason !== null) return reason;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    return checkObject(node, value as Readonly<Record<string, unknown>>, `${path}.`, false);
  }
  return null;
};

/**
 * null when `doc` fits `schema`, else the first reason it does not. The primary key may arrive as
 * `_id` (RxDB's CouchDB replication swaps it), and tombstones carry no data to check.
 */
export const checkDocumentShape = (
  schema: SchemaNode & { readonly primaryKey?: unknown },
  doc: Readonly<Record<string, unknown>>,
): string | null => {
  if (doc._deleted === true) return null;
  if (JSON.stringify(doc).length > MAX_DOCUMENT_BYTES) {
    return `The document is larger than ${MAX_DOCUMENT_BYTES / 1024} KiB.`;
  }
  const key = typeof schema.primaryKey === 'string' ? schema.primaryKey : 'id';
  const withKey =
    doc[key] === undefined && typeof doc._id === 'string' ? { ...doc, [key]: doc._id } : doc;
  if (withKey[key] !== withKey._id && withKey._id !== undefined) {
    return `${key} must be the document’s _id.`;
  }
  return checkObject(schema, withKey, '', true);
};
