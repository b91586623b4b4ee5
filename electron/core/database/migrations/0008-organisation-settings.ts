import type { Migration } from './migration';

/**
 * The organisation's settings (issue 17, the certificate logo): referenceLists gain the list kind
 * `organisation` and an optional `logo`. Stored entries are tech stacks and job roles, valid as
 * they are.
 */
export const organisationSettings: Migration = {
  name: '0008-organisation-settings',
  toVersion: { referenceLists: 1 },
  migrate: (doc) => doc,
};
