import { parseArgs } from 'node:util';
import { parseCredentials } from '../embedded/adminCredentials';
import { provision } from './provision';

/**
 * `npm run server:provision -- --url URL --admin USER:PASSWORD` — against Apache CouchDB 3 or any
 * CouchDB-compatible server. Prints what it changed; a second run prints nothing changed.
 */
const main = async () => {
  const { values } = parseArgs({
    options: { url: { type: 'string' }, admin: { type: 'string' } },
  });
  const admin = values.admin ?? process.env.MMM_SERVER_ADMIN;
  if (values.url === undefined || admin === undefined) {
    throw new Error('Usage: server:provision -- --url URL --admin USER:PASSWORD');
  }
  const { changes } = await provision({ url: values.url, admin: parseCredentials(admin), fetch });
  for (const change of changes) console.log(change);
  console.log(
    changes.length === 0 ? 'Already provisioned: nothing changed.' : `${changes.length} changes.`,
  );
};

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
