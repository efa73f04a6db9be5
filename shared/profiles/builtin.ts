/**
 * Profiles shipped with Lablink, one JSON file each under `builtin/`: data a
 * district can copy and edit. They are imported (builtin/index.ts), so the
 * Lambda bundles carry them. A district adds its own through its
 * configuration (shared/config/district-files.ts); `loadProfile` finds both.
 */
import { districtFiles, type DistrictFiles } from '../config/district-files.js';
import { NotFoundError } from '../errors.js';
import { BUILTIN_PROFILE_FILES } from './builtin/index.js';
import { parseProfile, type Profile } from './schema.js';

const PROFILE_ID = /^[a-z0-9][a-z0-9-]*$/;
const cache = new Map<string, Profile>();
/** District profiles parsed once per document (tests swap documents). */
const districtCache = new WeakMap<DistrictFiles, Map<string, Profile>>();

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

/** The raw JSON of a builtin profile, for a district profile that extends it. */
export function builtinProfileSource(id: string): unknown {
  return BUILTIN_PROFILE_FILES[id];
}

function builtinIds(): string[] {
  return Object.keys(BUILTIN_PROFILE_FILES).sort();
}

function districtProfiles(): Map<string, Profile> {
  const files = districtFiles();
  let profiles = districtCache.get(files);
  if (!profiles) {
    profiles = new Map();
    for (const entry of files.profiles) {
      profiles.set(entry.id, parseProfile(entry.profile, entry.file));
    }
    districtCache.set(files, profiles);
  }
  return profiles;
}

/**
 * A profile by id: the district's own (from its configuration) or a builtin
 * one. NotFoundError lists every id that exists.
 */
export function loadProfile(id: string): Profile {
  const own = districtProfiles().get(id);
  if (own) return own;
  if (builtinIds().includes(id)) return loadBuiltinProfile(id);
  const known = [...districtProfiles().keys(), ...builtinIds()].sort();
  throw new NotFoundError(
    `unknown profile "${id}"; known profiles are ${known.join(', ')}`,
    {
      profileId: id,
    },
  );
}

/** Every profile this deployment knows, the district's and the builtin ones, by id. */
export function listProfiles(): Pick<Profile, 'id' | 'vendor' | 'description'>[] {
  const own = [...districtProfiles().values()].map(({ id, vendor, description }) => ({
    id,
    vendor,
    description,
  }));
  return [...own, ...listBuiltinProfiles()].sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * Whether profile `id` is `base` or extends it, directly or through other
 * district profiles: a variant of one layout (day-first dates, say) that a
 * program reads when a file is dropped under its folder.
 */
export function profileExtends(id: string, base: string): boolean {
  const parents = new Map(
    districtFiles().profiles.map((p) => [p.id, p.extends] as const),
  );
  const seen = new Set<string>();
  for (let at: string | undefined = id; at && !seen.has(at); at = parents.get(at)) {
    if (at === base) return true;
    seen.add(at);
  }
  return false;
}
