// express-pouchdb and the PouchDB 9 packages ship no types: just what server/ uses.

declare module 'pouchdb-core' {
  interface PouchDBConstructor {
    plugin(plugin: unknown): PouchDBConstructor;
    defaults(options: Record<string, unknown>): PouchDBConstructor;
  }
  const PouchDB: PouchDBConstructor;
  export default PouchDB;
}

declare module 'pouchdb-adapter-memory' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-adapter-leveldb' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-adapter-http' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-mapreduce' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-replication' {
  const plugin: unknown;
  export default plugin;
}

declare module 'express-pouchdb' {
  import type { Express } from 'express';

  interface ExpressPouchDBOptions {
    mode?: 'fullCouchDB' | 'minimumForPouchDB' | 'custom';
    configPath?: string;
    logPath?: string;
    inMemoryConfig?: boolean;
  }
  interface CouchConfig {
    set(section: string, key: string, value: string, callback: (error: unknown) => void): void;
    get(section: string, key: string): unknown;
    /** Values as strings (admins: `-pbkdf2-<derived key>,<salt>,<iterations>` once hashed). */
    getSection(section: string): Record<string, string>;
  }
  interface ExpressPouchDBApp extends Express {
    couchConfig: CouchConfig;
  }
  function expressPouchDB(PouchDB: unknown, options: ExpressPouchDBOptions): ExpressPouchDBApp;
  export default expressPouchDB;
}

declare module 'couchdb-eval' {
  /** Compiles a design document's function (pouchdb-validation calls it per document). */
  export function evaluate(requireContext: unknown, extraVars: unknown, program: string): unknown;
  const couchEval: { evaluate: typeof evaluate };
  export default couchEval;
}
