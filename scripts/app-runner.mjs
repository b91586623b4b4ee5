// Shared by `npm start` and `npm run web`: build the app, start the embedded sync server with the
// demo organisation, and run the app against it.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
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

const children = new Set();
const stopChildren = (signal = 'SIGTERM') => {
  for (const child of children) child.kill(signal);
};
process.on('exit', () => stopChildren());

/** Runs a child until it ends, passing Ctrl-C and SIGTERM on, and exits with its code. */
export const runToEnd = (command, args, env = {}) => {
  const child = spawn(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  children.add(child);
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stopChildren(signal));
  child.on('exit', (code) => {
    children.delete(child);
    stopChildren();
    process.exit(code ?? 0);
  });
};

/** The built browser mode (out/main/browser-mode.js) with the given arguments. */
export const serveBrowserMode = (args, serverUrl) =>
  runToEnd(process.execPath, [
    join(root, 'out', 'main', 'browser-mode.js'),
    ...(serverUrl ? ['--server', serverUrl] : []),
    ...args,
  ]);

const portIsFree = (port) =>
  new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });

/**
 * Splits our own options off the app's: `--no-server` (sign in to a server of your own) and
 * `--server-port N` (the embedded server's port, 5984 unless taken).
 */
export const serverOptions = (args) => {
  const rest = [];
  let embedded = true;
  let port = 5984;
  for (let index = 0; index < args.length; index += 1) {
    if (args[index] === '--no-server') embedded = false;
    else if (args[index] === '--server-port') port = Number(args[++index]);
    else rest.push(args[index]);
  }
  return { embedded, port, rest };
};

/**
 * The embedded sync server (DESIGN §3 "Runs"), with the demo organisation, its data in `.data/server`
 * of the project (LevelDB; delete the folder to start again). Resolves with its URL once it listens.
 */
export const startEmbeddedServer = async (preferredPort) => {
  const port = (await portIsFree(preferredPort)) ? preferredPort : 0;
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(root, 'server', 'main.ts'),
      '--port',
      String(port),
      '--data',
      join(root, '.data', 'server'),
      '--demo',
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  children.add(child);
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      const text = chunk.toString();
      process.stdout.write(text);
      output += text;
      const listening = /listening on (http:\/\/\S+)/.exec(output);
      if (listening) resolve(listening[1]);
    });
    child.once('exit', (code) => {
      children.delete(child);
      reject(new Error(`The embedded sync server stopped (exit ${code}).`));
    });
  });
};
