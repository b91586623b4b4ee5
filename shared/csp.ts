/**
 * The app's Content Security Policy, one string for every place that sets it: the Electron session,
 * the meta tag of the built renderer, and the browser-mode server. Scripts only from the app itself
 * (no inline, no eval). Inline *styles* are allowed because Mantine sets style attributes.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
