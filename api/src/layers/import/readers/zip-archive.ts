import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import iconv from 'iconv-lite';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { formatBytes, invalidFile, unsafeArchive } from '../import-errors';
import { isUtf8 } from '../text-encoding';

export interface ArchiveLimits {
  maxEntries: number;
  /** Sum of the uncompressed sizes of all entries. */
  maxTotalBytes: number;
}

export interface ArchiveEntry {
  /** The path inside the archive, with forward slashes. */
  name: string;
  size: number;
}

/**
 * The entries of a zip archive, refusing archives that would escape their folder (zip slip:
 * "../" or absolute names) or expand beyond the limits (zip bombs), before anything is written.
 */
export async function listArchive(path: string, limits: ArchiveLimits): Promise<ArchiveEntry[]> {
  const out: ArchiveEntry[] = [];
  await walk(path, limits, async (entry, name) => {
    out.push({ name, size: entry.uncompressedSize });
  });
  return out;
}

/**
 * Extracts the named entries into `dir` (each directory of the archive becomes a numbered
 * folder, so equal file names cannot collide) and returns where each one went.
 */
export async function extractEntries(path: string, names: ReadonlySet<string>, dir: string, limits: ArchiveLimits): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const folders = new Map<string, string>();
  await walk(path, limits, async (entry, name, zip) => {
    if (!names.has(name)) return;
    const slash = name.lastIndexOf('/');
    const folderKey = name.slice(0, slash + 1);
    let folder = folders.get(folderKey);
    if (!folder) {
      folder = join(dir, String(folders.size));
      folders.set(folderKey, folder);
      await mkdir(folder, { recursive: true });
    }
    const target = join(folder, name.slice(slash + 1));
    const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
      zip.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s))),
    );
    try {
      await pipeline(stream, createWriteStream(target));
    } catch (err) {
      throw invalidFile(`the archive entry "${name}" cannot be extracted: ${(err as Error).message}`, { entry: name });
    }
    out.set(name, target);
  });
  return out;
}

async function walk(
  path: string,
  limits: ArchiveLimits,
  visit: (entry: Entry, name: string, zip: ZipFile) => Promise<void>,
): Promise<void> {
  const zip = await new Promise<ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: false }, (err, z) =>
      err ? reject(invalidFile(`the file is not a readable zip archive: ${err.message}`)) : resolve(z),
    ),
  );
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw unsafeArchive(`the archive has ${zip.entryCount} entries; at most ${limits.maxEntries} are accepted`, null);
    }
    let total = 0;
    await new Promise<void>((resolve, reject) => {
      zip.on('error', (err: Error) => reject(invalidFile(`the zip archive is damaged: ${err.message}`)));
      zip.on('end', () => resolve());
      zip.on('entry', (entry: Entry) => {
        const name = entryName(entry);
        const problem = unsafeName(name);
        if (problem) return reject(unsafeArchive(`the archive entry "${name}" ${problem}; nothing was extracted`, name));
        total += entry.uncompressedSize;
        if (total > limits.maxTotalBytes) {
          return reject(
            unsafeArchive(`the archive expands to more than ${formatBytes(limits.maxTotalBytes)} (at entry "${name}"); nothing was imported`, name),
          );
        }
        if (name.endsWith('/')) return zip.readEntry();
        visit(entry, name, zip).then(() => zip.readEntry(), reject);
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
}

/** Names are UTF-8 when flagged or valid as such; otherwise Japanese Windows wrote them in CP932. */
function entryName(entry: Entry): string {
  const raw = entry.fileName as unknown as Buffer;
  const utf8 = (entry.generalPurposeBitFlag & 0x800) !== 0 || isUtf8(raw, true);
  return (utf8 ? raw.toString('utf8') : iconv.decode(raw, 'cp932')).replace(/\\/g, '/');
}

export function unsafeName(name: string): string | null {
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'has an absolute path';
  if (name.split('/').includes('..')) return 'points outside the archive ("..")';
  if (name.includes('\u0000')) return 'has a NUL character in its name';
  return null;
}
