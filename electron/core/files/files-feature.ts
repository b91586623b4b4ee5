import { join } from 'node:path';
import {
  EMPTY,
  Subscription,
  combineLatest,
  concatMap,
  distinctUntilChanged,
  from,
  map,
  of,
  switchMap,
} from 'rxjs';
import { HostFailure, fileLimits } from '../../../shared/contract';
import type { FileUploadRow } from '../../../shared/contract';
import { hexOfRef } from '../../../shared/domain/files';
import { databaseOf, fileSourcesFor, uploadScopeOf } from '../../../shared/sync/layout';
import type { Feature } from '../host/registry';
import type { SignedIn } from '../session/session-manager';
import { requireWorkspace } from '../workspace';
import type { FeatureDeps } from '../workspace';
import { contentMatches, createFileStore } from './file-store';
import { fetchFile } from './file-transfer';
import { filesToPrefetch, prefetch } from './prefetch';
import { createUploadQueue, keyOf } from './upload-queue';
import type { UploadQueue } from './upload-queue';

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** How long to wait before trying the upload queue again after the server did not answer. */
export const UPLOAD_RETRY_MS = 10_000;
/** Tries of one database when the bytes that come are not the file (cut short, corrupted). */
const FETCH_TRIES = 3;

export interface Files {
  readonly features: Feature[];
  readonly queue: UploadQueue;
  close(): void;
}

/**
 * Files on this machine and their way to and from the server (docs/FILES.md): an upload is kept
 * here at once and queued for the database its document lives in; the queue is sent whenever the
 * server is reachable; a file this machine lacks is fetched when a screen asks for it, checked
 * against its hash, and kept.
 */
export const createFiles = (deps: FeatureDeps): Files => {
  const directory = join(deps.dataDir, 'files');
  const store = createFileStore(directory);
  const queue = createUploadQueue({
    directory: join(directory, 'outbox'),
    store,
    logger: deps.logger,
  });

  let retry: ReturnType<typeof setTimeout> | undefined;
  const kick = (signedIn: SignedIn | undefined = deps.sessions.current()) => {
    clearTimeout(retry);
    if (!signedIn) return;
    queue
      .drain(signedIn.server, { serverUrl: signedIn.serverUrl, name: signedIn.user.name })
      .then((done) => {
        if (!done && deps.sessions.current() === signedIn) {
          retry = setTimeout(() => {
            kick(signedIn);
          }, UPLOAD_RETRY_MS);
          retry.unref();
        }
      })
      .catch((error: unknown) => {
        deps.logger.error('files: the upload queue failed', error);
      });
  };
  // Whenever the server answers (at sign-in, when it comes back, after a restart): the person
  // signed in, else undefined.
  const reachable$ = deps.sessions.current$.pipe(
    switchMap((signedIn) =>
      signedIn
        ? signedIn.engine.status$.pipe(
            map((status) =>
              status.state === 'idle' || status.state === 'syncing' ? signedIn : undefined,
            ),
            distinctUntilChanged(),
          )
        : of(undefined),
    ),
  );
  const subscription = new Subscription();
  subscription.add(
    reachable$.subscribe((reachable) => {
      if (reachable) kick(reachable);
    }),
  );
  // Fetched ahead, while the server answers: what the person is likely to open offline.
  subscription.add(
    reachable$
      .pipe(
        switchMap((reachable) => (reachable ? filesToPrefetch(reachable.database) : EMPTY)),
        concatMap((refs) =>
          from(
            prefetch(
              refs,
              (ref) => store.has(ref),
              (ref) => download(ref).catch(() => undefined),
            ).catch((error: unknown) => {
              deps.logger.warn('files: fetching ahead failed', error);
              return 0;
            }),
          ),
        ),
      )
      .subscribe(),
  );

  const download = async (ref: string) => {
    const signedIn = deps.sessions.current();
    const hex = hexOfRef(ref);
    if (!signedIn || hex === undefined) return undefined;
    for (const scope of fileSourcesFor(signedIn.user)) {
      for (let attempt = 0; attempt < FETCH_TRIES; attempt += 1) {
        const outcome = await fetchFile(signedIn.server, databaseOf(scope), hex);
        if (outcome.kind === 'missing') break;
        if (outcome.kind === 'fetched') {
          // The name is the document's (the reference carries it); the type, the server's.
          await store.put(outcome.bytes, 'file', outcome.mimeType);
          return store.get(ref);
        }
        deps.logger.warn(`files: ${ref} came corrupted from ${databaseOf(scope)}; asked again`);
      }
    }
    return undefined;
  };

  const features: Feature[] = [
    {
      name: 'files',
      commands: {
        'files.upload': async ({ purpose, name, mimeType, dataBase64 }) => {
          const workspace = requireWorkspace(deps);
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
          const stored = await store.put(bytes, name, mimeType);
          await queue.add({
            ref: stored.ref,
            database: databaseOf(uploadScopeOf(purpose, workspace.actor.id)),
            serverUrl: workspace.serverUrl,
            createdBy: workspace.actor.id,
            name,
            mimeType,
            size: stored.size,
            queuedAt: workspace.now(),
          });
          kick();
          return stored;
        },
        'files.read': async ({ ref }) => {
          requireWorkspace(deps);
          const file = (await store.get(ref)) ?? (await download(ref).catch(() => undefined));
          if (!file) {
            throw new HostFailure(
              'not_found',
              deps.sessions.current()?.offline === false
                ? 'This file is not on this machine, and the server does not have it yet (or not for you).'
                : 'This file is not on this machine yet: it comes from the server when you are online.',
            );
          }
          const { bytes, ...meta } = file;
          return { ...meta, dataBase64: bytes.toString('base64') };
        },
      },
      liveQueries: {
        'files.outbox': () =>
          combineLatest([deps.sessions.current$, queue.entries$, queue.progress$]).pipe(
            map(([signedIn, entries, progress]) =>
              signedIn
                ? entries
                    .filter(
                      (entry) =>
                        entry.serverUrl === signedIn.serverUrl &&
                        entry.createdBy === signedIn.user.name,
                    )
                    .map((entry): FileUploadRow => {
                      const sent = progress.get(keyOf(entry));
                      return {
                        ref: entry.ref,
                        name: entry.name,
                        size: entry.size,
                        state:
                          entry.refused !== undefined
                            ? 'refused'
                            : sent === undefined
                              ? 'waiting'
                              : 'sending',
                        reason: entry.refused ?? null,
                        progress: entry.refused === undefined ? (sent ?? null) : null,
                      };
                    })
                : [],
            ),
          ),
      },
    },
  ];

  return {
    features,
    queue,
    close: () => {
      clearTimeout(retry);
      subscription.unsubscribe();
    },
  };
};
