// The names live in shared/ because the app's sync engine replicates with the same databases.
export * from '../../shared/sync/database-names';
