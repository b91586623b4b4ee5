import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

/**
 * Bundles crash-writer.ts into `directory` and returns the bundle's path. Plain `node` starts the
 * bundle in ~0.2 s where `node --import tsx` takes ~1.8 s — most of the crash test's time over 20
 * runs. esbuild comes with vite and tsx; the native better-sqlite3 stays outside the bundle.
 */
export async function bundleCrashWriter(directory: string): Promise<string> {
  const outfile = join(directory, 'crash-writer.mjs');
  const betterSqlite3 = createRequire(__filename).resolve('better-sqlite3');
  await build({
    entryPoints: [resolve(__dirname, 'crash-writer.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'warning',
    plugins: [
      {
        name: 'native-better-sqlite3',
        setup(esbuild) {
          esbuild.onResolve({ filter: /^better-sqlite3$/ }, () => ({
            path: betterSqlite3,
            external: true,
          }));
        },
      },
    ],
  });
  return outfile;
}
