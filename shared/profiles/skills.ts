/**
 * Vendor skills to standards through a program's crosswalk, counting the
 * skills it does not map so a run can list them instead of losing them.
 */
import { skillKey, type Crosswalk } from '../crosswalks/schema.js';

export interface SkillLookup {
  /** Standards of a vendorSkill cell; several skills in one cell are unioned. */
  (vendorSkill: string): string[];
  /** Vendor skills (as written) that the crosswalk does not map, with row counts. */
  readonly unmapped: ReadonlyMap<string, number>;
}

export function createSkillLookup(
  crosswalk: Crosswalk | undefined,
  separator: string | undefined,
): SkillLookup {
  const standardsBySkill = new Map(
    (crosswalk?.mappings ?? []).map((m) => [skillKey(m.vendorSkill), m.standards]),
  );
  const unmapped = new Map<string, number>();

  const one = (skill: string): readonly string[] => {
    const standards = standardsBySkill.get(skillKey(skill));
    if (standards) return standards;
    unmapped.set(skill, (unmapped.get(skill) ?? 0) + 1);
    return [];
  };

  const lookup = (vendorSkill: string): string[] => {
    if (separator === undefined || !vendorSkill.includes(separator)) {
      return [...one(vendorSkill)];
    }
    const union = new Set<string>();
    for (const part of vendorSkill.split(separator)) {
      const skill = part.trim();
      if (skill !== '') for (const code of one(skill)) union.add(code);
    }
    return [...union];
  };

  return Object.assign(lookup, { unmapped: unmapped as ReadonlyMap<string, number> });
}
