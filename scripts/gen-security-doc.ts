// Regenerates the tables of docs/SECURITY.md that say which database holds what and who reads and
// writes it, from shared/sync. Run: npm run docs:security. shared/sync/securityDoc.test.ts fails
// when the file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format, resolveConfig } from 'prettier';
import {
  SECURITY_TABLES_END,
  SECURITY_TABLES_START,
  renderSecurityTables,
} from '../shared/sync/securityDoc';

export const securityDocPath = fileURLToPath(new URL('../docs/SECURITY.md', import.meta.url));

export const securityDocOnDisk = (): string => readFileSync(securityDocPath, 'utf8');

/** The document as it should be on disk: the tables replaced, then formatted as Prettier wants. */
export const securityDoc = async (): Promise<string> => {
  const current = securityDocOnDisk();
  const start = current.indexOf(SECURITY_TABLES_START);
  const end = current.indexOf(SECURITY_TABLES_END);
  if (start < 0 || end < start) {
    throw new Error(`docs/SECURITY.md has lost its markers (${SECURITY_TABLES_START}).`);
  }
  const next =
    current.slice(0, start) +
    renderSecurityTables() +
    current.slice(end + SECURITY_TABLES_END.length);
  const config = (await resolveConfig(securityDocPath)) ?? {};
  return format(next, { ...config, filepath: securityDocPath });
};

const runDirectly = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (runDirectly) {
  // No top-level await: without "type": "module", tsx runs this file as CommonJS.
  securityDoc()
    .then((doc) => {
      writeFileSync(securityDocPath, doc);
      console.log(`wrote ${securityDocPath}`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
