/** Builders shared by the profile tests: inputs as streams, records collected. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import {
  createRowMapper,
  type MapperContext,
  type MapResult,
} from '../../../shared/profiles/mapper.js';
import {
  readRecords,
  type ReaderProfile,
  type VendorRecord,
} from '../../../shared/profiles/reader.js';
import { parseProfile, type Profile } from '../../../shared/profiles/schema.js';
import type { Crosswalk } from '../../../shared/crosswalks/schema.js';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const CASES_DIR = resolve(REPO_ROOT, '..', 'shared', 'cases', 'inputs');
export const REAL_DATA_DIR = resolve(REPO_ROOT, '..', 'shared', 'data', 'real');

/**
 * Whether a folder of shared test data is there. Outside CI a missing folder
 * skips its suite with a printed reason; under CI=true it fails the run.
 */
export function sharedDataAvailable(dir: string): boolean {
  if (existsSync(dir)) return true;
  if (process.env.CI === 'true') {
    throw new Error(
      `${dir} is missing; CI must have the shared data beside the checkout`,
    );
  }
  console.warn(`skipping: ${dir} is absent (it sits beside the checkout in CI)`);
  return false;
}

/** The bytes as a stream, cut into chunks of `chunkSize` bytes. */
export function streamOf(content: string | Buffer, chunkSize = 64 * 1024): Readable {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += chunkSize)
    chunks.push(bytes.subarray(at, at + chunkSize));
  return Readable.from(chunks);
}

export async function readAll(
  profile: ReaderProfile,
  content: string | Buffer | Readable,
  fileName = 'test.csv',
): Promise<VendorRecord[]> {
  const input = content instanceof Readable ? content : streamOf(content);
  const records: VendorRecord[] = [];
  for await (const record of readRecords(profile, input, { fileName }))
    records.push(record);
  return records;
}

export const CONTEXT: MapperContext = {
  programId: 'vendor-x',
  runId: 'run-1',
  sourceUri: 's3://drop/incoming/vendor-x/file.csv',
  sourceIdentity: 'etag-1',
  timeZone: 'America/New_York',
};

/** A profile from a partial JSON object, with an id and vendor filled in. */
export function profileOf(json: Record<string, unknown>): Profile {
  return parseProfile(
    { id: 'test-profile', vendor: 'Test', ...json },
    'profiles/test.json',
  );
}

export async function mapAll(
  profile: Profile,
  content: string | Buffer,
  options: { crosswalk?: Crosswalk; context?: Partial<MapperContext> } = {},
): Promise<MapResult[]> {
  const map = createRowMapper(profile, options.crosswalk, {
    ...CONTEXT,
    ...options.context,
  });
  return (await readAll(profile, content)).flatMap(map);
}

export function evidenceOf(results: MapResult[]) {
  return results.flatMap((r) => (r.kind === 'evidence' ? [r.evidence] : []));
}

export function rejectsOf(results: MapResult[]) {
  return results.flatMap((r) => (r.kind === 'rejected' ? [r] : []));
}
