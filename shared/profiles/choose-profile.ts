/**
 * Which program and profile read a dropped file. Under `incoming/<programId>/`
 * the program says it, and the header must match its profile; under
 * `incoming/` or `incoming/auto/` the header alone decides. Either way a
 * mismatch fails before any record is read, naming the closest profiles.
 */
import { InvalidInputError, NotFoundError } from '../errors.js';
import { findProgram, knownPrograms } from '../programs.js';
import { loadBuiltinProfile } from './builtin.js';
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
 * The program and profile of the file at `key`. `openHead` opens the object;
 * only its first line is read. Throws NotFoundError for an unknown program and
 * InvalidInputError for a header no profile (or not the program's) matches.
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
  const header = await readHeaderFields(await openHead(), key);

  if (program) {
    const ranked = detectProfile(header);
    const own = ranked.find((c) => c.profileId === program.profileId);
    if (own?.matches) {
      return {
        programId: program.programId,
        profileId: program.profileId,
        detected: false,
      };
    }
    const others = ranked.filter((c) => c.profileId !== program.profileId);
    const missing = (own?.missing ?? []).map((m) => `"${m}"`).join(', ');
    throw new InvalidInputError(
      `${key}: the header does not match profile ${program.profileId} of program ` +
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

  const best = pickProfile(header, key);
  const detectedProgram = knownPrograms().find((p) => p.profileId === best.profileId);
  if (!detectedProgram) {
    throw new NotFoundError(
      `${key}: the header matches profile ${best.profileId}, but no program reads it; ` +
        'add a program for it',
      { file: key, profileId: best.profileId },
    );
  }
  // Loading validates the profile now, so a broken one fails this run, not a later one.
  loadBuiltinProfile(best.profileId);
  return {
    programId: detectedProgram.programId,
    profileId: best.profileId,
    detected: true,
  };
}
