import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts', '**/*.test.tsx'],
    exclude: ['node_modules/**', 'out/**', 'dist/**', 'tests/e2e/**'],
    // RxDB's test-utils expect vitest globals and a fresh process per file.
    globals: true,
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
