// The application menu: the standard roles (so undo, copy/paste, select all and zoom work in every
// field and on macOS, where a menu without an Edit menu has no clipboard shortcuts) and the app's
// own entries.
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  readonly print: () => void;
  readonly exportPdf: () => void;
  readonly backUp: () => void;
  readonly restore: () => void;
  readonly openDataFolder: () => void;
  readonly showLogs: () => void;
  readonly copyDiagnostics: () => void;
  readonly about: () => void;
}

export const APP_NAME = 'MMM Mentor Manager';

const separator: MenuItemConstructorOptions = { type: 'separator' };

export const buildMenuTemplate = (
  platform: NodeJS.Platform,
  actions: MenuActions,
  options: { readonly isPackaged: boolean },
): MenuItemConstructorOptions[] => {
  const mac = platform === 'darwin';
  const item = (label: string, click: () => void, accelerator?: string) => ({
    label,
    click: () => {
      click();
    },
    ...(accelerator ? { accelerator } : {}),
  });
  const about = item(`About ${APP_NAME}`, actions.about);
  // Alt+letter opens a menu on Windows and Linux; macOS has no mnemonics.
  const top = (name: string) => (mac ? name : `&${name}`);

  return [
    ...(mac
      ? [
          {
            label: APP_NAME,
            submenu: [
              about,
              separator,
              { role: 'services' },
              separator,
              { role: 'hide' },
              { role: 'hideOthers' },
              { role: 'unhide' },
              separator,
              { role: 'quit' },
            ],
          } satisfies MenuItemConstructorOptions,
        ]
      : []),
    {
      label: top('File'),
      submenu: [
        item('Print…', actions.print, 'CmdOrCtrl+P'),
        item('Export PDF…', actions.exportPdf, 'CmdOrCtrl+Shift+E'),
        separator,
        item('Back up my data…', actions.backUp),
        item('Restore from a backup…', actions.restore),
        separator,
        item('Open data folder', actions.openDataFolder),
        separator,
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: top('Edit'),
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        separator,
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        ...(mac ? [{ role: 'pasteAndMatchStyle' } as const] : []),
        { role: 'delete' },
        separator,
        { role: 'selectAll' },
      ],
    },
    {
      label: top('View'),
      submenu: [
        { role: 'reload' },
        ...(options.isPackaged
          ? []
          : [{ role: 'forceReload' } as const, { role: 'toggleDevTools' } as const]),
        separator,
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        // Ctrl/Cmd and "=" (the unshifted "+" key) zooms in too, as in every browser.
        { role: 'zoomIn', accelerator: 'CmdOrCtrl+=', visible: false },
        { role: 'zoomOut' },
        separator,
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: top('Window'),
      submenu: [
        { role: 'minimize' },
        ...(mac ? [{ role: 'zoom' } as const, separator, { role: 'front' } as const] : []),
        ...(mac ? [] : [{ role: 'close' } as const]),
      ],
    },
    {
      label: top('Help'),
      ...(mac ? { role: 'help' as const } : {}),
      submenu: [
        item('Show logs', actions.showLogs),
        item('Copy diagnostics', actions.copyDiagnostics),
        ...(mac ? [] : [separator, about]),
      ],
    },
  ];
};
