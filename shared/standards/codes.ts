/**
 * Standard codes as people write them (`CCSS.Math.Content.3.NF.A.1`,
 * `3.nf.a.1`, `3.NF.A.3a`) to the catalog's short code. A code the catalog
 * does not know is reported, never guessed.
 */
import type { Standard } from '../model.js';
import { loadCatalog } from './catalog.js';

export type StandardCodeResult =
  | { ok: true; code: string; standard: Standard }
  | {
      ok: false;
      input: string;
      reason: string;
      /** A catalog code the input probably means, for the person to confirm. */
      suggestion?: string;
    };

interface CodeIndex {
  byUpper: Map<string, Standard>;
  /** `3.NF.1` (the pre-2013 form without the cluster letter) to `3.NF.A.1`. */
  byClusterless: Map<string, string>;
  /** Leading segments that only name a framework or section. */
  prefixWords: Set<string>;
}

const indexes = new WeakMap<readonly Standard[], CodeIndex>();

function indexOf(catalog: readonly Standard[]): CodeIndex {
  let index = indexes.get(catalog);
  if (index) return index;
  index = {
    byUpper: new Map(),
    byClusterless: new Map(),
    prefixWords: new Set(['CONTENT', 'PRACTICE']),
  };
  for (const standard of catalog) {
    index.byUpper.set(standard.code.toUpperCase(), standard);
    for (const word of standard.framework.toUpperCase().split('.'))
      index.prefixWords.add(word);
    const segments = standard.code.split('.');
    if (standard.kind === 'standard' && segments.length === 4) {
      const [grade, domain, , number] = segments;
      index.byClusterless.set(
        `${grade}.${domain}.${number}`.toUpperCase(),
        standard.code,
      );
    }
  }
  indexes.set(catalog, index);
  return index;
}

/**
 * The catalog's short code for `raw` (`CCSS.MATH.CONTENT.3.NF.A.1` becomes
 * `3.NF.A.1`, `CCSS.Math.Practice.MP1` becomes `MP1`), or why there is none.
 */
export function normalizeStandardCode(
  raw: string,
  catalog: readonly Standard[] = loadCatalog(),
): StandardCodeResult {
  const input = raw;
  const index = indexOf(catalog);
  const segments = raw.trim().toUpperCase().replace(/\s+/g, '').split('.');
  while (segments.length > 1 && index.prefixWords.has(segments[0]!)) segments.shift();
  const candidate = segments.join('.');
  if (candidate === '') return { ok: false, input, reason: 'empty code' };

  const exact = index.byUpper.get(candidate);
  if (exact) return { ok: true, code: exact.code, standard: exact };

  // Print editions write substandards as `3.NF.A.3a`; the catalog as `3.NF.A.3.A`.
  const lettered = /^(.*\.\d+)([A-Z])$/.exec(candidate);
  const substandard = lettered && index.byUpper.get(`${lettered[1]}.${lettered[2]}`);
  if (substandard) return { ok: true, code: substandard.code, standard: substandard };

  const suggestion = index.byClusterless.get(candidate);
  return suggestion
    ? {
        ok: false,
        input,
        reason: `not in the catalog; the cluster letter is missing (did you mean ${suggestion}?)`,
        suggestion,
      }
    : { ok: false, input, reason: 'not in the catalog' };
}
