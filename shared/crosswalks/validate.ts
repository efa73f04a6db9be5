/**
 * Checks a crosswalk against the catalog. Codes are normalized to the
 * catalog's short form; a code the catalog lacks is reported with its JSON
 * path, so the run can list it instead of silently dropping the evidence.
 */
import type { Standard } from '../model.js';
import { formatPath } from '../profiles/config-issues.js';
import { normalizeStandardCode } from '../standards/codes.js';
import type { Crosswalk } from './schema.js';

export interface CrosswalkIssue {
  /** JSON path in the crosswalk file, e.g. `mappings[1].standards[0]`. */
  path: string;
  code: string;
  reason: string;
  suggestion?: string;
}

export interface CrosswalkValidation {
  /** The crosswalk with known codes normalized and unknown ones left out. */
  crosswalk: Crosswalk;
  issues: CrosswalkIssue[];
}

export function validateCrosswalk(
  crosswalk: Crosswalk,
  catalog: readonly Standard[],
): CrosswalkValidation {
  const issues: CrosswalkIssue[] = [];
  const mappings = crosswalk.mappings.map((mapping, m) => {
    const standards: string[] = [];
    mapping.standards.forEach((raw, s) => {
      const path = formatPath(['mappings', m, 'standards', s]);
      const result = normalizeStandardCode(raw, catalog);
      if (!result.ok) {
        issues.push({
          path,
          code: raw,
          reason: result.reason,
          suggestion: result.suggestion,
        });
      } else if (result.standard.framework !== crosswalk.framework.toUpperCase()) {
        issues.push({
          path,
          code: raw,
          reason: `belongs to ${result.standard.framework}, not ${crosswalk.framework}`,
        });
      } else if (!standards.includes(result.code)) {
        standards.push(result.code);
      }
    });
    return { ...mapping, standards };
  });
  return { crosswalk: { ...crosswalk, mappings }, issues };
}
