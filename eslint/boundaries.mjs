// The layer rules of DESIGN §3, as ESLint config. Kept apart from eslint.config.mjs so that a test
// can lint a violating file with exactly these rules (tests/lint/boundaries.test.ts).
import { builtinModules } from 'node:module';

// Bare built-in names ('fs') are listed exactly; 'node:*' is matched as a pattern.
const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'));
const nodePattern = 'node:*';

const restrict = (message, paths, patterns) => ({
  'no-restricted-imports': [
    'error',
    { paths: paths.map((name) => ({ name, message })), patterns: [{ group: patterns, message }] },
  ],
});

/** The places in the core that may build React elements: the PDF documents of reports and certificates. */
const PDF_DOCUMENTS = [
  'electron/core/reports/pdf/**/*.ts',
  'electron/core/certificates/pdf/**/*.ts',
];

/** @type {import('eslint').Linter.Config[]} */
export const boundaries = [
  {
    files: ['shared/**/*.{ts,tsx}'],
    ignores: ['shared/**/*.test.ts'],
    rules: restrict(
      'shared/ is pure: no Electron, Node, DOM framework or other layer (DESIGN §3 rule 1).',
      ['electron', 'react', 'react-dom', ...nodeBuiltins],
      ['**/electron/**', '**/renderer/**', '**/server/**', 'electron/*', 'react/*', nodePattern],
    ),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: restrict(
      'The renderer talks to the host only through the contract client (DESIGN §3 rule 2).',
      ['electron', 'better-sqlite3', 'rxdb', 'ws', ...nodeBuiltins],
      ['**/electron/**', '**/server/**', 'electron/*', 'rxdb/*', nodePattern],
    ),
  },
  {
    files: ['electron/core/**/*.ts'],
    ignores: PDF_DOCUMENTS,
    rules: restrict(
      'electron/core is plain Node: it never imports Electron or the main process (DESIGN §3 rule 5).',
      ['electron', 'react', 'react-dom'],
      ['**/main/**', '**/preload/**', '**/renderer/**', 'electron/*'],
    ),
  },
  {
    // The core renders PDFs (DESIGN §3) with @react-pdf/renderer, whose documents are React
    // elements: these folders may import 'react' to build them. Still no DOM, no Electron.
    files: PDF_DOCUMENTS,
    rules: restrict(
      'electron/core/{reports,certificates}/pdf build PDF documents: React elements, but no DOM and no Electron.',
      ['electron', 'react-dom'],
      ['**/main/**', '**/preload/**', '**/renderer/**', 'electron/*', 'react-dom/*'],
    ),
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: restrict(
      'The preload exposes the contract client and nothing else.',
      ['better-sqlite3', 'rxdb', 'ws', 'react', ...nodeBuiltins],
      ['**/core/**', '**/main/**', '**/renderer/**', '**/server/**', nodePattern],
    ),
  },
  {
    files: ['server/**/*.ts'],
    rules: restrict(
      'server/ is the sync side: no Electron, renderer or app core.',
      ['electron', 'react', 'react-dom'],
      ['**/electron/**', '**/renderer/**', 'electron/*'],
    ),
  },
];
