import { parseArgs } from 'node:util';
import { FILE_GRACE_MS } from '../../shared/domain/file-refs';
import { parseCredentials } from '../embedded/adminCredentials';
import { createCouchClient } from '../provision/couchClient';
import { collectFiles } from './collect';

/**
 * `npm run server:collect-files -- --url URL --admin USER:PASSWORD [--grace-hours 168]` — the
 * collection of files nothing refers to (docs/FILES.md "Collection") against Apache CouchDB 3,
 * which has no such step of its own; the embedded server runs the same code hourly. Run it from
 * cron: a file goes once it was found unreferenced twice, the grace apart.
 */
const main = async () => {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      admin: { type: 'string' },
      'grace-hours': { type: 'string' },
    },
  });
  const admin = values.admin ?? process.env.MMM_SERVER_ADMIN;
  if (values.url === undefined || admin === undefined) {
    throw new Error(
      'Usage: server:collect-files -- --url URL --admin USER:PASSWORD [--grace-hours 168]',
    );
  }
  const graceHours =
    values['grace-hours'] === undefined ? undefined : Number(values['grace-hours']);
  if (graceHours !== undefined && !(graceHours >= 0)) {
    throw new Error('--grace-hours is a number of hours, 0 or more.');
  }
  const removed = await collectFiles(
    createCouchClient({ url: values.url, admin: parseCredentials(admin), fetch }),
    {
      now: new Date().toISOString(),
      graceMs: graceHours === undefined ? FILE_GRACE_MS : graceHours * 60 * 60_000,
    },
  );
  for (const file of removed) {
    console.log(
      `removed ${file.database} files:${file.hex} (${file.size} bytes, ${file.createdBy})`,
    );
  }
  console.log(`${removed.length} files removed.`);
};

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
