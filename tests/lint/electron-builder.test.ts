// The packaging config is security-relevant (fuses) and easy to break by hand: check it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { APP_PAGE_URL } from '../../electron/main/app-protocol';

interface BuilderConfig {
  appId?: string;
  productName?: string;
  asar?: boolean;
  npmRebuild?: boolean;
  electronFuses?: Record<string, boolean>;
  linux?: { target?: string[]; icon?: string };
  win?: { target?: string[]; icon?: string };
  mac?: { target?: string[]; icon?: string };
}

const config = load(readFileSync('electron-builder.yml', 'utf8')) as BuilderConfig;

describe('electron-builder.yml', () => {
  it('names the app and targets every desktop platform', () => {
    expect(config.appId).toBe('org.mmm.mentor-manager');
    expect(config.productName).toBe('MMM Mentor Manager');
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.mac?.target).toEqual(['dmg']);
    for (const platform of [config.linux, config.win, config.mac]) {
      expect(platform?.icon).toBe('resources/icon.png');
    }
  });

  it('sets the security fuses', () => {
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('rebuilds native modules (better-sqlite3) for Electron', () => {
    expect(config.npmRebuild).toBe(true);
  });
});

// With grantFileProtocolExtraPrivileges off, a file:// page is a plain browser's: Chromium refuses
// the built page's module script from it and the window stays blank (issue 20). The page must come
// from the app's own scheme; these fail the moment anything points the window at a file again.
describe('the window never loads file:// while the file-protocol fuse is off', () => {
  const fuseOff = config.electronFuses?.['grantFileProtocolExtraPrivileges'] === false;
  // Strings and calls that load a local file as a page; the words in comments are fine.
  const loadsAFile = /loadFile\s*\(|pathToFileURL\s*\(|[`'"]file:\/\//;

  it('keeps the fuse off', () => {
    expect(fuseOff).toBe(true);
  });

  it('points the window at app://mmm', () => {
    expect(APP_PAGE_URL).toBe('app://mmm/index.html');
    const window = readFileSync('electron/main/main-window.ts', 'utf8');
    expect(window).toContain('devServerUrl ?? APP_PAGE_URL');
  });

  it('has no file:// page anywhere in the main process sources', () => {
    const sources = readdirSync('electron/main').filter(
      (name) => name.endsWith('.ts') && !name.endsWith('.test.ts'),
    );
    expect(sources).toContain('main-window.ts');
    for (const name of sources) {
      expect(readFileSync(join('electron/main', name), 'utf8'), name).not.toMatch(loadsAFile);
    }
  });
  // The built bundle is checked by tests/e2e/app-protocol.spec.ts, which runs after a build.
});
