import { join } from 'node:path';
import {
  EMPTY,
  Subscription,
  combineLatest,
  concatMap,
  distinctUntilChanged,
  exhaustMap,
  filter,
  from,
  map,
  merge,
  of,
  switchMap,
  throttleTime,
  timer,
} from 'rxjs';
import { HostFailure, fileLimits } from '../../../shared/contract';
import type { FilePurpose, FileUploadRow, StoredFile } from '../../../shared/contract';
import { FILES_QUOTA_BYTES } from '../../../shared/domain/file-refs';
import { cleanFileName, hexOfRef } from '../../../shared/domain/files';
import { logoBytesProblem } from '../../../shared/domain/organisation';
import { databaseOf, fileSourcesFor, uploadScopeOf } from '../../../shared/sync/layout';
import type { Feature } from '../host/registry';
import { localDatabaseName } from '../session/session-manager';
import type { SignedIn } from '../session/session-manager';
import { ensureCan, requireWorkspace } from '../workspace';
import type { FeatureDeps, Workspace } from '../workspace';
import { CACHE_GRACE_MS, collectCache, localDatabases, referencedIn } from './cache-collection';
import { attachmentOf, chatForAttachment, queueAttachments } from './chat-attachments';
import { contentMatches, createFileStore } from './file-store';
import type { FileStore } from './file-store';
import { usedBy } from './quota';
import { fetchFile, fetchFiles, sha256Hex } from './file-transfer';
import type { FetchOutcome } from './file-transfer';
import { filesToPrefetch, prefetch } from './prefetch';
import type { FileToFetch } from './prefetch';
import { createUploadQueue, isUploadOf, keyOf } from './upload-queue';
import type { UploadQueue } from './upload-queue';

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** How long to wait before trying the upload queue again after the server did not answer. */
export const UPLOAD_RETRY_MS = 10_000;
/** Tries of one database when the bytes that come are not the file (cut short, corrupted). */
const FETCH_TRIES = 3;
/** Files fetched ahead in one request (each at most 256 KB, prefetch.ts: some 8 MB base64). */
const FETCHED_TOGETHER_FILES = 25;
/** The local cache is collected at most this often (at sign-in, then after sync settles). */
export const CACHE_COLLECTION_EVERY_MS = 10 * 60_000;

/** A file to keep, as `files.upload` takes it (the bytes decoded). */
export interface Upload {
  readonly purpose: FilePurpose;
  readonly name: string;
  readonly mimeType: string;
  readonly bytes: Buffer;
  /** An attachment's chat. */
  readonly chatId?: string;
}

export interface Files {
  readonly features: Feature[];
  /** Checks, keeps and queues an upload (`files.upload` without the boundary). */
  readonly keepUpload: (workspace: Workspace, upload: Upload) => Promise<StoredFile>;
  /** This machine's copy of a file, or undefined when it is not here. */
  readonly localFile: FileStore['get'];
  readonly queue: UploadQueue;
  /** Chat messages' files, checked and queued for the chat's database as the message is sent. */
  readonly queueAttachments: (
    workspace: Workspace,
    chatId: string,
    files: readonly StoredFile[],
  ) => Promise<void>;
  /** Collects the local cache now, for the signed-in person (it also runs on its own). */
  collectCache(): Promise<readonly string[]>;
  close(): void;
}

/**
 * Files on this machine and their way to and from the server (docs/FILES.md): an upload is kept
 * here at once and queued for the database its document lives in; the queue is sent whenever the
 * server is reachable; a file this machine lacks is fetched when a screen asks for it, checked
 * against its hash, and kept.
 */
export const createFiles = (
  deps: FeatureDeps,
  options: { readonly quotaBytes?: number } = {},
): Files => {
  const quotaBytes = options.quotaBytes ?? FILES_QUOTA_BYTES;
  const directory = join(deps.dataDir, 'files');
  const store = createFileStore(directory);
  const queue = createUploadQueue({
    directory: join(directory, 'outbox'),
    store,
    logger: deps.logger,
  });

  const noRefusedFile = () =>
    new HostFailure('not_found', 'No file of yours the server refused has that reference.');
  let retry: ReturnType<typeof setTimeout> | undefined;
  /** Who is signed in while their server answers and sync is not paused (else undefined). */
  let reachableNow: SignedIn | undefined;
  // Files go out with the documents: not while sync is paused or the server does not answer
  // (reachable$ sends them when it does).
  const kick = (signedIn: SignedIn | undefined = reachableNow) => {
    clearTimeout(retry);
    if (!signedIn || signedIn !== reachableNow) return;
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
      reachableNow = reachable;
      if (reachable) kick(reachable);
    }),
  );
  // Fetched ahead, while the server answers: what the person is likely to open offline.
  subscription.add(
    reachable$
      .pipe(
        switchMap((reachable) =>
          reachable
            ? filesToPrefetch(reachable.database, reachable.user.name, deps.clock.now())
            : EMPTY,
        ),
        concatMap((files) =>
          from(
            prefetch(
              files,
              (ref) => store.has(ref),
              (file) => download(file.ref, file.chatId).catch(() => undefined),
              (files) => downloadTogether(files).catch(() => new Set<string>()),
            ).catch((error: unknown) => {
              deps.logger.warn('files: fetching ahead failed', error);
              return 0;
            }),
          ),
        ),
      )
      .subscribe(),
  );

  const collect = async (signedIn: SignedIn | undefined = deps.sessions.current()) => {
    const sweep = await collectCache({
      directory,
      queued: async () =>
        new Set((await queue.list()).flatMap((entry) => hexOfRef(entry.ref) ?? [])),
      ...(signedIn
        ? {
            current: {
              name: localDatabaseName(signedIn.serverUrl, signedIn.user.name),
              referenced: () => referencedIn(signedIn.database),
            },
          }
        : {}),
      databases: await localDatabases(deps.dataDir),
      now: deps.clock.now().getTime(),
      graceMs: CACHE_GRACE_MS,
    });
    if (sweep.skipped !== undefined)
      deps.logger.info(`files: the cache was left alone: ${sweep.skipped}`);
    if (sweep.removed.length > 0) {
      deps.logger.info(
        `files: ${sweep.removed.length} cached files nothing refers to were removed`,
      );
    }
    return sweep.removed;
  };
  // At sign-in, then whenever sync settles, at most every few minutes.
  subscription.add(
    deps.sessions.current$
      .pipe(
        switchMap((signedIn) =>
          signedIn
            ? merge(
                timer(5_000),
                signedIn.engine.status$.pipe(filter((status) => status.state === 'idle')),
              ).pipe(
                throttleTime(CACHE_COLLECTION_EVERY_MS, undefined, {
                  leading: true,
                  trailing: true,
                }),
                map(() => signedIn),
              )
            : EMPTY,
        ),
        exhaustMap((signedIn) =>
          from(
            collect(signedIn).catch((error: unknown) => {
              deps.logger.warn('files: collecting the cache failed', error);
            }),
          ),
        ),
      )
      .subscribe(),
  );

  /** `chatId`: a chat's attachment, fetched from that chat's database only. */
  const download = async (ref: string, chatId?: string) => {
    const signedIn = deps.sessions.current();
    const hex = hexOfRef(ref);
    if (!signedIn || hex === undefined) return undefined;
    for (const scope of fileSourcesFor(signedIn.user, chatId)) {
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

  /**
   * Small files fetched ahead several to a request, from each of their sources in turn (those of
   * one chat from its database only): the references of those kept here. One that came
   * corrupted, or from nowhere, is left for `download`, one at a time.
   */
  const downloadTogether = async (files: readonly FileToFetch[]): Promise<ReadonlySet<string>> => {
    const signedIn = deps.sessions.current();
    const kept = new Set<string>();
    if (!signedIn) return kept;
    const byChat = new Map<string | undefined, FileToFetch[]>();
    for (const file of files) byChat.set(file.chatId, [...(byChat.get(file.chatId) ?? []), file]);
    for (const [chatId, group] of byChat) {
      let left = group.flatMap((file) => hexOfRef(file.ref) ?? []);
      for (const scope of fileSourcesFor(signedIn.user, chatId)) {
        if (left.length === 0) break;
        const outcomes = new Map<string, FetchOutcome>();
        for (let start = 0; start < left.length; start += FETCHED_TOGETHER_FILES) {
          const part = left.slice(start, start + FETCHED_TOGETHER_FILES);
          for (const [hex, outcome] of await fetchFiles(signedIn.server, databaseOf(scope), part))
            outcomes.set(hex, outcome);
        }
        for (const [hex, outcome] of outcomes) {
          if (outcome.kind !== 'fetched') continue;
          await store.put(outcome.bytes, 'file', outcome.mimeType);
          kept.add(`sha256-${hex}`);
        }
        // Missing here: looked for in the next source. Corrupt: asked again alone, later.
        left = left.filter((hex) => outcomes.get(hex)?.kind === 'missing');
      }
    }
    return kept;
  };

  /**
   * An upload: checked (type, size, content, the person's quota), kept here at once, and queued
   * for the database its document lives in — except a chat's file, which leaves with its message.
   */
  const keepUpload = async (workspace: Workspace, upload: Upload): Promise<StoredFile> => {
    const { purpose, mimeType, bytes, chatId } = upload;
    if (purpose === 'attachment') {
      if (chatId === undefined) {
        throw new HostFailure('invalid_input', 'Say which chat the file is for.');
      }
      await chatForAttachment(workspace, chatId);
    }
    if (purpose === 'logo') {
      // The organisation's settings are admins' (shared/domain/organisation): so is their logo.
      ensureCan(workspace, 'organisation.settings');
      const problem = logoBytesProblem(bytes, mimeType);
      if (problem !== null) {
        throw new HostFailure('invalid_input', problem, [{ path: 'file', message: problem }]);
      }
    }
    // A name is never a path, nor text that reads backwards (shared/domain/files).
    const name = cleanFileName(upload.name);
    const limits = fileLimits[purpose];
    if (!limits.mimeTypes.includes(mimeType)) {
      throw new HostFailure('invalid_input', `Choose ${limits.what}.`, [
        { path: 'mimeType', message: `Choose ${limits.what}.` },
      ]);
    }
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
    // The server is the judge (docs/FILES.md "Quota"); this is the quick answer, offline too.
    const used = await usedBy(workspace.database, queue, {
      name: workspace.actor.id,
      serverUrl: workspace.serverUrl,
    });
    const hex = sha256Hex(bytes);
    const total = used.total + (used.hexes.has(hex) ? 0 : bytes.byteLength);
    if (total > quotaBytes) {
      throw new HostFailure(
        'invalid_input',
        `Your files would come to ${megabytes(total)}; each person may keep at most ${megabytes(quotaBytes)}. Replace or remove files your documents no longer need.`,
      );
    }
    const stored = await store.put(bytes, name, mimeType);
    // A chat's file leaves the machine with its message (chats.send queues it): one taken
    // off before sending never does.
    if (purpose === 'attachment') return stored;
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
  };

  const features: Feature[] = [
    {
      name: 'files',
      commands: {
        'files.upload': async ({ purpose, name, mimeType, dataBase64, chatId }) => {
          const workspace = requireWorkspace(deps);
          return keepUpload(workspace, {
            purpose,
            name,
            mimeType,
            bytes: Buffer.from(dataBase64, 'base64'),
            ...(chatId === undefined ? {} : { chatId }),
          });
        },
        'files.sendAgain': async ({ ref }) => {
          const workspace = requireWorkspace(deps);
          const who = { serverUrl: workspace.serverUrl, name: workspace.actor.id };
          if (!(await queue.sendAgain(ref, who))) throw noRefusedFile();
          kick();
          return null;
        },
        'files.dropUpload': async ({ ref }) => {
          const workspace = requireWorkspace(deps);
          const who = { serverUrl: workspace.serverUrl, name: workspace.actor.id };
          if (!(await queue.drop(ref, who))) throw noRefusedFile();
          return null;
        },
        'files.read': async ({ ref, messageId }) => {
          const workspace = requireWorkspace(deps);
          // A chat's file: for the chat's members, from the chat's database, named as it was sent.
          const attached =
            messageId === undefined ? undefined : await attachmentOf(workspace, messageId, ref);
          const file =
            (await store.get(ref)) ??
            (await download(ref, attached?.chatId).catch(() => undefined));
          if (!file) {
            throw new HostFailure(
              'not_found',
              deps.sessions.current()?.offline === false
                ? 'This file is not on this machine, and the server does not have it yet (or not for you).'
                : 'This file is not on this machine yet: it comes from the server when you are online.',
            );
          }
          const { bytes, ...meta } = file;
          return {
            ...meta,
            ...(attached ? { name: attached.file.name } : {}),
            dataBase64: bytes.toString('base64'),
          };
        },
      },
      liveQueries: {
        'files.outbox': () =>
          combineLatest([deps.sessions.current$, queue.entries$, queue.progress$]).pipe(
            map(([signedIn, entries, progress]) =>
              signedIn
                ? entries
                    .filter((entry) =>
                      isUploadOf(entry, {
                        serverUrl: signedIn.serverUrl,
                        name: signedIn.user.name,
                      }),
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
    keepUpload,
    localFile: (ref) => store.get(ref),
    queue,
    queueAttachments: (workspace, chatId, files) =>
      queueAttachments({ store, queue, kick: () => kick() }, workspace, chatId, files),
    collectCache: () => collect(),
    close: () => {
      clearTimeout(retry);
      subscription.unsubscribe();
    },
  };
};
