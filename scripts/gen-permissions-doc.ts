// Regenerates docs/PERMISSIONS.md from the permission matrix and lifecycles in shared/domain.
// Run: npm run docs:permissions. shared/domain/permissionsDoc.test.ts fails when the file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { renderPermissionsMarkdown } from '../shared/domain/permissionsDoc';

export const permissionsDocPath = fileURLToPath(new URL('../docs/PERMISSIONS.md', import.meta.url));

/** The document as it should be on disk: rendered, then formatted as `prettier --check` expects. */
export const permissionsDoc = async (): Promise<string> => {
  const config = (await resolveConfig(permissionsDocPath)) ?? {};
  return format(renderPermissionsMarkdown(), { ...config, filepath: permissionsDocPath });
};

export const permissionsDocOnDisk = (): string => readFileSync(permissionsDocPath, 'utf8');

const runDirectly = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (runDirectly) {
  // No top-level await: without "type": "module", tsx runs this file as CommonJS.
  permissionsDoc()
    .then((doc) => {
      writeFileSync(permissionsDocPath, doc);
      console.log(`wrote ${permissionsDocPath}`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
