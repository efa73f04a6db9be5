/**
 * Profiles shipped with Lablink, one JSON file each under `builtin/`, read
 * from disk so a profile is data a district can copy and edit.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NotFoundError } from '../errors.js';
import { parseProfile, type Profile } from './schema.js';

/**
 * Note: bundlers must copy this folder next to the bundle (NodejsFunction
 * `commandHooks` or `nodeModules`); the files are not imported.
 */
export const BUILTIN_PROFILES_DIR = join(__dirname, 'builtin');

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
  const profile = parseProfile(
    readFileSync(join(BUILTIN_PROFILES_DIR, `${id}.json`), 'utf8'),
    fileName,
  );
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
  return readdirSync(BUILTIN_PROFILES_DIR)
    .filter((name) => name.endsWith('.json'))
    .map((name) => name.slice(0, -'.json'.length))
    .sort();
}
