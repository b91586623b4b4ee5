/**
 * RxDB wraps a replication's failure in a long text (error code, hint, URLs, parameters, a stack):
 * the sync panel shows the person the cause in one sentence instead. The innermost `"message"`
 * is the cause our own fetch wrapper gave (e.g. "The sync server did not answer (fetch failed).").
 */
const MAX_LENGTH = 300;

export const readableSyncError = (error: string | null): string | null => {
  if (error === null) return null;
  // RxDB's text starts with a newline and indentation.
  if (!error.includes('RxDB Error-Code')) return error.trim().slice(0, MAX_LENGTH);
  const messages = [...error.matchAll(/"message":\s*"((?:[^"\\]|\\.)*)"/g)]
    .map((match) => match[1]?.replace(/\\"/g, '"') ?? '')
    .filter((message) => message.trim() !== '');
  const cause = messages.at(-1);
  if (cause) return cause.slice(0, MAX_LENGTH);
  const code = /RxDB Error-Code:\s*([A-Z0-9_]+)/.exec(error)?.[1] ?? 'unknown';
  return `Sync stopped on an internal error (${code}); it retries by itself.`;
};
