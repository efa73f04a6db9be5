/** The canonical fields a vendor column can be mapped to. */
export const CANONICAL_FIELDS = [
  'studentId',
  'itemId',
  'vendorSkill',
  /** A standard code given by the vendor itself (no crosswalk needed). */
  'standard',
  'score',
  'scoreMax',
  'status',
  'occurredAt',
  'sequence',
  'minutesOnTask',
  'classId',
  'schoolId',
  'teacherId',
] as const;
export type CanonicalField = (typeof CANONICAL_FIELDS)[number];

const CANONICAL_SET: ReadonlySet<string> = new Set(CANONICAL_FIELDS);

export const isCanonicalField = (name: string): name is CanonicalField =>
  CANONICAL_SET.has(name);
