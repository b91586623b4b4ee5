// Type-checks every layer with its own tsconfig, so each layer sees only the globals it may use.
import { spawnSync } from 'node:child_process';
import { tsconfigProjects as projects } from '../eslint/layers.mjs';

let failed = 0;
for (const project of projects) {
  const started = Date.now();
  const run = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', project], {
    stdio: 'inherit',
  });
  const status = run.status === 0 ? 'ok' : 'FAILED';
  if (run.status !== 0) failed += 1;
  console.log(`typecheck ${project}: ${status} (${Date.now() - started} ms)`);
}
process.exit(failed === 0 ? 0 : 1);
