import type { Migration } from './migration';

/**
 * Lifecycle documents record their moves (`transitions`, domain/history), so a lifecycle walked
 * in several steps offline is judged step by step. The field is optional: documents from before
 * have no recorded moves and are valid as they are. They are not given an empty history, which
 * would change every document and send each one to the server again.
 */
export const lifecycleTransitions: Migration = {
  name: '0001-lifecycle-transitions',
  toVersion: {
    programmes: 1,
    applications: 1,
    tasks: 1,
    certificates: 1,
    userDetails: 1,
    reports: 1,
  },
  migrate: (doc) => doc,
};
