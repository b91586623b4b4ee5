import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** The global the bundle defines inside the design document's function. */
export const BUNDLE_GLOBAL = 'mmmRules';

/**
 * Bundles validateEntry.ts (shared/schema + shared/domain's checkWrite) into one self-contained
 * script, so validate_doc_update runs the same rules as the app (DESIGN §3 rule 6) instead of a
 * hand-copied version. ES2019 and no platform APIs: CouchDB 3's SpiderMonkey/QuickJS and
 * express-pouchdb's eval both run it.
 */
export const bundleValidation = async (): Promise<string> => {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./validateEntry.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: BUNDLE_GLOBAL,
    platform: 'neutral',
    target: 'es2019',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild produced no bundle for validate_doc_update.');
  return output.text.trim();
};
