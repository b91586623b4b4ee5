/**
 * One live feed for all of an installation's databases (docs/SYNC.md "One longpoll for all of an
 * installation's databases"): what the embedded server and the app agree on.
 */

/** Listed in the server's welcome (`GET /` `features`) where the route exists; CouchDB has none. */
export const MULTIPLEXED_FEATURE = 'mmm-multiplexed-changes';
/** `POST` with `{ "since": { "<db>": <seq>, … } }`, the plain `_changes` options in the query. */
export const MULTIPLEXED_PATH = '/_mmm/changes';
/** The most databases one request names (an admin of a large organisation reads a few hundred). */
export const MAX_MULTIPLEXED_DATABASES = 500;
