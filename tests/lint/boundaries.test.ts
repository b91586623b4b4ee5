// Proves the layer rules of DESIGN §3 bite: each violating file fails lint with exactly these rules.
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { boundaries } from '../../eslint/boundaries.mjs';

const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfigFile: true,
  overrideConfig: [
    { files: ['**/*.{ts,tsx}'], languageOptions: { parser: tseslint.parser } },
    ...boundaries,
  ],
});

const violations = async (filePath: string, code: string) => {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => message.ruleId);
};

describe('layer boundaries', () => {
  it.each([
    ['shared/domain/probe.ts', "import { app } from 'electron';"],
    ['shared/domain/probe.ts', "import { readFileSync } from 'node:fs';"],
    ['shared/domain/probe.ts', "import { readFileSync } from 'fs';"],
    ['shared/domain/probe.ts', "import { useState } from 'react';"],
    [
      'shared/domain/probe.ts',
      "import { createAppHost } from '../../electron/core/create-app-host';",
    ],
    ['shared/domain/probe.ts', "import { hostClient } from '../../renderer/src/host/host-client';"],
    ['shared/domain/probe.ts', "import { x } from '../../server/provision';"],
    ['electron/core/probe.ts', "import { app } from 'electron';"],
    ['electron/core/probe.ts', "import { registerHostIpc } from '../main/host-ipc';"],
    ['electron/core/probe.ts', "import { createElement } from 'react';"],
    ['electron/core/reports/pdf/probe.ts', "import { createRoot } from 'react-dom/client';"],
    ['electron/core/reports/pdf/probe.ts', "import { app } from 'electron';"],
    ['renderer/src/probe.tsx', "import { ipcRenderer } from 'electron';"],
    ['renderer/src/probe.tsx', "import { createHost } from '../../electron/core/host/host';"],
    ['renderer/src/probe.tsx', "import { createRxDatabase } from 'rxdb';"],
    ['renderer/src/probe.tsx', "import { x } from '../../server/provision';"],
    ['renderer/src/probe.tsx', "import { readFile } from 'node:fs/promises';"],
    ['electron/preload/probe.ts', "import { createHost } from '../core/host/host';"],
    ['server/probe.ts', "import { app } from 'electron';"],
  ])('%s may not %s', async (filePath, code) => {
    expect(await violations(filePath, code)).toEqual(['no-restricted-imports']);
  });

  it.each([
    [
      'shared/domain/probe.ts',
      "import { z } from 'zod';\nimport { ok } from '../contract/result';",
    ],
    [
      'electron/core/probe.ts',
      "import { readFile } from 'node:fs/promises';\nimport { ok } from '../../shared/contract';",
    ],
    [
      'electron/core/reports/pdf/probe.ts',
      "import { createElement } from 'react';\nimport { Page } from '@react-pdf/renderer';",
    ],
    [
      'renderer/src/probe.tsx',
      "import { Button } from '@mantine/core';\nimport { ok } from '../../shared/contract';",
    ],
    [
      'electron/main/probe.ts',
      "import { app } from 'electron';\nimport { createHost } from '../core/host/host';",
    ],
  ])('%s may use its own layer: %s', async (filePath, code) => {
    expect(await violations(filePath, code)).toEqual([]);
  });
});
