/**
 * Whether a frame URL is a page of this app: the same scheme and host (and port) as the app's own
 * page — `app://mmm` when installed, the dev server while developing. Compared by parts because
 * Node gives custom schemes no origin (`new URL('app://mmm/').origin` is "null"). A file:// page
 * is never ours: the app is not loaded from files.
 */
export const isAppUrl = (frameUrl: string, appUrl: string): boolean => {
  let frame: URL;
  let app: URL;
  try {
    frame = new URL(frameUrl);
    app = new URL(appUrl);
  } catch {
    return false;
  }
  if (app.protocol === 'file:' || frame.protocol === 'file:') return false;
  // Node keeps a custom scheme's host as written; Chromium lower-cases it.
  const host = frame.host.toLowerCase();
  return (
    frame.protocol === app.protocol &&
    host === app.host.toLowerCase() &&
    host !== '' &&
    frame.username === '' &&
    frame.password === ''
  );
};
