import { join } from 'node:path';
import { HostFailure, fileLimits } from '../../../shared/contract';
import type { Feature } from '../host/registry';
import { requireWorkspace } from '../workspace';
import type { FeatureDeps } from '../workspace';
import { contentMatches, createFileStore } from './file-store';

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/**
 * Uploads and downloads of files on this machine. The bytes stay here: a file uploaded on another
 * machine shows as "not on this machine" (files do not sync yet; see docs/FILES.md).
 */
export const createFilesFeatures = (deps: FeatureDeps): Feature[] => {
  const store = createFileStore(join(deps.dataDir, 'files'));
  return [
    {
      name: 'files',
      commands: {
        'files.upload': async ({ purpose, name, mimeType, dataBase64 }) => {
          requireWorkspace(deps);
          const limits = fileLimits[purpose];
          if (!limits.mimeTypes.includes(mimeType)) {
            throw new HostFailure('invalid_input', `Choose ${limits.what}.`, [
              { path: 'mimeType', message: `Choose ${limits.what}.` },
            ]);
          }
          const bytes = Buffer.from(dataBase64, 'base64');
          if (bytes.byteLength === 0) {
            throw new HostFailure('invalid_input', 'The file is empty.');
          }
          if (bytes.byteLength > limits.maxBytes) {
            throw new HostFailure(
              'invalid_input',
              `The file is ${megabytes(bytes.byteLength)}; at most ${megabytes(limits.maxBytes)} is allowed.`,
            );
          }
          if (!contentMatches(bytes, mimeType)) {
            throw new HostFailure(
              'invalid_input',
              `The file’s content is not ${limits.what}, whatever its name says.`,
            );
          }
          return store.put(bytes, name, mimeType);
        },
        'files.read': async ({ ref }) => {
          requireWorkspace(deps);
          const file = await store.get(ref);
          if (!file) {
            throw new HostFailure(
              'not_found',
              'This file is not on this machine: it was attached on another one.',
            );
          }
          const { bytes, ...meta } = file;
          return { ...meta, dataBase64: bytes.toString('base64') };
        },
      },
    },
  ];
};
