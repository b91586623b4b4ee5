// Shared by `npm start` and `npm run web`: build the app, and run browser mode.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..');

/** `electron-vite build` into out/; exits the process when the build fails. */
export const buildApp = () => {
  console.log('Building the app (electron-vite build)…');
  const build = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
    { cwd: root, stdio: 'inherit' },
  );
  if (build.status !== 0) process.exit(1);
};

/** Runs a child until it ends, passing Ctrl-C and SIGTERM on, and exits with its code. */
export const runToEnd = (command, args) => {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
};

/** The built browser mode (out/main/browser-mode.js) with the given arguments. */
export const serveBrowserMode = (args) =>
  runToEnd(process.execPath, [join(root, 'out', 'main', 'browser-mode.js'), ...args]);
