import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from './shared/csp';

/** Puts the app's CSP into the built page, so it holds wherever the page is loaded from. */
const contentSecurityPolicyMeta = (): Plugin => ({
  name: 'mmm-content-security-policy',
  apply: 'build',
  transformIndexHtml: () => [
    {
      tag: 'meta',
      attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
      injectTo: 'head-prepend',
    },
  ],
});

/**
 * Where the build goes: `out/` (what `npm start`, `npm run web` and the tests use). MMM_OUT_DIR
 * puts a build elsewhere, so several checkouts' builds on one machine do not overwrite each other.
 */
const outDir = process.env['MMM_OUT_DIR'] ?? 'out';

export default defineConfig({
  main: {
    build: {
      outDir: `${outDir}/main`,
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          // Browser mode: the same core in plain Node, built beside the Electron entry.
          'browser-mode': resolve(__dirname, 'electron/core/browser-mode/main.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: `${outDir}/preload`,
      // A sandboxed preload cannot require packages: bundle everything it uses.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        // Sandboxed preloads must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].js' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react(), contentSecurityPolicyMeta()],
    build: {
      outDir: resolve(__dirname, `${outDir}/renderer`),
      // electron-vite leaves the renderer unminified; minified, the first screen comes ~1/3 sooner.
      minify: true,
      rollupOptions: { input: resolve(__dirname, 'renderer/index.html') },
    },
  },
});
