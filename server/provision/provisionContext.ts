import type { CouchClient } from './couchClient';
import type { Changes } from './ensure';

/**
 * How a `_replicator` document names a database. CouchDB 3 wants a URL with credentials; the
 * embedded server (express-pouchdb) replicates local databases by name.
 */
export type ReplicationEndpoint = (database: string) => unknown;

/** What every provisioning step needs, made once per run. */
export interface ProvisionContext {
  readonly client: CouchClient;
  /** validate_doc_update's bundle of shared/schema and shared/domain (validateBundle.ts). */
  readonly bundle: string;
  readonly endpoint: ReplicationEndpoint;
  /** What the run changed, in words. */
  readonly changes: Changes;
}
