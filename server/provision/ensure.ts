import { docPath, expectStatus, type CouchClient } from './couchClient';
import { normalizeSecurity, type SecurityObject } from './securityPlan';

/**
 * Idempotent steps: each reads what the server has and writes only when it differs, and says what
 * it changed — so a second provisioning run changes (and reports) nothing.
 */
export type Changes = string[];

export const ensureDatabase = async (
  client: CouchClient,
  name: string,
  changes: Changes,
): Promise<void> => {
  const answer = await client.request('PUT', `/${encodeURIComponent(name)}`);
  // 412: it exists already.
  expectStatus(answer, [201, 202, 412], `Creating database ${name}`);
  if (answer.status !== 412) changes.push(`created database ${name}`);
};

export const ensureSecurity = async (
  client: CouchClient,
  database: string,
  wanted: SecurityObject,
  changes: Changes,
  options: {
    /** Members, once set, are never replaced (a direct chat's database). */
    readonly membersFixed?: boolean;
  } = {},
): Promise<void> => {
  const path = `/${encodeURIComponent(database)}/_security`;
  const current = expectStatus(await client.request('GET', path), [200], `Reading ${path}`);
  if (normalizeSecurity(current.body) === normalizeSecurity(wanted)) return;
  const members = (current.body as { members?: { names?: unknown } } | null)?.members?.names;
  if (options.membersFixed === true && Array.isArray(members) && members.length > 0) {
    changes.push(`kept the members of ${database}: they never change`);
    return;
  }
  // What else the object holds (a forum's locked threads, server/provision/locked-threads) stays.
  const kept = (
    typeof current.body === 'object' && current.body !== null ? current.body : {}
  ) as Record<string, unknown>;
  expectStatus(
    await client.request('PUT', path, { ...kept, ...wanted }),
    [200, 201],
    `Writing ${path}`,
  );
  changes.push(`set _security of ${database}`);
};

type Doc = Readonly<Record<string, unknown>> & { readonly _id: string };

/**
 * Writes `wanted` unless the stored document already has the same value for each of its fields
 * (fields the server adds, such as a replication's state, are not compared).
 */
export const ensureDocument = async (
  client: CouchClient,
  database: string,
  wanted: Doc,
  changes: Changes,
): Promise<void> => {
  const path = docPath(database, wanted._id);
  const read = async () => {
    const current = expectStatus(await client.request('GET', path), [200, 404], `Reading ${path}`);
    return current.status === 200 ? (current.body as Record<string, unknown>) : undefined;
  };
  const matches = (stored: Record<string, unknown> | undefined) =>
    stored !== undefined &&
    Object.entries(wanted).every(
      ([key, value]) => JSON.stringify(stored[key]) === JSON.stringify(value),
    );
  const stored = await read();
  if (matches(stored)) return;
  const body = stored ? { ...wanted, _rev: stored._rev } : wanted;
  const written = await client.request('PUT', path, body);
  // Someone else (the server's follower, a second provisioning run) wrote the same meanwhile.
  if (written.status !== 201 && written.status !== 202 && matches(await read())) return;
  expectStatus(written, [201, 202], `Writing ${path}`);
  changes.push(`${stored ? 'updated' : 'created'} ${database}/${wanted._id}`);
};
