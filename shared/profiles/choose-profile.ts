/**
 * Which program and profile read a dropped file. Under `incoming/<programId>/`
 * the program says it, and the header must match its profile; under
 * `incoming/` or `incoming/auto/` the header alone decides. Either way a
 * mismatch stops the run before any record is read, naming the closest
 * profiles; the run is held until a profile matches.
 *
 * A program reads one layout, but a district may receive a variant of it
 * (an account set to day-first dates): a file under
 * `incoming/<programId>/<profileId>/` is read with `<profileId>` when that
 * profile extends the program's own. The evidence stays the program's, so
 * its mapping tables and crosswalk apply.
 */
import {
  InvalidInputError,
  NotFoundError,
  NotTextError,
  UnknownLayoutError,
} from '../errors.js';
import { findProgram, INCOMING_PREFIX, knownPrograms } from '../programs.js';
import type { Program } from '../model.js';
import { listProfiles, loadProfile, profileExtends } from './builtin.js';
import { notTextFile } from './decode.js';
import {
  describeCandidates,
  detectProfile,
  pickProfile,
  readHeaderFields,
} from './detect.js';

/** The program folder that asks for detection, like a key with no folder. */
export const AUTO_PROGRAM = 'auto';

export interface ProfileChoice {
  programId: string;
  profileId: string;
  /** True when the header chose the profile (no program in the key). */
  detected: boolean;
}

/**
 * The variant profile a key names: `incoming/<programId>/<profileId>/<file>`
 * where `<profileId>` extends the program's profile. Any other folder is
 * just part of the file's name.
 */
export function variantInKey(program: Program, key: string): string | undefined {
  const folders = key.slice(INCOMING_PREFIX.length).split('/');
  const folder = folders.length > 2 ? folders[1] : undefined;
  return folder && variantsOf(program.profileId).includes(folder) ? folder : undefined;
}

/** The profiles (the district's) that extend `profileId`: its variants. */
export function variantsOf(profileId: string): string[] {
  return listProfiles()
    .map((p) => p.id)
    .filter((id) => id !== profileId && profileExtends(id, profileId));
}

/**
 * The program and profile of the file at `key`. `openHead` opens the object;
 * only its first line is read. Throws NotFoundError for an unknown program,
 * NotTextError for a file that is not text (shared/profiles/decode.ts),
 * UnknownLayoutError for a header no profile (or not the program's) matches
 * and InvalidInputError for a header two profiles match equally well.
 */
export async function chooseProfile(
  programIdInKey: string | undefined,
  key: string,
  openHead: () => Promise<AsyncIterable<Buffer | string>>,
): Promise<ProfileChoice> {
  const program =
    programIdInKey === undefined || programIdInKey === AUTO_PROGRAM
      ? undefined
      : findProgram(programIdInKey);
  const header = await readHeaderFields(await openHead(), key).catch((error: unknown) => {
    // The header read decodes without the key; the run's reason must name the file.
    if (!(error instanceof NotTextError)) throw error;
    throw notTextFile(key, error.details.offset as number);
  });

  if (program) {
    const profileId = variantInKey(program, key) ?? program.profileId;
    const ranked = detectProfile(header);
    const own = ranked.find((c) => c.profileId === profileId);
    if (own?.matches) {
      return { programId: program.programId, profileId, detected: false };
    }
    const others = ranked.filter((c) => c.profileId !== profileId);
    const missing = (own?.missing ?? []).map((m) => `"${m}"`).join(', ');
    throw new UnknownLayoutError(
      `${key}: the header does not match profile ${profileId} of program ` +
        `${program.programId} (missing ${missing}); closest known profiles: ` +
        `${describeCandidates(others)}. Drop it under the matching program, or fix the export`,
      {
        file: key,
        programId: program.programId,
        expected: own,
        candidates: others.slice(0, 3),
      },
    );
  }

  // Only the profiles programs read are candidates: a variant has its base's
  // header, so it would tie with it (it is checked for below).
  const programs = knownPrograms();
  const candidates = [...new Set(programs.map((p) => p.profileId))].map(loadProfile);
  const best = pickProfile(header, key, candidates);
  const detectedProgram = programs.find((p) => p.profileId === best.profileId);
  if (!detectedProgram) {
    throw new NotFoundError(
      `${key}: the header matches profile ${best.profileId}, but no program reads it; ` +
        'add a program for it',
      { file: key, profileId: best.profileId },
    );
  }
  // A variant reads the same header differently (day-first dates): when the
  // district has one, the header cannot say which reading the file needs, and
  // the base's would misread a day-first file whose days are all 12 or less
  // without a single rejected row. The folder says it instead.
  const variants = variantsOf(best.profileId);
  if (variants.length > 0) {
    const base = `${INCOMING_PREFIX}${detectedProgram.programId}/`;
    throw new InvalidInputError(
      `${key}: the header is the layout of program ${detectedProgram.programId}, which this ` +
        `district also receives as ${variants.join(', ')} (read differently: its dates or ` +
        `scores); the header cannot tell which this file is. Drop it under ${base} for ` +
        `${best.profileId}, or under ${variants.map((v) => `${base}${v}/`).join(' or ')} ` +
        `(lablink ingest --program ${detectedProgram.programId} [--profile ${variants[0]}])`,
      { file: key, profileId: best.profileId, variants },
    );
  }
  return {
    programId: detectedProgram.programId,
    profileId: best.profileId,
    detected: true,
  };
}
