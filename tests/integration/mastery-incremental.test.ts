/**
 * Incremental mastery through the real store on dynalite: in-order evidence
 * is one update, late evidence and regrades recompute only their student and
 * standard, redelivery changes nothing, and `lablink rollup` (a full
 * recompute) gives exactly the states the incremental path kept.
 */
import fc from 'fast-check';
import { parseMasteryPolicy } from '../../shared/mastery';
import { updateStudents, type RollupDeps } from '../../shared/rollup';
import type { DynamoStore } from '../../storage/dynamodb-store';
import {
  deliverRun,
  evidenceAt,
  recording,
  startMasteryTable,
  withoutClock,
} from '../support/mastery-evidence';

const A = '6.SP.B.4';
const B = '6.SP.B.5';
let store: DynamoStore;
let stop: () => Promise<void>;
beforeAll(async () => {
  ({ store, stop } = await startMasteryTable());
});
afterAll(() => stop());

const depsOf = (s: DynamoStore): RollupDeps => ({
  evidence: s,
  mastery: s,
  roster: s,
  policies: {
    district: parseMasteryPolicy({ method: 'decaying_average' }),
    subjects: {},
    standards: { [B]: parseMasteryPolicy({ method: 'bkt' }) },
  },
});

describe('Function: updateStudents with a run id', () => {
  const student = 'late-1';
  const at = (
    id: string,
    standard: string,
    minute: number,
    score: number,
    runId: string,
  ) => evidenceAt({ id, studentId: student, standard, minute, score, runId });

  beforeAll(async () => {
    await store.putEnrollments([{ classId: 'C-late', userId: student, role: 'student' }]);
    await deliverRun(store, depsOf(store), 'run-1', [
      at('a1', A, 0, 1, 'run-1'),
      at('a3', A, 2, 0, 'run-1'),
      at('b1', B, 0, 1, 'run-1'),
    ]);
  });

  it('applies in-order evidence as one update: 0.65 x 0 + 0.35 x 1', async () => {
    const [state] = await store
      .listStudentMastery(student)
      .then((s) => s.filter((x) => x.standard === A));
    expect(state?.value).toBeCloseTo(0.35, 15);
    expect(state?.evidenceCount).toBe(2);
  });

  it('recomputes only the student-standard that late evidence lands in', async () => {
    const rec = recording(store);

    const summary = await deliverRun(rec.store, depsOf(rec.store), 'run-2', [
      at('a2', A, 1, 0.5, 'run-2'),
      at('b2', B, 1, 0, 'run-2'),
    ]);

    expect(summary).toMatchObject({ students: 1, states: 2, recomputed: 1 });
    const reads = rec.calls.filter((c) => c.method === 'listStandardEvidence');
    expect(reads.map((c) => c.args)).toEqual([[student, A]]);
    expect(rec.calls.some((c) => c.method === 'listStudentEvidence')).toBe(false);
    const writes = rec.calls.filter((c) => c.method === 'putStoredMastery');
    const written = writes.flatMap((c) => c.args[0] as { standard: string }[]);
    expect(written.map((s) => s.standard).sort()).toEqual([A, B]);
    const a = (await store.getStoredMasteryOne(student, A))!;
    // 1, 0.5, 0 in the order the work happened: 0.65 x 0 + 0.35 x (0.65 x 0.5 + 0.35 x 1)
    expect(a.value).toBeCloseTo(0.23625, 15);
    expect(a.incremental).toMatchObject({ count: 3, lastKey: { evidenceId: 'a3' } });
  });

  it('records the method and parameters each state used', async () => {
    const b = (await store.getStoredMasteryOne(student, B))!;
    expect(b).toMatchObject({
      method: 'bkt',
      policyFrom: 'standard',
      fitted: false,
      policy: { params: { prior: 0.3, learn: 0.1, guess: 0.2, slip: 0.1, forget: 0 } },
    });
  });

  it('changes nothing when the same run is applied again', async () => {
    const before = await store.getStoredMastery(student);

    const summary = await updateStudents(depsOf(store), [student], { runId: 'run-2' });

    expect(summary).toMatchObject({ states: 0, alreadyApplied: 2 });
    expect(await store.getStoredMastery(student)).toEqual(before);
  });

  it('drops a score voided after the fact and one exempted after the fact', async () => {
    await deliverRun(store, depsOf(store), 'run-3', [
      evidenceAt({
        id: 'a1',
        studentId: student,
        standard: A,
        minute: 0,
        runId: 'run-3',
        status: 'voided',
      }),
    ]);
    // 0.5 then 0: 0.65 x 0 + 0.35 x 0.5
    expect((await store.getStoredMasteryOne(student, A))?.value).toBeCloseTo(0.175, 15);

    await deliverRun(store, depsOf(store), 'run-4', [
      evidenceAt({
        id: 'a3',
        studentId: student,
        standard: A,
        minute: 2,
        runId: 'run-4',
        status: 'exempt',
      }),
    ]);
    const a = (await store.getStoredMasteryOne(student, A))!;
    expect(a).toMatchObject({ value: 0.5, evidenceCount: 1, level: 'developing' });
  });
});

describe('Property: incremental updates equal lablink rollup', () => {
  let n = 0;
  const delivery = fc.record({
    id: fc.integer({ min: 0, max: 7 }),
    /** About one in four: a new version of an id an earlier run may have sent. */
    regrade: fc.integer({ min: 0, max: 3 }).map((x) => x === 0),
    onB: fc.boolean(),
    minute: fc.integer({ min: 0, max: 50 }),
    score: fc.integer({ min: 0, max: 4 }),
    status: fc.constantFrom('scored', 'scored', 'scored', 'exempt', 'voided'),
  });

  it('gives the same states whatever the runs, their order and redeliveries', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(delivery, { minLength: 1, maxLength: 5 }), { maxLength: 5 }),
        fc.boolean(),
        async (runs, redeliver) => {
          n += 1;
          const studentId = `prop-${n}`;
          const deps = depsOf(store);
          await store.putEnrollments([
            { classId: 'C-prop', userId: studentId, role: 'student' },
          ]);
          for (const [r, run] of runs.entries()) {
            const runId = `prop-${n}-run-${r}`;
            // One version per id in a run, as ingest writes one per batch lane.
            const idOf = (d: (typeof run)[number]) =>
              d.regrade ? `e${d.id}` : `${r}-${d.id}`;
            const byId = new Map(run.map((d) => [idOf(d), d]));
            const evidence = [...byId].map(([id, d]) =>
              evidenceAt({
                id,
                studentId,
                standard: d.onB ? B : A,
                minute: d.minute,
                runId,
                score: d.score / 4,
                status: d.status as 'scored',
              }),
            );
            await deliverRun(store, deps, runId, evidence);
            if (redeliver) await updateStudents(deps, [studentId], { runId });
          }
          const incremental = withoutClock(await store.getStoredMastery(studentId));

          await updateStudents(deps, [studentId]);
          const recomputed = withoutClock(await store.getStoredMastery(studentId));

          // A standard left with no evidence (a regrade moved it) keeps an empty state.
          expect(recomputed).toEqual(incremental);
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('Function: updateStudents without a run (a push or a review)', () => {
  it("recomputes the class rollups of what it wrote, so the grid's summary follows its cells", async () => {
    const student = 'pushed-1';
    await store.putEnrollments([{ classId: 'C-push', userId: student, role: 'student' }]);
    const at = (id: string, minute: number, score: number) =>
      evidenceAt({ id, studentId: student, standard: A, minute, score, runId: 'push-1' });
    await store.putEvidenceBatch([at('p1', 0, 1)]);
    await updateStudents(depsOf(store), [student]);
    const first = (await store.listClassRollups('C-push')).find((r) => r.standard === A);

    // A reviewer's score of 0 arrives as a push does: written, then the student updated.
    await store.putEvidenceBatch([at('p2', 1, 0)]);
    await updateStudents(depsOf(store), [student]);
    const after = (await store.listClassRollups('C-push')).find((r) => r.standard === A);

    expect([first?.levels.mastered, first?.mean]).toEqual([1, 1]);
    expect([after?.levels.mastered, after?.levels.developing, after?.mean]).toEqual([
      0, 1, 0.35,
    ]);
  });
});
