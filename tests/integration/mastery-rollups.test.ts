/**
 * Rollups by class, school, program and district, per standard and per
 * parent (cluster 6.SP.B, domain 6.SP), kept current by the run that changed
 * them, on a small hand-built roster through the real store.
 */
import { refreshRollups, type GroupRollup } from '../../shared/rollup';
import type { DynamoStore } from '../../storage/dynamodb-store';
import { deliverRun, evidenceAt, startMasteryTable } from '../support/mastery-evidence';

const B4 = '6.SP.B.4';
const B5 = '6.SP.B.5';
let store: DynamoStore;
let stop: () => Promise<void>;
const deps = () => ({ evidence: store, mastery: store, roster: store });

// One score each, so with the default decaying average the value is the score.
const SCORES: [student: string, standard: string, score: number, program: string][] = [
  ['s1', B4, 0.9, 'P1'], // mastered
  ['s1', B5, 0.5, 'P2'], // developing
  ['s2', B4, 0.7, 'P1'], // approaching
  ['s3', B4, 0.3, 'P2'], // developing
  ['s3', B5, 1.0, 'P1'], // mastered
  ['s5', B4, 0.8, 'P1'], // mastered
];

beforeAll(async () => {
  ({ store, stop } = await startMasteryTable());
  const enroll = (classId: string, schoolId: string, ids: string[]) =>
    ids.map((userId) => ({ classId, userId, role: 'student' as const, schoolId }));
  await store.putEnrollments([
    ...enroll('C1', 'SCH-1', ['s1', 's2', 's3']),
    ...enroll('C2', 'SCH-1', ['s3', 's4']),
    ...enroll('C3', 'SCH-2', ['s5']),
  ]);
  const evidence = SCORES.map(([studentId, standard, score, programId], i) =>
    evidenceAt({
      id: `r${i}`,
      studentId,
      standard,
      score,
      programId,
      minute: i,
      runId: 'run-r',
    }),
  );
  await deliverRun(store, deps(), 'run-r', evidence);
});
afterAll(() => stop());

const levels = (m: number, a: number, d: number, n: number) => ({
  mastered: m,
  approaching: a,
  developing: d,
  not_started: n,
});
const find = (rollups: GroupRollup[], standard: string) =>
  rollups.find((r) => r.standard === standard);

describe('Rollups after an ingest run', () => {
  it('counts every enrolled student of a class, not started without evidence', async () => {
    const c1 = await store.listGroupRollups('class', 'C1');
    expect(find(c1, B4)).toMatchObject({ studentCount: 3, levels: levels(1, 1, 1, 0) });
    expect(find(c1, B4)?.mean).toBeCloseTo((0.9 + 0.7 + 0.3) / 3, 12);
    const c2 = await store.listGroupRollups('class', 'C2');
    expect(find(c2, B5)).toMatchObject({
      studentCount: 2,
      levels: levels(1, 0, 0, 1),
      mean: 1,
    });
  });

  it('counts a student in two classes of a school once', async () => {
    const school = await store.listGroupRollups('school', 'SCH-1');
    expect(find(school, B4)).toMatchObject({
      studentCount: 4,
      levels: levels(1, 1, 1, 1),
    });
    expect(find(school, B5)).toMatchObject({
      studentCount: 4,
      levels: levels(1, 0, 1, 2),
    });
    expect(find(school, B5)?.mean).toBeCloseTo(0.75, 12);
  });

  it('rolls up a program over the students whose evidence it sent', async () => {
    const p1 = await store.listGroupRollups('program', 'P1');
    expect(find(p1, B4)).toMatchObject({ studentCount: 3, levels: levels(2, 1, 0, 0) });
    expect(find(p1, B4)?.mean).toBeCloseTo(0.8, 12);
    const p2 = await store.listGroupRollups('program', 'P2');
    expect(find(p2, B4)).toMatchObject({
      studentCount: 1,
      levels: levels(0, 0, 1, 0),
      mean: 0.3,
    });
  });

  it('rolls up each standard across the district', async () => {
    const district = await store.listGroupRollups('district', 'district');
    expect(find(district, B4)).toMatchObject({
      studentCount: 4,
      levels: levels(2, 1, 1, 0),
    });
    expect(find(district, B4)?.mean).toBeCloseTo(0.675, 12);
  });

  it('rolls a cluster and its domain up by the mean of values and the lowest level', async () => {
    const c1 = await store.listGroupRollups('class', 'C1');
    // s1: (0.9 M, 0.5 D) -> 0.7 D; s2: 0.7 A; s3: (0.3 D, 1.0 M) -> 0.65 D
    for (const code of ['6.SP.B', '6.SP']) {
      expect(find(c1, code)).toMatchObject({
        studentCount: 3,
        levels: levels(0, 1, 2, 0),
      });
      expect(find(c1, code)?.mean).toBeCloseTo((0.7 + 0.7 + 0.65) / 3, 12);
    }
    expect(find(c1, '6.SP.B')?.kind).toBe('cluster');
    expect(find(c1, '6.SP')?.kind).toBe('domain');
    // Under P1 only P1's evidence counts: s1 0.9, s2 0.7, s3 1.0, s5 0.8.
    const p1 = await store.listGroupRollups('program', 'P1');
    expect(find(p1, '6.SP.B')).toMatchObject({
      studentCount: 4,
      levels: levels(3, 1, 0, 0),
    });
    expect(find(p1, '6.SP.B')?.mean).toBeCloseTo(0.85, 12);
  });

  it('gives the same rollups when the scheduled rollup recomputes them all', async () => {
    const before = await store.listGroupRollups('school', 'SCH-1');

    await refreshRollups(deps());

    const after = await store.listGroupRollups('school', 'SCH-1');
    const strip = (r: GroupRollup[]) => r.map(({ computedAt: _c, ...rest }) => rest);
    expect(strip(after)).toEqual(strip(before));
  });

  it('keeps the class rollup the class report reads', async () => {
    const rollups = await store.listClassRollups('C1');
    expect(rollups.map((r) => r.standard).sort()).toEqual([B4, B5]);
  });
});
