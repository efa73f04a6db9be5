import {
  analyzeAlignment,
  simulateAlignment,
  type AlignmentReport,
} from '../../../shared/analysis/index.js';

function analyse(
  seed: number,
  students: number,
  multiplier: number,
  bootstrapSamples = 1000,
): AlignmentReport {
  const sim = simulateAlignment({ seed, students, alignedLearnMultiplier: multiplier });
  const plans = new Map(sim.focusPlans.map((p) => [p.classId, p]));
  const classOf = new Map(sim.enrollments.map((e) => [e.userId, e.classId]));
  return analyzeAlignment(sim.evidence, (s) => [plans.get(classOf.get(s) as string)!], {
    from: sim.from,
    to: sim.to,
    zone: 'UTC',
    bootstrapSamples,
  });
}

describe('The alignment analysis on simulated students', () => {
  // The planted effect in the analysis's own units: the same analysis on a
  // population 8 times the sample, where sampling error is small.
  const population = analyse(99, 2400, 2, 0);

  it('recovers a planted effect inside its 95% interval, which excludes zero', () => {
    const sample = analyse(7, 300, 2);
    const [lo, hi] = sample.interval as [number, number];

    expect(population.effectSize).toBeGreaterThan(0.15);
    expect(lo).toBeGreaterThan(0);
    expect(lo).toBeLessThanOrEqual(population.effectSize as number);
    expect(hi).toBeGreaterThanOrEqual(population.effectSize as number);
    expect(sample.summary).toMatch(
      /^Practice aligned with what the class was teaching reached mastery faster/,
    );
    expect(sample.aligned.meanOpportunitiesToMastery).toBeLessThan(
      sample.other.meanOpportunitiesToMastery as number,
    );
  });

  it('finds no effect where none was planted: the interval covers zero', () => {
    const sample = analyse(11, 300, 1);
    const [lo, hi] = sample.interval as [number, number];

    expect(lo).toBeLessThan(0);
    expect(hi).toBeGreaterThan(0);
    expect(sample.summary).toMatch(
      /^No clear difference between aligned and other practice/,
    );
  });

  it('gives the same interval for the same seed', () => {
    expect(analyse(7, 120, 2, 200)).toEqual(analyse(7, 120, 2, 200));
  });

  it('reports no effect below the minimum sample size', () => {
    const small = analyse(3, 12, 2);

    expect(small.effectSize).toBeUndefined();
    expect(small.summary).toMatch(/^Not enough evidence to compare/);
  });

  it('covers the planted effect in most of 10 seeded samples', () => {
    let covered = 0;
    for (let seed = 100; seed < 110; seed += 1) {
      const [lo, hi] = analyse(seed, 150, 2, 200).interval as [number, number];
      if (
        lo <= (population.effectSize as number) &&
        (population.effectSize as number) <= hi
      )
        covered += 1;
    }
    // A 95% interval misses about 1 in 20; 8 of 10 leaves room for chance.
    expect(covered).toBeGreaterThanOrEqual(8);
  });
});
