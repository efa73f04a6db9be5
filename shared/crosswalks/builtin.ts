/**
 * Crosswalks shipped with Lablink, one JSON file each under `builtin/`, and
 * the district's own (shared/config/district-files.ts). Either must match the
 * catalog exactly: an unknown code is a bug in the file, so loading fails
 * rather than dropping evidence.
 */
import { districtFiles, type DistrictFiles } from '../config/district-files.js';
import { BUILTIN_CROSSWALK_FILES } from './builtin/index.js';
import { NotFoundError } from '../errors.js';
import { configError } from '../profiles/config-issues.js';
import { loadCatalog } from '../standards/catalog.js';
import { parseCrosswalk, type Crosswalk } from './schema.js';
import { validateCrosswalk } from './validate.js';

/** Note: bundlers must copy this folder next to the bundle. */

const CROSSWALK_ID = /^[a-z0-9][a-z0-9-]*$/;
const cache = new Map<string, Crosswalk>();
const districtCache = new WeakMap<DistrictFiles, Map<string, Crosswalk>>();

/** The builtin crosswalk `id`, codes normalized; NotFoundError lists the ones that exist. */
export function loadBuiltinCrosswalk(id: string): Crosswalk {
  const cached = cache.get(id);
  if (cached) return cached;
  const known = listBuiltinCrosswalks();
  if (!CROSSWALK_ID.test(id) || !known.includes(id)) {
    throw new NotFoundError(
      `unknown crosswalk "${id}"; builtin crosswalks are ${known.join(', ')}`,
      {
        crosswalkId: id,
      },
    );
  }
  const crosswalk = checkedCrosswalk(
    BUILTIN_CROSSWALK_FILES[id],
    `crosswalks/builtin/${id}.json`,
  );
  cache.set(id, crosswalk);
  return crosswalk;
}

/**
 * A crosswalk file validated by the schema and against the catalog, codes
 * normalized; ConfigError names the file, each JSON path and the fix.
 */
export function checkedCrosswalk(json: unknown, fileName: string): Crosswalk {
  const parsed = parseCrosswalk(json, fileName);
  const { crosswalk, issues } = validateCrosswalk(parsed, loadCatalog());
  if (issues.length > 0) {
    throw configError(
      fileName,
      issues.map((i) => ({
        path: i.path,
        message: `${i.code}: ${i.reason}`,
        fix: 'use a code of the catalog',
      })),
    );
  }
  return crosswalk;
}

/** Ids of the builtin crosswalks. */
export function listBuiltinCrosswalks(): string[] {
  return Object.keys(BUILTIN_CROSSWALK_FILES).sort();
}

function districtCrosswalks(): Map<string, Crosswalk> {
  const files = districtFiles();
  let crosswalks = districtCache.get(files);
  if (!crosswalks) {
    crosswalks = new Map();
    for (const entry of files.crosswalks) {
      crosswalks.set(entry.id, checkedCrosswalk(entry.crosswalk, entry.file));
    }
    districtCache.set(files, crosswalks);
  }
  return crosswalks;
}

/**
 * A crosswalk by id: the district's own (from its configuration) or a
 * builtin one. NotFoundError lists every id that exists.
 */
export function loadCrosswalk(id: string): Crosswalk {
  const own = districtCrosswalks().get(id);
  if (own) return own;
  if (listBuiltinCrosswalks().includes(id)) return loadBuiltinCrosswalk(id);
  throw new NotFoundError(
    `unknown crosswalk "${id}"; known crosswalks are ${listCrosswalks().join(', ')}`,
    { crosswalkId: id },
  );
}

/** Ids of every crosswalk this deployment knows, the district's and the builtin ones. */
export function listCrosswalks(): string[] {
  return [...districtCrosswalks().keys(), ...listBuiltinCrosswalks()].sort();
}
