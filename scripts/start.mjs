// `npm start`: the desktop app where Electron can run here; otherwise browser mode, saying why.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..');
const passThrough = process.argv.slice(2);

const run = (command, args) =>
  spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });

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

console.log('Building the app (electron-vite build)…');
if (
  run(process.execPath, [
    join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'),
    'build',
  ]).status !== 0
) {
  process.exit(1);
}

if (electron.binary && !headlessLinux) {
  const child = spawn(electron.binary, ['.', ...passThrough], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const reason =
    electron.reason ?? 'there is no display to open a window on (no DISPLAY or WAYLAND_DISPLAY)';
  console.log(`\nThe desktop app cannot start here: ${reason}.`);
  console.log('Serving browser mode instead: the same app, in your browser.\n');
  const child = spawn(
    process.execPath,
    [join(root, 'out', 'main', 'browser-mode.js'), ...passThrough],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}
