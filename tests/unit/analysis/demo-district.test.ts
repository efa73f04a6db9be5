/**
 * The alignment analysis on the demo district generator: a planted effect is
 * recovered, none is found where none was planted, and npm start's district
 * (one lesson per standard) is too thin to say anything.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyzeAlignment } from '../../../shared/analysis/index.js';
import {
  ANALYSIS_LESSONS_PER_STANDARD,
  demoFocusPlans,
  districtAlignment,
  DEMO_ZONE,
} from '../../../shared/analysis/demo-district.js';
import {
  buildDistrict,
  districtEvidence,
  parseScopeBlocks,
  type DemoNames,
  type DemoOptions,
} from '../../../shared/demo/index.js';

const names = JSON.parse(
  readFileSync(resolve('data/demo/district/names.json'), 'utf8'),
) as DemoNames;
const scope = parseScopeBlocks(
  readFileSync(resolve('data/demo/district/scope-and-sequence.csv'), 'utf8'),
);
const district = (more: Partial<DemoOptions>) =>
  buildDistrict({
    names,
    scope,
    students: 2000,
    lessonsPerStandard: ANALYSIS_LESSONS_PER_STANDARD,
    ...more,
  });
const round = (x: number | undefined) => Number((x as number).toFixed(3));
const figures = (r: ReturnType<typeof districtAlignment>) => ({
  episodes: [r.aligned.episodes, r.other.episodes],
  mastered: [r.aligned.mastered, r.other.mastered],
  opportunities: [
    round(r.aligned.meanOpportunitiesToMastery),
    round(r.other.meanOpportunitiesToMastery),
  ],
  effectSize: round(r.effectSize),
  interval: (r.interval as [number, number]).map(round),
});

describe('The alignment analysis on a generated district', () => {
  it('recovers a doubled learn rate of aligned practice: faster, interval above zero', () => {
    const report = districtAlignment(district({ alignedLearnMultiplier: 2 }));

    // 20,000 students of the same seed measure d = 0.228 (0.215 to 0.240).
    expect(figures(report)).toEqual({
      episodes: [4929, 5071],
      mastered: [4914, 4714],
      opportunities: [5.193, 5.652],
      effectSize: 0.221,
      interval: [0.181, 0.261],
    });
    expect([report.students, report.classes, report.excluded]).toEqual([
      2000,
      80,
      { withoutTime: 0, tooShort: 0 },
    ]);
    expect(report.summary).toMatch(
      /^Practice aligned with what the class was teaching reached mastery faster/,
    );
  });

  it('finds no effect where none was planted: the interval covers zero', () => {
    const report = districtAlignment(district({ alignedLearnMultiplier: 1 }));

    expect(figures(report)).toEqual({
      episodes: [4929, 5071],
      mastered: [4545, 4707],
      opportunities: [5.698, 5.68],
      effectSize: -0.007,
      interval: [-0.05, 0.029],
    });
    expect(report.summary).toMatch(
      /^No clear difference between aligned and other practice/,
    );
  });

  it("gives the report analyzeAlignment gives for the district's evidence and plans", () => {
    const small = district({ students: 300, alignedLearnMultiplier: 2 });
    const plans = demoFocusPlans(small);
    const classesOf = new Map(small.students.map((s) => [s.studentId, s.classIds]));
    const options = { from: '2025-09-02', to: '2025-12-12', zone: DEMO_ZONE };

    const streamed = districtAlignment(small, { bootstrapSamples: 200 });
    const whole = analyzeAlignment(
      [...districtEvidence(small)].flat(),
      (s) => (classesOf.get(s) ?? []).map((c) => plans.get(c)!),
      { ...options, bootstrapSamples: 200 },
    );

    expect(streamed).toEqual({ classes: 12, students: 300, ...whole });
  });

  it('reads one school when asked', () => {
    const small = district({ students: 600 });

    const report = districtAlignment(small, {
      schoolId: 'demo-school-2',
      bootstrapSamples: 0,
    });

    expect([report.schoolId, report.classes, report.students]).toEqual([
      'demo-school-2',
      4,
      100,
    ]);
  });

  it("sees nothing with npm start's one lesson per standard: episodes are too short", () => {
    const report = districtAlignment(
      district({ students: 902, lessonsPerStandard: 1, alignedLearnMultiplier: 2 }),
    );

    expect(report.excluded.tooShort).toBe(3608);
    expect([report.effectSize, report.interval]).toEqual([0, [0, 0]]);
  });
});
