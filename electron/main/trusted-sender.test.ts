import { describe, expect, it } from 'vitest';
import { APP_PAGE_URL } from './app-protocol';
import { isAppUrl } from './trusted-sender';

describe('whose page a message comes from', () => {
  it('trusts the app’s own origin, app://mmm, whatever the page’s path or hash', () => {
    expect(isAppUrl('app://mmm/index.html', APP_PAGE_URL)).toBe(true);
    expect(isAppUrl('app://mmm/index.html#/reports/42', APP_PAGE_URL)).toBe(true);
    expect(isAppUrl('APP://MMM/', APP_PAGE_URL)).toBe(true);
  });

  it('trusts nothing else: other hosts, schemes, files, look-alikes', () => {
    for (const frame of [
      'app://other/index.html',
      'app://mmm.evil.example/index.html',
      'app://evil@mmm/',
      'https://mmm/index.html',
      'http://localhost:5173/',
      'file:///opt/MMM/resources/app.asar/out/renderer/index.html',
      'data:text/html,hi',
      'about:blank',
      'not a url',
      '',
    ]) {
      expect(isAppUrl(frame, APP_PAGE_URL), frame).toBe(false);
    }
  });

  it('trusts the dev server by its origin while developing', () => {
    expect(isAppUrl('http://localhost:5173/#/tasks', 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
    expect(isAppUrl('https://localhost:5173/', 'http://localhost:5173')).toBe(false);
  });

  it('never trusts a file:// page, even when the app URL were one', () => {
    const file = 'file:///opt/app/out/renderer/index.html';
    expect(isAppUrl(file, file)).toBe(false);
  });
});
