import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Where the core keeps secrets (the session cookie, the offline verifier): Electron's safeStorage in
 * the desktop app, a 0600 file in browser mode, memory in tests. Values are opaque strings.
 */
export interface SecretStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

export const createMemorySecretStore = (): SecretStore => {
  const values = new Map<string, string>();
  return {
    get: (key) => Promise.resolve(values.get(key)),
    set: (key, value) => {
      values.set(key, value);
      return Promise.resolve();
    },
    delete: (key) => {
      values.delete(key);
      return Promise.resolve();
    },
  };
};

/**
 * Secrets in one JSON file readable only by its owner (browser mode, where there is no OS
 * keychain). Writes go to a temporary file first so a crash never leaves half a file.
 */
export const createFileSecretStore = (file: string): SecretStore => {
  const readAll = async (): Promise<Record<string, string>> => {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new Error(`The secrets file ${file} is not a JSON object.`);
    }
    return Object.fromEntries(
      Object.entries(parsed).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      ),
    );
  };
  const writeAll = async (values: Record<string, string>) => {
    await mkdir(dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(values), { mode: 0o600 });
    await chmod(temporary, 0o600);
    await rename(temporary, file);
  };
  // One write at a time: two quick sets must not lose one another.
  let queue: Promise<unknown> = Promise.resolve();
  const serialised = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task, task);
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    get: async (key) => (await readAll())[key],
    set: (key, value) =>
      serialised(async () => {
        await writeAll({ ...(await readAll()), [key]: value });
      }),
    delete: (key) =>
      serialised(async () => {
        const values = await readAll();
        if (!(key in values)) return;
        const { [key]: _removed, ...rest } = values;
        if (Object.keys(rest).length === 0) await rm(file, { force: true });
        else await writeAll(rest);
      }),
  };
};

/**
 * A store whose values are encrypted before they reach `inner`: the desktop app passes Electron's
 * safeStorage (the OS keychain's key), so the file on disk is useless to anyone else.
 */
export const createEncryptedSecretStore = (
  inner: SecretStore,
  cipher: { encrypt(plain: string): Promise<string>; decrypt(sealed: string): Promise<string> },
): SecretStore => ({
  get: async (key) => {
    const sealed = await inner.get(key);
    return sealed === undefined ? undefined : cipher.decrypt(sealed);
  },
  set: async (key, value) => {
    await inner.set(key, await cipher.encrypt(value));
  },
  delete: (key) => inner.delete(key),
});
