/**
 * The alignment report through the local stack on simulated students: their
 * evidence, rosters and focus plans stored as real ones are, and the planted
 * effect recovered by `GET /analysis/alignment`. Writing 12,800 simulated
 * evidence records to dynalite takes about 10 s on a quiet machine.
 */
import {
  analyzeAlignment,
  simulateAlignment,
  type AlignmentReport,
} from '../../shared/analysis/index.js';
import { startTestStack, type TestStack } from '../support/stack.js';

let t: TestStack;

beforeAll(async () => {
  t = await startTestStack();
});

afterAll(async () => {
  await t?.stack.stop();
});

describe('GET /analysis/alignment', () => {
  it('recovers the planted effect of simulated students inside its interval', async () => {
    const sim = simulateAlignment({ seed: 7, students: 160, alignedLearnMultiplier: 2 });
    await t.store.putEnrollments(sim.enrollments);
    await t.store.putEvidenceBatch(sim.evidence);
    const admin = await t.token({ role: 'district_admin', sub: 'sim-admin' });
    for (const plan of sim.focusPlans) {
      const res = await fetch(`${t.stack.urls.api}/classes/${plan.classId}/focus`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${admin}` },
        body: JSON.stringify({ entries: plan.entries }),
      });
      expect(res.status).toBe(200);
    }
    const big = simulateAlignment({
      seed: 99,
      students: 2400,
      alignedLearnMultiplier: 2,
    });
    const plans = new Map(big.focusPlans.map((p) => [p.classId, p]));
    const classOf = new Map(big.enrollments.map((e) => [e.userId, e.classId]));
    const population = analyzeAlignment(
      big.evidence,
      (s) => [plans.get(classOf.get(s) as string)!],
      {
        from: big.from,
        to: big.to,
        zone: 'UTC',
        bootstrapSamples: 0,
      },
    ).effectSize as number;

    const res = await t.get(
      `/analysis/alignment?school=sim-school&from=${sim.from}&to=${sim.to}`,
    );
    const report = res.body as AlignmentReport & { classes: number; students: number };

    expect(res.status).toBe(200);
    expect(report.classes).toBe(4);
    expect(report.students).toBe(160);
    expect(report.aligned.episodes + report.other.episodes).toBe(640);
    expect(report.interval?.[0]).toBeGreaterThan(0);
    expect(report.interval?.[0]).toBeLessThanOrEqual(population);
    expect(report.interval?.[1]).toBeGreaterThanOrEqual(population);
    expect(report.summary).toMatch(/reached mastery faster/);
  }, 180_000);

  it('answers 400 for a date that is not one', async () => {
    const res = await t.get(
      '/analysis/alignment?school=sim-school&from=2025-13-01&to=2025-03-01',
    );

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      error: 'invalid_request',
      details: [
        {
          field: 'from',
          message: 'not a day of the calendar: give a real date as YYYY-MM-DD',
          value: '2025-13-01',
        },
      ],
    });
  });
});
