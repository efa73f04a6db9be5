/**
 * Profiles shipped with Lablink, one JSON file each under `builtin/`: data a
 * district can copy and edit. They are imported (builtin/index.ts), so the
 * Lambda bundles carry them.
 */
import { NotFoundError } from '../errors.js';
import { BUILTIN_PROFILE_FILES } from './builtin/index.js';
import { parseProfile, type Profile } from './schema.js';

const PROFILE_ID = /^[a-z0-9][a-z0-9-]*$/;
const cache = new Map<string, Profile>();

/** The builtin profile `id`; NotFoundError lists the ones that exist. */
export function loadBuiltinProfile(id: string): Profile {
  const cached = cache.get(id);
  if (cached) return cached;
  const known = builtinIds();
  if (!PROFILE_ID.test(id) || !known.includes(id)) {
    throw new NotFoundError(
      `unknown profile "${id}"; builtin profiles are ${known.join(', ')}`,
      { profileId: id },
    );
  }
  const fileName = `profiles/builtin/${id}.json`;
  const profile = parseProfile(BUILTIN_PROFILE_FILES[id], fileName);
  if (profile.id !== id) {
    throw new NotFoundError(
      `${fileName}: id is "${profile.id}"; it must match the file name`,
      {
        profileId: id,
      },
    );
  }
  cache.set(id, profile);
  return profile;
}

/** Every builtin profile, by id. */
export function listBuiltinProfiles(): Pick<Profile, 'id' | 'vendor' | 'description'>[] {
  return builtinIds().map((id) => {
    const { vendor, description } = loadBuiltinProfile(id);
    return { id, vendor, description };
  });
}

function builtinIds(): string[] {
  return Object.keys(BUILTIN_PROFILE_FILES).sort();
}
