/**
 * `npm start` as a user runs it: the main job on the embedded local stack,
 * persisted in LABLINK_HOME, feeding the demo district and serving the
 * report API until interrupted; a second start does not ingest it twice.
 * Expected figures come from the demo generator's own computation.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDemoDistrict } from '../../infra/local/demo-district.js';
import {
  expectedDistrict,
  showcaseStudent,
  type ExpectedDistrict,
} from '../../shared/demo/index.js';
import { runTs } from '../support/spawn.js';

const START_TIMEOUT_MS = 240_000;

const env = (home: string) => ({
  LABLINK_HOME: home,
  LABLINK_API_PORT: '0',
  LABLINK_DYNAMODB_PORT: '0',
  LABLINK_S3_PORT: '0',
  LABLINK_WEB_PORT: '0',
});

async function startOnce(home: string) {
  const run = runTs('infra/local/start.ts', [], env(home));
  // The demo district takes tens of seconds on 2 shared cores.
  const out = await run.waitFor('Serving until Ctrl-C.', START_TIMEOUT_MS);
  const grid = /curl .*(http:\/\/127\.0\.0\.1:\d+\/classes\/[^/\s]+\/mastery)\s/.exec(
    out,
  )?.[1];
  const token = /export LABLINK_TOKEN=(\S+)/.exec(out)?.[1];
  const headers = { authorization: `Bearer ${token}` };
  const body = grid ? await (await fetch(grid, { headers })).json() : undefined;
  const refused = grid ? (await fetch(grid)).status : undefined;
  run.child.kill('SIGINT');
  const code = await run.exited;
  return { out, body, code, refused };
}

/** The per-program lines `npm start` must print, from the generator's figures. */
function programLines(e: ExpectedDistrict): string[] {
  const r = e.runs;
  const lessonsParsed =
    r.lessons.parsed + r.resent.parsed + r.correction.parsed + r.dayFirst.parsed;
  // The file runs' own accepted; what a release accepted later is told beside the held.
  const lessonsAccepted =
    r.lessons.accepted + r.correction.accepted + r.dayFirst.accepted;
  const lessonsMatched =
    r.lessons.accepted + r.resent.parsed + r.correction.parsed + r.dayFirst.accepted;
  const rosterRows = r.roster.parsed + r.rosterDelta.parsed;
  return [
    `  assistments      1 run: parsed ${r.assistments.parsed} = accepted ${r.assistments.accepted} + held 0 (released since 0, still held 0); matched ${r.assistments.accepted}`,
    `  district-lrs     1 run: parsed ${r.statements.parsed} = accepted ${r.statements.accepted} + held 0 (released since 0, still held 0); matched ${r.statements.accepted}`,
    `  iready-lessons   5 runs: parsed ${lessonsParsed} = accepted ${lessonsAccepted} + duplicates ${r.resent.duplicates} + held ${r.lessons.held} (released since ${r.lessonsReleased.accepted}, still held 0); matched ${lessonsMatched}; replaced ${r.correction.replaced} of the accepted`,
    `  oneroster        2 runs: parsed ${rosterRows} = accepted ${rosterRows}`,
    `  star-standards   2 runs: parsed ${r.diagnostic.parsed} = accepted ${r.diagnostic.accepted} + held ${r.diagnostic.held} (released since ${r.diagnosticReleased.accepted}, still held 0); matched ${r.diagnostic.accepted}; unmapped skills (1): CCSS.Math.Content.6.NS.C.6`,
  ];
}

describe('npm start', () => {
  let home: string;
  let expected: ExpectedDistrict;
  let showcaseClassSize: number;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'lablink-home-'));
    const { district, responses } = await loadDemoDistrict();
    expected = expectedDistrict(district, responses);
    const classId = showcaseStudent(district)?.classId ?? '';
    showcaseClassSize = district.students.filter((s) =>
      s.classIds.includes(classId),
    ).length;
  });
  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it('ingests the demo district, prints each program, serves a class grid and stops on Ctrl-C', async () => {
    const first = await startOnce(home);

    expect(first.out).toContain(
      `Demo district: ${expected.students} students, ${expected.classes} classes, ` +
        `${expected.teachers} teachers, ${expected.schools} schools`,
    );
    expect(first.out).toMatch(/Ingested through s3:\/\/\S+ and the xAPI push in/);
    for (const line of programLines(expected)) expect(first.out).toContain(line);
    expect(first.out).toContain(`focus plans for ${expected.classes} classes`);
    expect(first.out).toMatch(/54 classes in all/);
    const grid = first.body as { standards: { code: string }[]; students: unknown[] };
    expect(grid.standards.map((s) => s.code)).toEqual(
      expect.arrayContaining(['6.RP.A.3.A', '6.SP.B.4']),
    );
    expect(grid.students.length).toBe(showcaseClassSize);
    expect(first.refused).toBe(401);
    expect(first.code).toBe(0);
  });

  it('does not ingest the demo twice when started again on the same data', async () => {
    const second = await startOnce(home);

    expect(second.out).toMatch(/demo district is already in .*not ingested again/);
    for (const line of programLines(expected)) expect(second.out).toContain(line);
    expect(second.code).toBe(0);
  });
});
