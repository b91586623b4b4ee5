/**
 * The one spelling of a request's path that the guard decides on and express-pouchdb then serves.
 * express-pouchdb matches some routes on the literal path (`/_users`) and others on decoded
 * parameters, so `/%5Fusers`, `/_USERS`, `//_users/` and `/x/../_users` could each reach a
 * different handler than a guard that looked at the text expected. Here the path is decoded once,
 * split, and normalised, and the request is rewritten to the canonical form before anything else
 * sees it:
 * - percent-encoding is decoded once (`%5F` is `_`, `%2F` is `/`: a slash separates segments
 *   however it is written, so no document id or database name of this server contains one);
 * - empty segments (`//`, a trailing `/`) and `.` are dropped, `..` removes the segment before it;
 * - a segment that starts with `_` names a route or a system database, which CouchDB spells in
 *   lower case: it is lowered, except a design or local document's own name (`_design/Name`);
 * - a malformed escape (`%E0%A4%A`) or a control character is an error (400), never a guess.
 */
export type CanonicalPath =
  | { readonly ok: true; readonly segments: readonly string[]; readonly query: string }
  | { readonly ok: false; readonly reason: string };

// eslint-disable-next-line no-control-regex -- control characters are exactly what it looks for
const CONTROL = /[\u0000-\u001f\u007f]/;

const isRouteSegment = (segment: string, previous: string | undefined) =>
  segment.startsWith('_') && previous !== '_design' && previous !== '_local';

export const canonicalPath = (url: string): CanonicalPath => {
  const mark = url.indexOf('?');
  const rawPath = mark === -1 ? url : url.slice(0, mark);
  const query = mark === -1 ? '' : url.slice(mark + 1);
  // An absolute-form target (`GET http://host/_users`) is not what clients of this server send.
  if (!rawPath.startsWith('/')) return { ok: false, reason: 'The path must start with /.' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { ok: false, reason: 'The path has a malformed percent-encoding.' };
  }
  if (CONTROL.test(decoded)) return { ok: false, reason: 'The path has a control character.' };

  const segments: string[] = [];
  for (const segment of decoded.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(isRouteSegment(segment, segments.at(-1)) ? segment.toLowerCase() : segment);
  }
  return { ok: true, segments, query };
};

/** The canonical request target: each segment encoded, the query as it came. */
export const canonicalUrl = (segments: readonly string[], query: string): string =>
  `/${segments.map(encodeURIComponent).join('/')}${query === '' ? '' : `?${query}`}`;
