// Files in a folder on this machine (the default, for `npm start` and a single process): a key is a
// path under the folder, the layout the shop always had (offers/, receipts/ under UPLOAD_DIR).
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { assertKey, type FileStore, StorageUnavailableError } from './store.ts';

const TEMP_SUFFIX = '.partial';

const missing = (error: unknown) => (error as { code?: string }).code === 'ENOENT';

export function localStore(root: string): FileStore {
  const location = path.resolve(root);
  const fileOf = (key: string) => {
    assertKey(key);
    return path.join(location, ...key.split('/'));
  };
  const fail = (action: string, key: string, error: unknown) =>
    new StorageUnavailableError(action, key, location, error);

  async function* walk(dir: string, prefix: string): AsyncGenerator<{ key: string; size: number }> {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (missing(error)) return;
      throw fail('list', prefix, error);
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const key = `${prefix}${entry.name}`;
      if (entry.isDirectory()) yield* walk(path.join(dir, entry.name), `${key}/`);
      else if (entry.isFile() && !entry.name.endsWith(TEMP_SUFFIX)) {
        yield { key, size: (await stat(path.join(dir, entry.name))).size };
      }
    }
  }

  return {
    location,
    async put(key, body) {
      const file = fileOf(key);
      // Written aside and renamed into place, so another process never reads a half-written file.
      const temp = `${file}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`;
      try {
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(temp, body, { flag: 'wx', mode: 0o600 });
        await rename(temp, file);
      } catch (error) {
        await rm(temp, { force: true }).catch(() => undefined);
        throw fail('write', key, error);
      }
    },
    async get(key) {
      const file = fileOf(key);
      try {
        const handle = await open(file, 'r');
        const { size } = await handle.stat();
        return { size, body: handle.createReadStream() };
      } catch (error) {
        if (missing(error)) return null;
        throw fail('read', key, error);
      }
    },
    async size(key) {
      try {
        return (await stat(fileOf(key))).size;
      } catch (error) {
        if (missing(error)) return null;
        throw fail('look up', key, error);
      }
    },
    async delete(key) {
      try {
        await rm(fileOf(key), { force: true });
      } catch (error) {
        throw fail('delete', key, error);
      }
    },
    list(prefix) {
      const folder = prefix.replace(/\/$/, '');
      if (folder) assertKey(folder);
      return walk(folder ? fileOf(folder) : location, folder ? `${folder}/` : '');
    },
  };
}
