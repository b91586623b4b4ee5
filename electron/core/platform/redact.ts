/**
 * Takes secrets out of text bound for a log file or a support report: passwords in URLs, CouchDB
 * session cookies, Authorization headers, and `password=`/`"token": "…"` pairs. Logs are read by
 * support and pasted into tickets; a secret must never reach them.
 */

const SECRET_KEY = /pass(word|wd)?|pwd|secret|token|cookie|authori[sz]ation|session|verifier|salt/i;

const patterns: readonly [RegExp, string][] = [
  // https://user:password@host → https://user:***@host
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s/:@]*):[^\s/@]*@/gi, '$1:***@'],
  // CouchDB's session cookie, in a header or a message.
  [/\bAuthSession=[^;\s"',]*/g, 'AuthSession=***'],
  [/\b(Basic|Bearer)\s+[A-Za-z0-9+/=._~-]{4,}/g, '$1 ***'],
  // key=value and "key": "value" pairs whose key names a secret.
  [
    /(["']?[\w-]*(?:pass(?:word|wd)?|pwd|secret|token|cookie|authori[sz]ation)[\w-]*["']?\s*[:=]\s*)("(?:[^"\\]|\\.)*"|'[^']*'|[^\s,;&}]+)/gi,
    '$1***',
  ],
];

export const redactText = (text: string): string =>
  patterns.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), text);

const MAX_DETAIL_CHARS = 4000;

/** One detail of a log call as text: errors with their stack, objects as JSON, secrets removed. */
export const describeDetail = (detail: unknown): string => {
  if (detail instanceof Error) {
    const cause =
      detail.cause === undefined ? '' : `\n  caused by: ${describeDetail(detail.cause)}`;
    return redactText(`${detail.stack ?? `${detail.name}: ${detail.message}`}${cause}`);
  }
  if (typeof detail === 'string') return redactText(detail);
  if (typeof detail !== 'object' || detail === null) return String(detail);
  let json: unknown;
  try {
    json = JSON.stringify(detail, (key, value: unknown) =>
      key !== '' && SECRET_KEY.test(key) ? '***' : value,
    );
  } catch {
    // Cycles, BigInts: the type is all that can be said safely.
  }
  const text = redactText(typeof json === 'string' ? json : Object.prototype.toString.call(detail));
  return text.length > MAX_DETAIL_CHARS ? `${text.slice(0, MAX_DETAIL_CHARS)}… (cut)` : text;
};
