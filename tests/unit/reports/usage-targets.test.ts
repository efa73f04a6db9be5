/**
 * Weekly usage targets: the district's overall target flags weeks with too
 * little work in every program together; a program's own target flags the
 * weeks a student who uses that program spent too little in it.
 */
import type { Evidence } from '../../../shared/model';
import { classUsage, usageCsv } from '../../../shared/reports/usage';

const minutes = (
  studentId: string,
  programId: string,
  day: string,
  m: number,
): Evidence => ({
  evidenceId: `${studentId}-${programId}-${day}`,
  studentId,
  programId,
  itemId: 'lesson',
  standards: [],
  status: 'usage',
  occurredAt: `${day}T15:00:00.000Z`,
  minutesOnTask: m,
  weight: 1,
  source: { kind: 's3', uri: 's3://in/usage.csv', line: 2, runId: 'r1' },
  contentHash: 'h',
});

const evidence: Record<string, Evidence[]> = {
  // Uses both programs: DreamBox enough in week 1 only.
  s1: [
    minutes('s1', 'dreambox', '2025-02-11', 50),
    minutes('s1', 'lexia', '2025-02-12', 30),
    minutes('s1', 'dreambox', '2025-02-18', 20),
    minutes('s1', 'lexia', '2025-02-19', 45),
  ],
  // Never uses DreamBox: only Lexia's target can flag them.
  s2: [
    minutes('s2', 'lexia', '2025-02-11', 70),
    minutes('s2', 'lexia', '2025-02-18', 65),
  ],
};

const deps = {
  roster: { listClassStudents: async () => ['s1', 's2'] },
  evidence: { listStudentEvidence: async (id: string) => evidence[id] ?? [] },
} as unknown as Parameters<typeof classUsage>[0];

const query = {
  from: '2025-02-10',
  to: '2025-02-23',
  timeZone: 'America/Chicago',
  targetMinutesPerWeek: 60,
  programTargets: { dreambox: 40, lexia: 30, iready: 45 },
};

describe('Function: classUsage with program targets', () => {
  it('flags a program week under its target only for students who use it', async () => {
    const usage = await classUsage(deps, 'C1', query);
    const [s1, s2] = usage.students;

    expect(usage.programTargets).toEqual({ dreambox: 40, lexia: 30, iready: 45 });
    expect(s1?.weeks.map((w) => [w.weekStart, w.minutes, w.programsBelowTarget])).toEqual(
      [
        ['2025-02-10', 80, []],
        ['2025-02-17', 65, ['dreambox']],
      ],
    );
    expect(s1?.weeksBelowTarget).toEqual([]);
    expect(s1?.belowTarget).toBe(true);
    expect(s2?.weeks.map((w) => w.programsBelowTarget)).toEqual([[], []]);
    expect(s2?.belowTarget).toBe(false);
  });

  it('flags a week with no minutes of a used program, with a 0 row in the CSV', async () => {
    const usage = await classUsage(
      {
        ...deps,
        evidence: {
          listStudentEvidence: async () => [minutes('s1', 'lexia', '2025-02-11', 90)],
        },
      } as unknown as typeof deps,
      'C1',
      query,
    );
    const csv = usageCsv({ ...usage, students: usage.students.slice(0, 1) });

    expect(csv.header).toEqual([
      'studentId',
      'weekStart',
      'programId',
      'minutes',
      'weekMinutes',
      'belowTarget',
      'programBelowTarget',
    ]);
    expect(csv.rows).toEqual([
      ['s1', '2025-02-10', 'lexia', '90', '90', 'false', 'false'],
      ['s1', '2025-02-17', 'lexia', '0', '0', 'true', 'true'],
    ]);
  });

  /** The first week of s1 when these are all of their evidence. */
  const firstWeekOf = async (records: Evidence[]) =>
    (
      await classUsage(
        {
          ...deps,
          evidence: { listStudentEvidence: async () => records },
        } as unknown as typeof deps,
        'C1',
        query,
      )
    ).students[0]?.weeks[0];

  it("gives a week's programs minutes that add up to the week's minutes", async () => {
    const week = await firstWeekOf([
      minutes('s1', 'dreambox', '2025-02-11', 10.25),
      minutes('s1', 'lexia', '2025-02-12', 10.25),
    ]);

    expect(week).toEqual({
      weekStart: '2025-02-10',
      minutes: 20.5,
      byProgram: { dreambox: 10.3, lexia: 10.2 },
      programsBelowTarget: ['dreambox', 'lexia'],
    });
  });

  it('rounds a sum of minutes as its decimals add up, not as doubles do', async () => {
    expect(0.35 + 0.35 + 0.35).toBe(1.0499999999999998);
    const week = await firstWeekOf([
      minutes('s1', 'dreambox', '2025-02-11', 11),
      minutes('s1', 'lexia', '2025-02-11', 0.35),
      minutes('s1', 'lexia', '2025-02-12', 0.35),
      minutes('s1', 'lexia', '2025-02-13', 0.35),
    ]);

    expect([week?.minutes, week?.byProgram]).toEqual([
      12.1,
      { dreambox: 11, lexia: 1.1 },
    ]);
  });
});
