/**
 * A OneRoster bundle as a set of named files, from a folder or a zip. File
 * names match case-insensitively and by base name, so `userprofiles.csv`
 * and a zip with everything under one folder both work.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import yauzl from 'yauzl';
import { OneRosterBundleError } from './errors.js';

/** Guards memory against a zip bomb; a district roster is far smaller. */
export const MAX_BUNDLE_FILE_BYTES = 512 * 1024 * 1024;

export interface Bundle {
  /** What the bundle was read from, for errors and the run record. */
  name: string;
  files: Map<string, Buffer>;
}

/** The bytes of `<name>.csv`, or undefined when the bundle has no such file. */
export function bundleFile(bundle: Bundle, name: string): Buffer | undefined {
  return bundle.files.get(`${name.toLowerCase()}.csv`);
}

export async function readBundleFolder(dir: string): Promise<Bundle> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isFile() && entry.name.toLowerCase().endsWith('.csv')) {
      files.set(entry.name.toLowerCase(), await readFile(join(dir, entry.name)));
    }
  }
  return { name: basename(dir), files };
}

function openZip(bytes: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, zip) =>
      error ? reject(error) : resolve(zip),
    ),
  );
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, (error, stream) => {
      if (error) return reject(error);
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', reject);
      stream.on('end', () => resolve(Buffer.concat(chunks)));
    }),
  );
}

export async function readBundleZip(name: string, bytes: Buffer): Promise<Bundle> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(bytes);
  } catch (error) {
    throw new OneRosterBundleError({
      file: name,
      message: `not a readable zip (${(error as Error).message})`,
      fix: 'upload the OneRoster CSV files zipped together with manifest.csv',
    });
  }
  const files = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', resolve);
    zip.on('entry', (entry: yauzl.Entry) => {
      const file = basename(entry.fileName).toLowerCase();
      const skip =
        entry.fileName.endsWith('/') ||
        !file.endsWith('.csv') ||
        entry.fileName.includes('__MACOSX');
      if (skip) return zip.readEntry();
      if (entry.uncompressedSize > MAX_BUNDLE_FILE_BYTES) {
        return reject(
          new OneRosterBundleError({
            file: entry.fileName,
            message: `larger than ${MAX_BUNDLE_FILE_BYTES} bytes uncompressed`,
            fix: 'split the export or contact Lablink support',
          }),
        );
      }
      readEntry(zip, entry).then((b) => {
        files.set(file, b);
        zip.readEntry();
      }, reject);
    });
    zip.readEntry();
  });
  zip.close();
  return { name, files };
}
