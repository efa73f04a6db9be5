/**
 * The usage report answers from the daily minutes the rollup path keeps
 * (one batch read for the class's students), through the real gateway,
 * handler and dynalite: after a run they say what the evidence says, a
 * redelivery counts once, a correction replaces, and a summary the report
 * cannot use (another time zone) sends it back to the history.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { storeOptions } from '../../functions/lib/env.js';
import type { Evidence } from '../../shared/model.js';
import { updateStudents } from '../../shared/rollup/index.js';
import { ClassUsage } from '../../shared/reports/schemas.js';
import { createDocumentClient, DynamoStore } from '../../storage/dynamodb-store.js';
import { DAILY_MINUTES_SK, studentPk } from '../../storage/keys.js';
import { deliverRun } from '../support/mastery-evidence.js';
import { startTestStack, type TestStack } from '../support/stack.js';

let t: TestStack;
let store: DynamoStore;
let token: string;
const deps = () => ({ evidence: store, mastery: store, roster: store });

const usageRecord = (
  id: string,
  studentId: string,
  runId: string,
  fields: Partial<Evidence> = {},
): Evidence => ({
  evidenceId: id,
  studentId,
  programId: 'dreambox',
  itemId: 'session',
  standards: [],
  status: 'usage',
  occurredAt: '2025-03-04T15:00:00.000Z',
  minutesOnTask: 30,
  weight: 1,
  source: { kind: 's3', uri: `s3://in/${runId}.csv`, line: 2, runId },
  contentHash: `${id}:${fields.minutesOnTask ?? 30}`,
  ...fields,
});

/** The two weeks of the test, per student: [minutes of week 1, of week 2]. */
async function weeks() {
  const res = await t.get('/classes/CU1/usage?from=2025-03-03&to=2025-03-16', { token });
  expect(res.status).toBe(200);
  const usage = ClassUsage.parse(res.body);
  expect(usage.weekStarts).toEqual(['2025-03-03', '2025-03-10']);
  return Object.fromEntries(
    usage.students.map((s) => [
      s.studentId,
      { weeks: s.weeks.map((w) => w.minutes), undated: s.undatedMinutes },
    ]),
  );
}

const revisionOf = async (studentId: string) =>
  (
    await createDocumentClient().send(
      new GetCommand({
        TableName: t.stack.table,
        Key: { pk: studentPk(studentId), sk: DAILY_MINUTES_SK },
        ConsistentRead: true,
      }),
    )
  ).Item?.revision;

beforeAll(async () => {
  t = await startTestStack();
  // Built as the handlers build theirs: the district's zone (America/New_York here).
  store = new DynamoStore(createDocumentClient(), t.stack.table, storeOptions());
  await store.putEnrollments([
    { classId: 'CU1', userId: 'TU1', role: 'teacher', schoolId: 'SU1' },
    { classId: 'CU1', userId: 'u1', role: 'student', schoolId: 'SU1' },
    { classId: 'CU1', userId: 'u2', role: 'student', schoolId: 'SU1' },
  ]);
  token = await t.token({ role: 'teacher', userId: 'TU1' });
  await deliverRun(store, deps(), 'run-u1', [
    usageRecord('u1-a', 'u1', 'run-u1'),
    // 03:30 UTC on 10 March is 23:30 on Sunday 9 March in New York: week one.
    usageRecord('u1-b', 'u1', 'run-u1', {
      occurredAt: '2025-03-10T03:30:00.000Z',
      minutesOnTask: 12.5,
    }),
    usageRecord('u2-a', 'u2', 'run-u1', { occurredAt: undefined, minutesOnTask: 7 }),
  ]);
});
afterAll(async () => {
  await t.stack.stop();
});

describe('usage from daily minutes', () => {
  it('keeps each student daily minutes in the district zone after a run', async () => {
    const daily = await store.getDailyMinutes(['u1', 'u2', 'u-none']);

    expect(Object.fromEntries(daily)).toEqual({
      u1: {
        timeZone: 'America/New_York',
        days: { '2025-03-04': { dreambox: 30 }, '2025-03-09': { dreambox: 12.5 } },
        undated: {},
      },
      u2: { timeZone: 'America/New_York', days: {}, undated: { dreambox: 7 } },
    });
    expect(await weeks()).toEqual({
      u1: { weeks: [42.5, 0], undated: 0 },
      u2: { weeks: [0, 0], undated: 7 },
    });
  });

  it('answers from the summary: evidence written without a rollup shows after it', async () => {
    const late = usageRecord('u1-c', 'u1', 'run-u2', {
      occurredAt: '2025-03-11T15:00:00.000Z',
      minutesOnTask: 10,
    });
    expect(await store.putEvidenceBatch([late])).toEqual(['accepted']);
    // Like mastery, usage follows the run's rollup, not each evidence write.
    expect((await weeks()).u1).toEqual({ weeks: [42.5, 0], undated: 0 });

    await updateStudents(deps(), ['u1'], { runId: 'run-u2' });

    expect((await weeks()).u1).toEqual({ weeks: [42.5, 10], undated: 0 });
  });

  it('counts a redelivered record once and a correction instead of the record', async () => {
    const record = usageRecord('u1-c', 'u1', 'run-u3', {
      occurredAt: '2025-03-11T15:00:00.000Z',
      minutesOnTask: 10,
    });
    await deliverRun(store, deps(), 'run-u3', [record]);
    expect((await weeks()).u1).toEqual({ weeks: [42.5, 10], undated: 0 });

    const corrected = { ...record, minutesOnTask: 15, contentHash: 'u1-c:15' };
    corrected.source = { ...record.source, runId: 'run-u4' };
    expect(await store.putEvidenceBatch([corrected])).toEqual(['replaced']);
    await updateStudents(deps(), ['u1'], { runId: 'run-u4' });

    expect((await weeks()).u1).toEqual({ weeks: [42.5, 15], undated: 0 });
  });

  it('counts a run once when a rebuild ran between its evidence writes and its rollup', async () => {
    // As a `lablink rollup` or another run's correction would, at the worst moment.
    const record = usageRecord('u1-d', 'u1', 'run-u6', {
      occurredAt: '2025-03-12T15:00:00.000Z',
      minutesOnTask: 4,
    });
    expect(await store.putEvidenceBatch([record])).toEqual(['accepted']);
    await store.rebuildDailyMinutes('u1');
    expect((await weeks()).u1).toEqual({ weeks: [42.5, 19], undated: 0 });

    await updateStudents(deps(), ['u1'], { runId: 'run-u6' });

    expect((await weeks()).u1).toEqual({ weeks: [42.5, 19], undated: 0 });
  });

  it('leaves the daily minutes alone after a run of scores without minutes', async () => {
    const before = await revisionOf('u2');
    await deliverRun(store, deps(), 'run-u5', [
      usageRecord('u2-s', 'u2', 'run-u5', {
        status: 'scored',
        score: 1,
        standards: ['6.SP.B.4'],
        minutesOnTask: undefined,
      }),
    ]);

    expect(before).toBe(1);
    expect(await revisionOf('u2')).toBe(1);
    expect((await weeks()).u2).toEqual({ weeks: [0, 0], undated: 7 });
  });

  it('takes the minutes away when a correction resends a record without them', async () => {
    const timed = usageRecord('u2-t', 'u2', 'run-u7', {
      status: 'scored',
      score: 1,
      standards: ['6.SP.B.4'],
      occurredAt: '2025-03-05T15:00:00.000Z',
      minutesOnTask: 20,
    });
    await deliverRun(store, deps(), 'run-u7', [timed]);
    expect((await weeks()).u2).toEqual({ weeks: [20, 0], undated: 7 });

    // The vendor's corrected export has no time column: the new version has no minutes.
    const resent = { ...timed, minutesOnTask: undefined, contentHash: 'u2-t:none' };
    resent.source = { ...timed.source, runId: 'run-u8' };
    expect(await store.putEvidenceBatch([resent])).toEqual(['replaced']);
    await updateStudents(deps(), ['u2'], { runId: 'run-u8' });

    expect((await weeks()).u2).toEqual({ weeks: [0, 0], undated: 7 });
  });

  it('reads the history of a student whose daily minutes are of another zone', async () => {
    const utc = new DynamoStore(createDocumentClient(), t.stack.table, {
      timeZone: 'UTC',
    });
    await utc.rebuildDailyMinutes('u1');
    expect((await store.getDailyMinutes(['u1'])).get('u1')?.days).toEqual({
      '2025-03-04': { dreambox: 30 },
      '2025-03-10': { dreambox: 12.5 },
      '2025-03-11': { dreambox: 15 },
      '2025-03-12': { dreambox: 4 },
    });

    // The New York weeks still: 12.5 minutes on Sunday 9 March, not Monday 10 March.
    expect((await weeks()).u1).toEqual({ weeks: [42.5, 19], undated: 0 });
  });
});
