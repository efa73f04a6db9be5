/**
 * Real exports from ../shared/data/real mapped through builtin profiles, for
 * the real-layout suites: each file once per suite, with its outcome.
 */
import { createReadStream } from 'node:fs';
import { loadBuiltinCrosswalk } from '../../../shared/crosswalks/builtin.js';
import { loadBuiltinProfile } from '../../../shared/profiles/builtin.js';
import { createRowMapper, type MapResult } from '../../../shared/profiles/mapper.js';
import { readRecords } from '../../../shared/profiles/reader.js';
import type { Profile } from '../../../shared/profiles/schema.js';
import { BUILTIN_PROGRAMS } from '../../../shared/programs.js';
import { sharedPath } from '../../support/shared-folder.js';

export interface Outcome {
  results: MapResult[];
  unmapped: ReadonlyMap<string, number>;
}

const outcomes = new Map<string, Promise<Outcome>>();

/** Each file is mapped once per run of this suite: the KDD file has 10,000 rows. */
export function mapFile(profileId: string, file: string): Promise<Outcome> {
  const key = `${profileId}\u0000${file}`;
  let outcome = outcomes.get(key);
  if (!outcome) outcomes.set(key, (outcome = mapFileOnce(profileId, file)));
  return outcome;
}

/** `profile` stands for a district variant of the builtin profile `profileId`. */
export async function mapFileOnce(
  profileId: string,
  file: string,
  profile: Profile = loadBuiltinProfile(profileId),
): Promise<Outcome> {
  const program = BUILTIN_PROGRAMS.find((p) => p.profileId === profileId)!;
  const crosswalk = program.crosswalkId
    ? loadBuiltinCrosswalk(program.crosswalkId)
    : undefined;
  const map = createRowMapper(profile, crosswalk, {
    programId: program.programId,
    runId: 'run-1',
    sourceUri: `s3://drop/incoming/${program.programId}/file`,
    sourceIdentity: 'etag-1',
    timeZone: 'America/New_York',
  });
  const results: MapResult[] = [];
  const input = createReadStream(sharedPath('data/real', file));
  for await (const record of readRecords(profile, input, { fileName: file }))
    results.push(...map(record));
  return { results, unmapped: map.unmappedSkills };
}

export const evidenceOf = (o: Outcome) =>
  o.results.flatMap((r) => (r.kind === 'evidence' ? [r.evidence] : []));
export const rejectReasons = (o: Outcome) =>
  o.results.flatMap((r) =>
    r.kind === 'rejected' ? [`line ${r.line} ${r.field}: ${r.reason}`] : [],
  );

export const EDFI = 'edfi-earthmover-assessment-bundles';
export const SAMPLES = 'powerschool-etl-vendor-layouts/samples';
export const LESSONS = `${SAMPLES}/curriculum_associates__Iready_Lesson`;
export const FLUENCY = `${SAMPLES}/nwea__MAP_FLUENCY`;
export const AMATH = `${SAMPLES}/fastbridge__aMath`;
export const ISTATION = `${SAMPLES}/iStation__iStation`;
export const IXL = `${SAMPLES}/ixl__IXL`;
export const ALEKS = `${SAMPLES}/mcgraw_hill__aleks`;
export const EXACT_PATH = `${SAMPLES}/edmentum__EXACT_PATH`;
export const ACHIEVE = `${SAMPLES}/achieve3000__achieve3000`;
export const ACADIENCE = `${SAMPLES}/acadience__acadience_math`;
export const MCLASS = `${SAMPLES}/amplify__mclass`;
export const EASYCBM = `${SAMPLES}/riverside_insights__EASY_CBM`;
export const AIMSWEB = `${SAMPLES}/pearson__AIMSWEBPLUS`;
export const NOT_ISO =
  'is a d/m/y or m/d/y date, which dates.format (iso) does not allow';
