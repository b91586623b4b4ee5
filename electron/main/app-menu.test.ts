import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate } from './app-menu';
import type { MenuActions } from './app-menu';

const actions = (): MenuActions => ({
  print: vi.fn(),
  exportPdf: vi.fn(),
  backUp: vi.fn(),
  restore: vi.fn(),
  openDataFolder: vi.fn(),
  showLogs: vi.fn(),
  copyDiagnostics: vi.fn(),
  about: vi.fn(),
});

const flatten = (items: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
  items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
const roles = (items: readonly MenuItemConstructorOptions[]) =>
  flatten(items).flatMap((item) => (item.role ? [item.role] : []));
const byLabel = (items: readonly MenuItemConstructorOptions[], label: string) =>
  flatten(items).find((item) => item.label === label);

describe('the application menu', () => {
  for (const platform of ['darwin', 'win32', 'linux'] as const) {
    it(`has the standard editing and zoom roles on ${platform}`, () => {
      const template = buildMenuTemplate(platform, actions(), { isPackaged: true });
      expect(roles(template)).toEqual(
        expect.arrayContaining([
          'undo',
          'redo',
          'cut',
          'copy',
          'paste',
          'selectAll',
          'resetZoom',
          'zoomIn',
          'zoomOut',
          'togglefullscreen',
          'reload',
          'minimize',
        ]),
      );
      // No developer tools in the installed app.
      expect(roles(template)).not.toContain('toggleDevTools');
      // Exactly one way to quit or close in the File menu, and an About entry somewhere.
      expect(byLabel(template, 'About MMM Mentor Manager')).toBeDefined();
    });
  }

  it('follows macOS conventions: the app menu first, with About, Hide and Quit', () => {
    const template = buildMenuTemplate('darwin', actions(), { isPackaged: true });
    expect(template[0]?.label).toBe('MMM Mentor Manager');
    const appMenu = template[0]?.submenu as MenuItemConstructorOptions[];
    expect(appMenu.map((i) => i.role ?? i.label ?? i.type)).toEqual([
      'About MMM Mentor Manager',
      'separator',
      'services',
      'separator',
      'hide',
      'hideOthers',
      'unhide',
      'separator',
      'quit',
    ]);
    expect(roles(template)).toContain('pasteAndMatchStyle');
    expect(template.map((m) => m.label)).toEqual([
      'MMM Mentor Manager',
      'File',
      'Edit',
      'View',
      'Window',
      'Help',
    ]);
  });

  it('has Alt-key mnemonics on Windows and Linux, and a Quit in the File menu', () => {
    const template = buildMenuTemplate('win32', actions(), { isPackaged: true });
    expect(template.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Window', '&Help']);
    const file = template[0]?.submenu as MenuItemConstructorOptions[];
    expect(file.at(-1)).toEqual({ role: 'quit' });
  });

  it('offers developer tools only while developing', () => {
    const template = buildMenuTemplate('linux', actions(), { isPackaged: false });
    expect(roles(template)).toEqual(expect.arrayContaining(['toggleDevTools', 'forceReload']));
  });

  it('runs the app’s own entries', () => {
    const run = actions();
    const template = buildMenuTemplate('linux', run, { isPackaged: true });
    const entries: [string, keyof MenuActions][] = [
      ['Print…', 'print'],
      ['Export PDF…', 'exportPdf'],
      ['Back up my data…', 'backUp'],
      ['Restore from a backup…', 'restore'],
      ['Open data folder', 'openDataFolder'],
      ['Show logs', 'showLogs'],
      ['Copy diagnostics', 'copyDiagnostics'],
      ['About MMM Mentor Manager', 'about'],
    ];
    for (const [label, action] of entries) {
      const item = byLabel(template, label);
      expect(item, label).toBeDefined();
      (item?.click as () => void)();
      expect(run[action]).toHaveBeenCalledOnce();
    }
    expect(byLabel(template, 'Print…')?.accelerator).toBe('CmdOrCtrl+P');
  });
});
