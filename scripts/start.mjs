// `npm start`: the desktop app where Electron can run here; otherwise browser mode, saying why.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  buildApp,
  root,
  runToEnd,
  serveBrowserMode,
  serverOptions,
  startEmbeddedServer,
} from './app-runner.mjs';

const require = createRequire(import.meta.url);
const { embedded, port, rest: passThrough } = serverOptions(process.argv.slice(2));

/** The Electron binary's path, or why there is none. */
const findElectron = () => {
  const pathFile = join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) {
    console.log(
      'Electron binary missing: trying to download it (node_modules/electron/install.js)…',
    );
    const install = spawnSync(
      process.execPath,
      [join(root, 'node_modules', 'electron', 'install.js')],
      {
        cwd: root,
        stdio: 'pipe',
        timeout: 60_000,
        encoding: 'utf8',
      },
    );
    if (install.status !== 0 || !existsSync(pathFile)) {
      const reason = (install.stderr || install.error?.message || 'unknown error')
        .trim()
        .split('\n')[0];
      return {
        reason: `the Electron binary is not installed and could not be downloaded (${reason})`,
      };
    }
  }
  try {
    const binary = require('electron');
    if (typeof binary === 'string' && existsSync(binary)) return { binary };
    return { reason: `the Electron binary is missing at ${readFileSync(pathFile, 'utf8')}` };
  } catch (error) {
    return { reason: `Electron could not be loaded (${error.message})` };
  }
};

const electron = findElectron();
const headlessLinux =
  process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;

buildApp();
// The embedded sync server with the demo organisation: sign in as admin / mentor-demo.
const serverUrl = embedded ? await startEmbeddedServer(port) : undefined;
if (electron.binary && !headlessLinux) {
  runToEnd(electron.binary, ['.', ...passThrough], serverUrl ? { MMM_SERVER_URL: serverUrl } : {});
} else {
  const reason =
    electron.reason ?? 'there is no display to open a window on (no DISPLAY or WAYLAND_DISPLAY)';
  console.log(`\nThe desktop app cannot start here: ${reason}.`);
  console.log('Serving browser mode instead: the same app, in your browser.\n');
  serveBrowserMode(passThrough, serverUrl);
}
