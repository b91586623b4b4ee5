// The installed app's pages come from its own scheme, never from file:// (electron-builder.yml
// turns the grantFileProtocolExtraPrivileges fuse off, and a plain file:// page cannot load the
// built module script: Electron security checklist, item 18).
import type { Protocol } from 'electron';
import { createRendererFileHandler } from '../core/renderer-files/renderer-files';
import type { Logger } from '../core/platform/logger';

export const APP_SCHEME = 'app';
export const APP_HOST = 'mmm';
/** The packaged app's page. Its origin, `app://mmm`, is what the CSP's 'self' and the IPC check mean. */
export const APP_PAGE_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * Registers the scheme as standard (relative URLs, an origin, storage), secure (like https, so
 * the CSP and secure-context APIs apply) and fetchable, with V8's code cache (the 1 MB bundle
 * starts faster from the second launch; it needs `standard`). It must happen before the app is
 * ready. No CORS and no service workers: the page only loads its own files, from its own origin.
 */
export const registerAppScheme = (protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>) => {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
};

/** Answers `app://mmm/…` from the built renderer folder, through the handler browser mode uses. */
export const serveAppProtocol = (
  protocol: Pick<Protocol, 'handle'>,
  rendererDir: string,
  logger: Logger,
) => {
  const handler = createRendererFileHandler(rendererDir, { host: APP_HOST });
  protocol.handle(APP_SCHEME, async (request) => {
    try {
      return await handler(request);
    } catch (error) {
      logger.error(`app protocol: ${request.url} failed`, error);
      return new Response('The app files could not be read.', { status: 500 });
    }
  });
};
