// The tsconfig of every layer, in checking order. A layer with no TypeScript yet (a folder waiting
// for its first feature) is skipped, since tsc refuses a project with no inputs.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

const root = join(import.meta.dirname, '..');

const layerProjects = [
  'shared/tsconfig.json',
  'renderer/tsconfig.json',
  'electron/core/tsconfig.json',
  'electron/main/tsconfig.json',
  'electron/preload/tsconfig.json',
  'server/tsconfig.json',
];

const hasTypeScript = (project) => {
  const folder = join(root, dirname(project));
  return (
    existsSync(folder) &&
    readdirSync(folder, { recursive: true }).some(
      (file) => /\.tsx?$/.test(String(file)) && !/\.test\.tsx?$/.test(String(file)),
    )
  );
};

/** Layer tsconfigs that have code, then the tooling tsconfig (configs, scripts, tests). */
export const tsconfigProjects = [...layerProjects.filter(hasTypeScript), 'tsconfig.json'];
