/**
 * The district's own profiles and crosswalks as the functions receive them:
 * one JSON document, validated when the configuration is checked (CDK synth,
 * `lablink config check`, the local stack's start), with every `extends`
 * already resolved. The CDK stack copies it into each function's bundle and
 * the local stack writes it under its home; either way the functions read it
 * from the path in `LABLINK_DISTRICT_FILES`, once per process. Not through
 * environment variables themselves: Lambda allows 4 KB of them per function,
 * and one crosswalk is larger than that.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../errors.js';

/** The variable naming the document's path; unset means builtin files only. */
export const DISTRICT_FILES_ENV = 'LABLINK_DISTRICT_FILES';

/** Its name next to each function's bundle (and under the local stack's home). */
export const DISTRICT_FILES_NAME = 'district-files.json';

export const DistrictProfileEntry = z.strictObject({
  id: z.string().min(1),
  /** The district's file it came from, as the configuration names it. */
  file: z.string().min(1),
  /** The profile it extends, when it is a variant of another one. */
  extends: z.string().min(1).optional(),
  /** The profile as the schema reads it: overrides merged onto the base. */
  profile: z.unknown(),
});
export type DistrictProfileEntry = z.infer<typeof DistrictProfileEntry>;

export const DistrictCrosswalkEntry = z.strictObject({
  id: z.string().min(1),
  file: z.string().min(1),
  crosswalk: z.unknown(),
});
export type DistrictCrosswalkEntry = z.infer<typeof DistrictCrosswalkEntry>;

export const DistrictFiles = z.strictObject({
  version: z.literal(1),
  profiles: z.array(DistrictProfileEntry),
  crosswalks: z.array(DistrictCrosswalkEntry),
});
export type DistrictFiles = z.infer<typeof DistrictFiles>;

export const EMPTY_DISTRICT_FILES: DistrictFiles = {
  version: 1,
  profiles: [],
  crosswalks: [],
};

let cached: { path: string | undefined; files: DistrictFiles } | undefined;

/**
 * The document named by `LABLINK_DISTRICT_FILES`, read once per process (a
 * changed path is read again, which tests use). A missing or broken document
 * is a deployment fault, so it throws rather than falling back to builtin
 * files: evidence mapped without the district's crosswalk would look right
 * and be wrong.
 */
export function districtFiles(): DistrictFiles {
  const path = process.env[DISTRICT_FILES_ENV] || undefined;
  if (cached && cached.path === path) return cached.files;
  let files = EMPTY_DISTRICT_FILES;
  if (path) {
    try {
      files = DistrictFiles.parse(JSON.parse(readFileSync(path, 'utf8')));
    } catch (error) {
      throw new ConfigError(
        `${path}: cannot read the district's profiles and crosswalks ` +
          `(${(error as Error).message}); deploy again from a configuration that ` +
          '`lablink config check` accepts',
        { file: path },
        { cause: error },
      );
    }
  }
  cached = { path, files };
  return files;
}
