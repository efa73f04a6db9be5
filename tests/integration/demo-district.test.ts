/**
 * The small demo district through the real local stack: roster, mapping
 * table, S3 drops, the xAPI push and the mess, each run's counts equal to
 * the generator's own computation; then one student's grid cell combines
 * four programs and their profile lists every program's evidence. The demo
 * district's configuration is applied first, as `npm start` applies it: its
 * crosswalk maps the i-Ready lesson names and its day-first profile reads the
 * day-first file.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEMO_DISTRICT_FILES,
  DEMO_FILES,
  DEMO_PROGRAMS,
  expectedDistrict,
  showcaseStudent,
  summarizeRuns,
  type ExpectedDistrict,
  type ExpectedRun,
  type Showcase,
} from '../../shared/demo/index.js';
import type { IngestRun } from '../../shared/model.js';
import { ClassUsage } from '../../shared/reports/schemas.js';
import { classUsage, dailyMinutesOf } from '../../shared/reports/usage.js';
import {
  ingestDemoDistrict,
  loadDemoDistrict,
  writeDemoFiles,
  type DemoIngest,
} from '../../infra/local/demo-district.js';
import {
  applyDistrictConfig,
  DEMO_DISTRICT_CONFIG,
} from '../../infra/local/district-config.js';
import { startTestStack, type TestStack } from '../support/stack.js';

let t: TestStack;
let dir: string;
let expected: ExpectedDistrict;
let showcase: Showcase;
let ingest: DemoIngest;
let studentIds: string[];
let classIds: string[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lablink-demo-'));
  applyDistrictConfig(DEMO_DISTRICT_CONFIG, dir);
  t = await startTestStack();
  const { district, responses } = await loadDemoDistrict();
  studentIds = district.students.map((s) => s.studentId);
  classIds = district.classes.map((c) => c.classId);
  expected = expectedDistrict(district, responses);
  showcase = showcaseStudent(district) as Showcase;
  await writeDemoFiles(district, dir);
  ingest = await ingestDemoDistrict(
    {
      s3: t.s3,
      store: t.store,
      bucket: t.stack.bucket,
      table: t.stack.table,
      apiUrl: t.stack.urls.api,
    },
    dir,
  );
}, 600_000);
afterAll(async () => {
  await t.stack.idle();
  await t.stack.stop();
  await rm(dir, { recursive: true, force: true });
});

const countsOf = (run: IngestRun | undefined) => {
  const c = run?.counts;
  return {
    status: run?.status,
    parsed: c?.parsed,
    accepted: c?.accepted,
    replaced: c?.replaced,
    duplicates: c?.duplicates,
    rejected: c?.rejected,
    held: c?.held,
  };
};
const completed = (e: ExpectedRun) => ({
  status: 'completed',
  replaced: 0,
  duplicates: 0,
  rejected: 0,
  held: 0,
  ...e,
});

describe('the demo district through S3 drops and the push endpoint', () => {
  it.each([
    [DEMO_FILES.roster, 'roster'],
    [DEMO_FILES.rosterDelta, 'rosterDelta'],
    ['assistments', 'assistments'],
    [DEMO_FILES.lessons, 'lessons'],
    [DEMO_FILES.diagnostic, 'diagnostic'],
    [`released:${DEMO_PROGRAMS.lessons}`, 'lessonsReleased'],
    [`released:${DEMO_PROGRAMS.diagnostic}`, 'diagnosticReleased'],
    [DEMO_FILES.resent, 'resent'],
    [DEMO_FILES.correction, 'correction'],
    [DEMO_FILES.dayFirst, 'dayFirst'],
  ] as const)('reports the run of %s as the generator computed', (step, name) => {
    expect(countsOf(ingest.runs[step])).toEqual(completed(expected.runs[name]));
  });

  it('imports the scope and sequence for every class', () => {
    expect(ingest.focusClasses).toBe(expected.classes);
  });

  it('matches every vendor id it can and holds the rest until they are named', () => {
    const sep = ingest.runs[DEMO_FILES.lessons]?.matchRate;
    const star = ingest.runs[DEMO_FILES.diagnostic]?.matchRate;

    expect([sep?.matched, sep?.byKind]).toEqual([
      expected.runs.lessons.accepted,
      { mapping: expected.runs.lessons.accepted },
    ]);
    expect([star?.matched, star?.byKind]).toEqual([
      expected.runs.diagnostic.accepted,
      { identifier: expected.runs.diagnostic.accepted },
    ]);
  });

  it("lists the unknown skill and maps every lesson name through the district's crosswalk", () => {
    expect(ingest.runs[DEMO_FILES.diagnostic]?.unmappedSkills).toEqual(
      expected.unmappedSkills[DEMO_PROGRAMS.diagnostic],
    );
    for (const name of [DEMO_FILES.lessons, DEMO_FILES.correction, DEMO_FILES.dayFirst]) {
      expect([name, ingest.runs[name]?.unmappedSkills]).toEqual([name, []]);
    }
  });

  it("reads the day-first file with the district's variant profile, as i-Ready lessons", () => {
    const run = ingest.runs[DEMO_FILES.dayFirst];

    expect([run?.programId, run?.profileId, run?.rejectReasons]).toEqual([
      DEMO_PROGRAMS.lessons,
      DEMO_DISTRICT_FILES.dayFirstProfile,
      {},
    ]);
    expect(run?.matchRate?.matched).toBe(expected.runs.dayFirst.accepted);
  });

  it('sums each program: the lab pushed every statement and nothing stays held', () => {
    const byProgram = new Map(summarizeRuns(ingest.allRuns).map((s) => [s.programId, s]));
    const lrs = byProgram.get(DEMO_PROGRAMS.events);
    const lessons = byProgram.get(DEMO_PROGRAMS.lessons);

    expect([lrs?.parsed, lrs?.accepted, lrs?.held]).toEqual([
      expected.runs.statements.parsed,
      expected.runs.statements.accepted,
      0,
    ]);
    expect([lessons?.held, lessons?.released]).toEqual([
      expected.runs.lessonsReleased.accepted,
      expected.runs.lessonsReleased.accepted,
    ]);
  });
});

describe('one student across programs', () => {
  it("combines four programs in the teacher's grid cell and its explanation", async () => {
    const token = await t.token({
      role: 'teacher',
      userId: showcase.teacherId,
      sub: 'demo',
    });

    const grid = await t.get(`/classes/${showcase.classId}/mastery`, { token });
    const explain = await t.get(
      `/students/${showcase.studentId}/standards/${showcase.standard}`,
      { token },
    );

    const row = (
      grid.body as { students: { studentId: string; cells: Record<string, unknown> }[] }
    ).students.find((s) => s.studentId === showcase.studentId);
    expect(grid.status).toBe(200);
    expect(row?.cells[showcase.standard]).toBeDefined();
    const evidence = (explain.body as { evidence: { programId: string }[] }).evidence;
    expect([...new Set(evidence.map((e) => e.programId))].sort()).toEqual(
      showcase.programs,
    );
  });

  it("lists each program's evidence in the student's profile", async () => {
    const profile = await t.get(`/students/${showcase.studentId}`);

    const programs = (
      profile.body as { recentEvidence: { programId: string }[] }
    ).recentEvidence.map((e) => e.programId);
    expect([...new Set(programs)].sort()).toEqual(
      [
        DEMO_PROGRAMS.assistments,
        DEMO_PROGRAMS.events,
        DEMO_PROGRAMS.lessons,
        DEMO_PROGRAMS.diagnostic,
      ].sort(),
    );
  });
});

describe('usage of the demo district', () => {
  /** Minutes to the millionth: the kept sums add in another order than the history's. */
  const rounded = (daily: { days: object; undated: object }) =>
    JSON.parse(
      JSON.stringify({ days: daily.days, undated: daily.undated }, (_, v: unknown) =>
        typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v,
      ),
    ) as unknown;

  it("keeps every student's daily minutes as their evidence says, through the mess", async () => {
    // Runs added to the kept days, a re-sent file, a correction, releases and pushes.
    const kept = await t.store.getDailyMinutes(studentIds);
    const differing: string[] = [];
    for (const id of studentIds) {
      const history = dailyMinutesOf(
        (await t.store.listStudentEvidence(id)).map((evidence) => ({ evidence })),
        'America/New_York',
      );
      const daily = kept.get(id);
      if (
        !daily ||
        daily.timeZone !== 'America/New_York' ||
        !isDeepStrictEqual(rounded(daily), rounded(history))
      )
        differing.push(id);
    }

    expect(kept.size).toBe(studentIds.length);
    expect(differing).toEqual([]);
  });

  it("answers a class's term of usage as the evidence history does", async () => {
    const classId = classIds[0] as string;
    const query = {
      from: '2025-08-25',
      to: '2025-12-28',
      timeZone: 'America/New_York',
      targetMinutesPerWeek: 60,
      programTargets: {},
      limit: Number.POSITIVE_INFINITY,
    };

    const res = await t.get(
      `/classes/${classId}/usage?from=${query.from}&to=${query.to}&targetMinutes=60&format=json&limit=500`,
    );
    const fromHistory = await classUsage(
      { roster: t.store, evidence: t.store },
      classId,
      query,
    );

    expect(res.status).toBe(200);
    const served = ClassUsage.parse(res.body);
    expect(served.students).toEqual(fromHistory.students);
    expect(served.students.some((s) => s.totalMinutes > 0)).toBe(true);
  });
});
