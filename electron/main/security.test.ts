import { EventEmitter } from 'node:events';
import type { Session, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import {
  ALLOWED_PERMISSIONS,
  hardenApp,
  hardenSession,
  hardenWebContents,
  isExternalWebUrl,
  secureWebPreferences,
} from './security';
import { isAppUrl } from './trusted-sender';

type OpenHandler = (details: { url: string }) => { action: string };

const fakeWebContents = () => {
  const events = new EventEmitter();
  let openHandler: OpenHandler | undefined;
  const contents = {
    on: (event: string, listener: (...args: unknown[]) => void) => events.on(event, listener),
    setWindowOpenHandler: (handler: OpenHandler) => {
      openHandler = handler;
    },
  } as unknown as WebContents;
  const emit = (event: string, ...args: unknown[]) => {
    const prevented = { value: false };
    events.emit(event, { preventDefault: () => (prevented.value = true) }, ...args);
    return prevented.value;
  };
  return { contents, emit, open: (url: string) => openHandler?.({ url }) };
};

describe('window hardening', () => {
  it('isolates and sandboxes every window, with no Node in the page', () => {
    const prefs = secureWebPreferences('/app/preload.js');
    expect(prefs).toMatchObject({
      preload: '/app/preload.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('denies new windows and opens only http(s) links in the system browser', () => {
    const shell = { openExternal: vi.fn(() => Promise.resolve()) };
    const { contents, open } = fakeWebContents();
    hardenWebContents(contents, shell, () => false);
    expect(open('https://example.org/help')).toEqual({ action: 'deny' });
    expect(open('http://example.org/')).toEqual({ action: 'deny' });
    expect(open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(open('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(open('smb://server/share')).toEqual({ action: 'deny' });
    expect(shell.openExternal.mock.calls).toEqual([
      ['https://example.org/help'],
      ['http://example.org/'],
    ]);
  });

  it('prevents navigation and redirects away from the app’s origin, and webview attachment', () => {
    const { contents, emit } = fakeWebContents();
    const isAppPage = (url: string) => isAppUrl(url, 'app://mmm/index.html');
    hardenWebContents(contents, { openExternal: () => Promise.resolve() }, isAppPage);
    for (const url of [
      'https://evil.example/',
      'file:///home/u/.config/MMM%20Mentor%20Manager/secrets.json',
      'app://other/index.html',
      'javascript:alert(1)',
      'data:text/html,<script>1</script>',
    ]) {
      expect(emit('will-navigate', url), url).toBe(true);
      expect(emit('will-redirect', url), url).toBe(true);
    }
    // Reloading the app's own page (or a link to one of its screens) stays allowed.
    expect(emit('will-navigate', 'app://mmm/index.html#/tasks')).toBe(false);
    expect(emit('will-attach-webview', {}, {})).toBe(true);
  });

  it('applies the hardening to every web contents the app creates', () => {
    const app = new EventEmitter();
    const shell = { openExternal: vi.fn(() => Promise.resolve()) };
    hardenApp(app as unknown as Electron.App, shell, () => false);
    const { contents, emit, open } = fakeWebContents();
    app.emit('web-contents-created', {}, contents);
    expect(emit('will-navigate', 'https://evil.example/')).toBe(true);
    expect(open('https://example.org/')).toEqual({ action: 'deny' });
  });

  it('tells web links from everything else', () => {
    expect(isExternalWebUrl('https://a.b/')).toBe(true);
    expect(isExternalWebUrl('HTTP://A.B/')).toBe(true);
    expect(isExternalWebUrl('file:///x')).toBe(false);
    expect(isExternalWebUrl('mailto:a@b.c')).toBe(false);
    expect(isExternalWebUrl('not a url')).toBe(false);
  });
});

describe('session hardening', () => {
  const hardened = () => {
    let requestHandler:
      ((wc: unknown, permission: string, cb: (ok: boolean) => void) => void) | undefined;
    let checkHandler: ((wc: unknown, permission: string) => boolean) | undefined;
    let headersHandler:
      | ((
          details: { responseHeaders?: Record<string, string[]> },
          cb: (r: unknown) => void,
        ) => void)
      | undefined;
    const session = {
      setPermissionRequestHandler: (h: typeof requestHandler) => (requestHandler = h),
      setPermissionCheckHandler: (h: typeof checkHandler) => (checkHandler = h),
      webRequest: { onHeadersReceived: (h: typeof headersHandler) => (headersHandler = h) },
    } as unknown as Session;
    hardenSession(session);
    return {
      request: (permission: string) => {
        let answer: boolean | undefined;
        requestHandler?.({}, permission, (ok) => (answer = ok));
        return answer;
      },
      check: (permission: string) => checkHandler?.({}, permission),
      headers: (responseHeaders: Record<string, string[]>) => {
        let result: unknown;
        headersHandler?.({ responseHeaders }, (r) => (result = r));
        return result as { responseHeaders: Record<string, string[]> };
      },
    };
  };

  it('denies permission requests unless listed', () => {
    const session = hardened();
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'openExternal',
      'usb',
      'hid',
    ]) {
      expect(session.request(permission)).toBe(false);
      expect(session.check(permission)).toBe(false);
    }
    for (const permission of ALLOWED_PERMISSIONS) expect(session.request(permission)).toBe(true);
  });

  it('adds the CSP to every response, keeping the other headers', () => {
    const { responseHeaders } = hardened().headers({ 'Content-Type': ['text/html'] });
    expect(responseHeaders['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(responseHeaders['Content-Type']).toEqual(['text/html']);
  });

  it('has a CSP without inline or eval scripts', () => {
    const scriptSrc = CONTENT_SECURITY_POLICY.split(';').find((d) =>
      d.trim().startsWith('script-src'),
    );
    expect(scriptSrc?.trim()).toBe("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
  });
});
