/**
 * A warm report function reuses parsed documents and shaped answers
 * (storage/parsed-documents.ts, functions/lib/answer-cache.ts). Through the
 * real gateway and dynalite, every change to what a report reads shows on
 * the very next request: the answer always equals the grid built from the
 * cells themselves.
 */
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { assembleGrid } from '../../shared/reports/class-mastery';
import { isGridCurrent } from '../../shared/reports/grid-document';
import { createDocumentClient } from '../../storage/dynamodb-store';
import { deliverRun, evidenceAt } from '../support/mastery-evidence';
import { startTestStack, type TestStack } from '../support/stack';

let t: TestStack;
let teacher: string;
const deps = () => ({ evidence: t.store, mastery: t.store, roster: t.store });

/** The grid the cells say, serialized as the API sends it. */
async function gridFromCells(classId: string): Promise<string> {
  const [students, cells, rollups] = await Promise.all([
    t.store.listClassStudents(classId),
    t.store.listClassMastery(classId),
    t.store.listClassRollups(classId),
  ]);
  return JSON.stringify(assembleGrid(classId, students, cells, rollups, {}));
}

const grid = () => t.get('/classes/C1/mastery', { token: teacher });

beforeAll(async () => {
  t = await startTestStack();
  await t.store.putEnrollments([
    { classId: 'C1', userId: 'T1', role: 'teacher', schoolId: 'S1' },
    ...['s1', 's2', 's3'].map((userId) => ({
      classId: 'C1',
      userId,
      role: 'student' as const,
      schoolId: 'S1',
    })),
  ]);
  await deliverRun(t.store, deps(), 'run-1', [
    evidenceAt({
      id: 'a',
      studentId: 's1',
      standard: '6.SP.B.4',
      minute: 1,
      runId: 'run-1',
      score: 0.2,
    }),
    evidenceAt({
      id: 'b',
      studentId: 's2',
      standard: '6.SP.B.4',
      minute: 2,
      runId: 'run-1',
      score: 1,
    }),
    evidenceAt({
      id: 'c',
      studentId: 's3',
      standard: '6.SP.B.5',
      minute: 3,
      runId: 'run-1',
      score: 0,
    }),
  ]);
  teacher = await t.token({ role: 'teacher', userId: 'T1' });
});
afterAll(() => t.stack.stop());

describe('Report answers of a warm function', () => {
  it('answers twice alike while nothing changed', async () => {
    // A current document is what lets the function reuse its answer.
    expect(isGridCurrent(await t.store.getClassGrid('C1'))).toBe(true);
    const first = await grid();
    const second = await grid();

    expect(first.status).toBe(200);
    expect(second.text).toBe(first.text);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(first.text).toBe(await gridFromCells('C1'));
  });

  it('shows new evidence on the next request', async () => {
    const before = await grid();
    await deliverRun(t.store, deps(), 'run-2', [
      evidenceAt({
        id: 'd',
        studentId: 's1',
        standard: '6.SP.B.4',
        minute: 4,
        runId: 'run-2',
        score: 1,
      }),
    ]);

    const after = await grid();

    expect(after.text).not.toBe(before.text);
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
    expect(after.text).toBe(await gridFromCells('C1'));
    const cell = (
      after.body as {
        students: {
          studentId: string;
          cells: Record<string, { evidenceCount: number }>;
        }[];
      }
    ).students.find((s) => s.studentId === 's1')?.cells['6.SP.B.4'];
    expect(cell?.evidenceCount).toBe(2);
  });

  it('leaves out a student un-enrolled a moment ago', async () => {
    await grid();
    const doc = createDocumentClient();
    for (const Key of [
      { pk: 'CLASS#C1', sk: 'STUDENT#s3' },
      { pk: 'STUDENT#s3', sk: 'CLASS#C1' },
    ]) {
      await doc.send(new DeleteCommand({ TableName: t.stack.table, Key }));
    }

    const after = await grid();

    const students = (after.body as { students: { studentId: string }[] }).students;
    expect(students.map((s) => s.studentId)).toEqual(['s1', 's2']);
    expect(after.text).toBe(await gridFromCells('C1'));
  });

  it('shows a changed rollup on the next request', async () => {
    await grid();
    const [rollup] = await t.store.listClassRollups('C1');
    await t.store.putRollup({ ...rollup!, mean: 0.123 });

    const after = await grid();

    const rollups = (after.body as { rollups: { standard: string; mean: number }[] })
      .rollups;
    expect(rollups.find((r) => r.standard === rollup!.standard)?.mean).toBe(0.123);
  });

  it('refuses a teacher removed from the class right after answering them', async () => {
    expect((await grid()).status).toBe(200);
    const doc = createDocumentClient();
    for (const Key of [
      { pk: 'STAFF#T1', sk: 'CLASS#C1' },
      { pk: 'CLASS#C1', sk: 'STAFF#T1' },
    ]) {
      await doc.send(new DeleteCommand({ TableName: t.stack.table, Key }));
    }

    expect((await grid()).status).toBe(404);
    expect((await t.get('/students/s1', { token: teacher })).status).toBe(404);
  });
});
