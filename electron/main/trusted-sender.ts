/**
 * Whether a frame URL is a page of this app: the same origin as the app's own page (the dev
 * server), or, for the packaged app loaded from disk, exactly the app's own HTML file.
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
  if (app.protocol === 'file:')
    return frame.protocol === 'file:' && frame.pathname === app.pathname;
  return frame.origin === app.origin;
};
