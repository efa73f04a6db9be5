/**
 * The usage report's precomputed form: a student's minutes per local day and
 * program. The report answers from it, or from the evidence history when it
 * cannot (missing, another time zone, an expired record), and both ways must
 * give the same answer.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import type { Evidence } from '../../../shared/model';
import { roundDecimal } from '../../../shared/rounding';
import {
  classUsage,
  dailyMinutesOf,
  dailyMinutesUsable,
  type DailyMinutes,
  type UsageQuery,
} from '../../../shared/reports/usage';

const ZONE = 'America/New_York';

const record = (
  n: number,
  fields: Partial<Evidence> & Pick<Evidence, 'studentId'>,
): Evidence => ({
  evidenceId: `e${n}`,
  programId: 'dreambox',
  itemId: 'lesson',
  standards: [],
  status: 'usage',
  occurredAt: '2025-03-04T15:00:00.000Z',
  minutesOnTask: 10,
  weight: 1,
  source: { kind: 's3', uri: 's3://in/usage.csv', line: n + 1, runId: 'r1' },
  contentHash: `h${n}`,
  ...fields,
});

describe('dailyMinutesOf', () => {
  it('sums minutes per local day and program, undated apart, voided and timeless records left out', () => {
    const daily = dailyMinutesOf(
      [
        { evidence: record(1, { studentId: 's1', minutesOnTask: 30 }) },
        // 03:30 UTC on 10 March is 23:30 on 9 March in New York (EDT from 9 March).
        {
          evidence: record(2, {
            studentId: 's1',
            occurredAt: '2025-03-10T03:30:00.000Z',
            minutesOnTask: 12.5,
          }),
          expiresAt: 2_000_000_000,
        },
        {
          evidence: record(3, { studentId: 's1', programId: 'lexia', minutesOnTask: 5 }),
          expiresAt: 1_900_000_000,
        },
        {
          evidence: record(4, {
            studentId: 's1',
            occurredAt: undefined,
            minutesOnTask: 7,
          }),
        },
        { evidence: record(5, { studentId: 's1', status: 'voided', minutesOnTask: 99 }) },
        {
          evidence: record(6, {
            studentId: 's1',
            status: 'scored',
            score: 1,
            minutesOnTask: undefined,
          }),
          expiresAt: 1_000,
        },
      ],
      ZONE,
    );

    expect(daily).toEqual({
      timeZone: ZONE,
      days: {
        '2025-03-04': { dreambox: 30, lexia: 5 },
        '2025-03-09': { dreambox: 12.5 },
      },
      undated: { dreambox: 7 },
      // The earliest expiry of a record that counts; record 6 counts nothing.
      expiresAt: 1_900_000_000,
    });
  });

  it('keeps the days of the zone it is built in', () => {
    const daily = dailyMinutesOf(
      [
        {
          evidence: record(1, {
            studentId: 's1',
            occurredAt: '2025-03-10T03:30:00.000Z',
          }),
        },
      ],
      'UTC',
    );
    expect(daily.days).toEqual({ '2025-03-10': { dreambox: 10 } });
  });
});

describe('dailyMinutesUsable', () => {
  const daily: DailyMinutes = { timeZone: ZONE, days: {}, undated: {}, expiresAt: 1000 };

  it('takes a summary of the same zone until its first record expires', () => {
    expect(dailyMinutesUsable(daily, ZONE, new Date(999_000))).toBe(true);
    expect(dailyMinutesUsable(daily, ZONE, new Date(1_000_000))).toBe(false);
    expect(dailyMinutesUsable({ ...daily, expiresAt: undefined }, ZONE)).toBe(true);
  });

  it('refuses a summary of another zone', () => {
    expect(dailyMinutesUsable(daily, 'Europe/Paris', new Date(0))).toBe(false);
  });
});

describe('classUsage from daily minutes', () => {
  const query: UsageQuery = {
    from: '2025-03-03',
    to: '2025-03-23',
    timeZone: ZONE,
    targetMinutesPerWeek: 60,
    programTargets: { lexia: 20 },
  };

  const answerBoth = async (evidence: Evidence[]) => {
    const students = [...new Set(evidence.map((e) => e.studentId))].sort();
    const history = {
      roster: { listClassStudents: async () => students },
      evidence: {
        listStudentEvidence: async (id: string) =>
          evidence.filter((e) => e.studentId === id),
      },
    } as unknown as Parameters<typeof classUsage>[0];
    const daily = new Map(
      students.map((id) => [
        id,
        dailyMinutesOf(
          evidence.filter((e) => e.studentId === id).map((e) => ({ evidence: e })),
          ZONE,
        ),
      ]),
    );
    let historyReads = 0;
    const summarized = {
      ...history,
      evidence: {
        listStudentEvidence: async () => {
          historyReads += 1;
          return [];
        },
      },
      daily: { getDailyMinutes: async () => daily },
    } as unknown as Parameters<typeof classUsage>[0];
    return {
      fromHistory: await classUsage(history, 'C1', query),
      fromDaily: await classUsage(summarized, 'C1', query),
      historyReads: () => historyReads,
    };
  };

  it('answers from the summaries alone, as the history would', async () => {
    const { fromHistory, fromDaily, historyReads } = await answerBoth([
      record(1, { studentId: 's1', minutesOnTask: 30 }),
      record(2, {
        studentId: 's1',
        occurredAt: '2025-03-10T03:30:00.000Z',
        minutesOnTask: 12.5,
      }),
      record(3, {
        studentId: 's2',
        programId: 'lexia',
        occurredAt: '2025-03-12T15:00:00.000Z',
      }),
      record(4, { studentId: 's2', occurredAt: undefined, minutesOnTask: 7 }),
    ]);

    expect(historyReads()).toBe(0);
    expect(fromDaily).toEqual(fromHistory);
    expect(
      fromDaily.students.map((s) => [s.studentId, s.weeks.map((w) => w.minutes)]),
    ).toEqual([
      ['s1', [42.5, 0, 0]],
      ['s2', [0, 10, 0]],
    ]);
    expect(fromDaily.students[1]?.weeks[1]?.programsBelowTarget).toEqual(['lexia']);
    expect(fromDaily.students[1]?.undatedMinutes).toBe(7);
  });

  /**
   * The weekly minutes straight from the records, each put in the week of
   * its own local time: an oracle apart from the days the report goes through.
   */
  const weeklyOracle = (evidence: Evidence[], studentId: string) => {
    const weeks = new Map<string, Record<string, number>>();
    let undated = 0;
    for (const e of evidence) {
      if (
        e.studentId !== studentId ||
        e.status === 'voided' ||
        e.minutesOnTask === undefined
      )
        continue;
      if (!e.occurredAt) {
        undated += e.minutesOnTask;
        continue;
      }
      const local = DateTime.fromISO(e.occurredAt).setZone(ZONE);
      const day = local.toISODate() as string;
      if (day < query.from || day > query.to) continue;
      const week = local.startOf('week').toISODate() as string;
      const programs = weeks.get(week) ?? {};
      programs[e.programId] = (programs[e.programId] ?? 0) + e.minutesOnTask;
      weeks.set(week, programs);
    }
    return { weeks, undated };
  };

  it('gives, from the summaries alone, the weekly minutes of the records for any evidence', async () => {
    // Quarter minutes are exact in binary, so no sum depends on its order.
    const arbitraryRecord = fc.record({
      student: fc.constantFrom('s1', 's2', 's3'),
      program: fc.constantFrom('dreambox', 'lexia', 'iready'),
      // From 2025-02-25 to 2025-03-30, across the change to summer time.
      at: fc.integer({ min: 1_740_441_600_000, max: 1_743_292_800_000 }),
      dated: fc.boolean(),
      quarters: fc.integer({ min: 0, max: 480 }),
      status: fc.constantFrom('usage', 'usage', 'voided'),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbitraryRecord, { minLength: 1, maxLength: 40 }),
        async (rs) => {
          const evidence = rs.map((r, n) =>
            record(n, {
              studentId: r.student,
              programId: r.program,
              occurredAt: r.dated ? new Date(r.at).toISOString() : undefined,
              minutesOnTask: r.quarters / 4,
              status: r.status as Evidence['status'],
            }),
          );
          const { fromHistory, fromDaily, historyReads } = await answerBoth(evidence);
          expect(historyReads()).toBe(0);
          expect(fromDaily).toEqual(fromHistory);
          for (const student of fromDaily.students) {
            const oracle = weeklyOracle(evidence, student.studentId);
            // The report rounds to a tenth, half away from zero (shared/rounding.ts).
            expect(student.undatedMinutes).toBe(roundDecimal(oracle.undated, 1));
            for (const week of student.weeks) {
              const programs = oracle.weeks.get(week.weekStart) ?? {};
              // Each program's tenths are its minutes cut or raised to a
              // tenth, and they add up to the week's (apportioned).
              expect(Object.keys(week.byProgram).sort()).toEqual(
                Object.keys(programs).sort(),
              );
              for (const [p, m] of Object.entries(programs)) {
                expect([Math.floor(m * 10), Math.ceil(m * 10)]).toContain(
                  Math.round((week.byProgram[p] ?? NaN) * 10),
                );
              }
              expect(
                Object.values(week.byProgram).reduce((a, b) => a + Math.round(b * 10), 0),
              ).toBe(Math.round(week.minutes * 10));
              expect(week.minutes).toBe(
                roundDecimal(
                  Object.values(programs).reduce((a, b) => a + b, 0),
                  1,
                ),
              );
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reads the history of a student whose summary is of another zone', async () => {
    const evidence = [
      record(1, {
        studentId: 's1',
        occurredAt: '2025-03-10T03:30:00.000Z',
        minutesOnTask: 12.5,
      }),
    ];
    let historyReads = 0;
    const deps = {
      roster: { listClassStudents: async () => ['s1'] },
      evidence: {
        listStudentEvidence: async () => {
          historyReads += 1;
          return evidence;
        },
      },
      daily: {
        getDailyMinutes: async () =>
          new Map([
            ['s1', dailyMinutesOf([{ evidence: evidence[0] as Evidence }], 'UTC')],
          ]),
      },
    } as unknown as Parameters<typeof classUsage>[0];

    const usage = await classUsage(deps, 'C1', query);

    expect(historyReads).toBe(1);
    // The New York week of 9 March, not the UTC week of 10 March.
    expect(usage.students[0]?.weeks.map((w) => w.minutes)).toEqual([12.5, 0, 0]);
  });
});
