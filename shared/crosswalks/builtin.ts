/**
 * Crosswalks shipped with Lablink, one JSON file each under `builtin/`. A
 * builtin must match the builtin catalog exactly: an unknown code is a bug
 * in the product, so loading fails rather than dropping evidence.
 */
import { BUILTIN_CROSSWALK_FILES } from './builtin/index.js';
import { NotFoundError } from '../errors.js';
import { configError } from '../profiles/config-issues.js';
import { loadCatalog } from '../standards/catalog.js';
import { parseCrosswalk, type Crosswalk } from './schema.js';
import { validateCrosswalk } from './validate.js';

/** Note: bundlers must copy this folder next to the bundle. */

const CROSSWALK_ID = /^[a-z0-9][a-z0-9-]*$/;
const cache = new Map<string, Crosswalk>();

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
  const fileName = `crosswalks/builtin/${id}.json`;
  const parsed = parseCrosswalk(BUILTIN_CROSSWALK_FILES[id], fileName);
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
  cache.set(id, crosswalk);
  return crosswalk;
}

/** Ids of the builtin crosswalks. */
export function listBuiltinCrosswalks(): string[] {
  return Object.keys(BUILTIN_CROSSWALK_FILES).sort();
}
