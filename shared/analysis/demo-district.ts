/**
 * The alignment analysis on a generated demo district: every class follows
 * the district's scope and sequence (its focus plan, as `npm start` imports
 * it), and each student's evidence is the shape ingestion gives their
 * programs' files (shared/demo/evidence.ts). Students are simulated and
 * traced one at a time, so a district of thousands never sits in memory.
 */
import type { FocusPlan } from '../focus/index.js';
import { districtEvidence, type DemoDistrict } from '../demo/index.js';
import {
  alignmentReport,
  episodesOf,
  type AlignmentOptions,
  type AlignmentReport,
  type Episode,
} from './alignment.js';

/** The zone the demo district's days are counted in (the stack's default). */
export const DEMO_ZONE = 'America/New_York';
/**
 * Lessons per standard the analysis needs: one every school day of the unit's
 * two-week block. Shorter units are cut off before many of the slower
 * learners reach mastery, and the analysis (opportunities to mastery among
 * the episodes that reached it) then sees aligned practice as slower: 6
 * lessons measure d = -0.11 for a doubled learn rate (docs/demo-district.md).
 */
export const ANALYSIS_LESSONS_PER_STANDARD = 10;
/** When the scope and sequence was imported: before the school year. */
const PLANS_UPDATED_AT = '2025-08-25T00:00:00.000Z';

export interface DistrictAlignmentOptions extends Partial<AlignmentOptions> {
  /** Only this school's students; the whole district when absent. */
  schoolId?: string;
}

export type DistrictAlignmentReport = AlignmentReport & {
  schoolId?: string;
  classes: number;
  students: number;
};

/** Every class's focus plan: the district's scope and sequence. */
export function demoFocusPlans(district: DemoDistrict): Map<string, FocusPlan> {
  const entries = district.scope.map((b) => ({
    standards: [b.standard],
    from: b.from,
    to: b.to,
    unit: b.unit,
  }));
  return new Map(
    district.classes.map((c) => [
      c.classId,
      { classId: c.classId, updatedAt: PLANS_UPDATED_AT, entries },
    ]),
  );
}

const byStudentThenStandard = (a: Episode, b: Episode) =>
  a.studentId < b.studentId
    ? -1
    : a.studentId > b.studentId
      ? 1
      : a.standard < b.standard
        ? -1
        : a.standard > b.standard
          ? 1
          : 0;

/**
 * The alignment report of a generated district over its scope and sequence
 * (or `from`/`to`): the same episodes and report `analyzeAlignment` gives
 * for the same evidence and plans.
 */
export function districtAlignment(
  district: DemoDistrict,
  options: DistrictAlignmentOptions = {},
): DistrictAlignmentReport {
  const { schoolId, ...rest } = options;
  const resolved: AlignmentOptions = {
    from: district.scope.reduce((d, b) => (b.from < d ? b.from : d), '9999-12-31'),
    to: district.scope.reduce((d, b) => (b.to > d ? b.to : d), '0000-01-01'),
    zone: DEMO_ZONE,
    ...rest,
  };
  const plans = demoFocusPlans(district);
  const inSchool = (classId: string) =>
    schoolId === undefined ||
    district.classes.some((c) => c.classId === classId && c.schoolId === schoolId);
  const classIds = new Set(
    district.classes.filter((c) => inSchool(c.classId)).map((c) => c.classId),
  );

  const episodes: Episode[] = [];
  const excluded = { withoutTime: 0, tooShort: 0 };
  let students = 0;
  let n = 0;
  for (const evidence of districtEvidence(district)) {
    const student = district.students[n] as DemoDistrict['students'][number];
    n += 1;
    const studentPlans = student.classIds
      .filter((c) => classIds.has(c))
      .map((c) => plans.get(c) as FocusPlan);
    if (studentPlans.length === 0) continue;
    students += 1;
    const traced = episodesOf(evidence, () => studentPlans, resolved);
    episodes.push(...traced.episodes);
    excluded.withoutTime += traced.excluded.withoutTime;
    excluded.tooShort += traced.excluded.tooShort;
  }
  episodes.sort(byStudentThenStandard);
  return {
    ...(schoolId === undefined ? {} : { schoolId }),
    classes: classIds.size,
    students,
    ...alignmentReport(episodes, excluded, resolved),
  };
}
