import { BUNDLE_GLOBAL } from './validateBundle';

/** The one design document provisioning owns in every app database. */
export const DESIGN_DOC_ID = '_design/mmm';

export type DesignDoc = {
  readonly _id: string;
  readonly language: 'javascript';
  readonly validate_doc_update: string;
};

/**
 * validate_doc_update for one collection's database (shared or private). CouchDB wants one
 * function expression; the bundle is declared inside it. A refusal throws `{ forbidden }`, which
 * CouchDB answers with 403 and the reason, and the app shows on the rejected document.
 */
export const validationDesignDoc = (collection: string, bundle: string): DesignDoc => ({
  _id: DESIGN_DOC_ID,
  language: 'javascript',
  validate_doc_update: [
    'function (newDoc, oldDoc, userCtx, secObj) {',
    bundle,
    `var reason = ${BUNDLE_GLOBAL}.validateWrite(${JSON.stringify(collection)}, newDoc, oldDoc, userCtx, secObj);`,
    'if (reason !== null) { throw({ forbidden: reason }); }',
    '}',
  ].join('\n'),
});
