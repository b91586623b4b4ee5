// All window and session hardening lives here, and index.ts applies it before any window exists.
import type { App, Session, Shell, WebContents, WebPreferences } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';

/** Permissions a page of ours may get. Everything else (camera, geolocation, …) is refused. */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export const secureWebPreferences = (preloadPath: string): WebPreferences => ({
  preload: preloadPath,
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  spellcheck: true,
});

/** Only web links leave the app, and they open in the user's browser, never in our window. */
export const isExternalWebUrl = (url: string): boolean => {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
};

export const hardenWebContents = (
  contents: WebContents,
  shell: Pick<Shell, 'openExternal'>,
  isAppPage: (url: string) => boolean,
) => {
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalWebUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  // The app is one page that routes itself (in the hash): a navigation may only stay on the
  // app's own origin (app://mmm, or the dev server); anything else is a link or a script gone
  // astray.
  contents.on('will-navigate', (event, url) => {
    if (!isAppPage(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppPage(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
};

export const hardenSession = (session: Session) => {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    callback(ALLOWED_PERMISSIONS.has(permission));
  });
  session.setPermissionCheckHandler((_contents, permission) => ALLOWED_PERMISSIONS.has(permission));
  // The app:// handler and the built page's meta tag carry the CSP too; this also covers the dev
  // server.
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    });
  });
};

/** Hardening that applies to every web contents the app will ever create. */
export const hardenApp = (
  app: App,
  shell: Pick<Shell, 'openExternal'>,
  isAppPage: (url: string) => boolean,
) => {
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, shell, isAppPage);
  });
};
