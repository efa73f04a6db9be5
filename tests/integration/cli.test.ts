/**
 * The `lablink` command as a data team runs it (`npx lablink` is
 * `cli/bin.cjs`), against an embedded local stack on a fresh LABLINK_HOME.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { demoHead } from '../support/demo-data.js';
import { ROOT } from '../support/spawn.js';

let home: string;
let dir: string;

function lablink(...args: string[]) {
  const out = spawnSync(process.execPath, [resolve(ROOT, 'cli/bin.cjs'), ...args], {
    cwd: ROOT,
    env: { ...process.env, LABLINK_HOME: home },
    encoding: 'utf8',
  });
  return { code: out.status, stdout: out.stdout, stderr: out.stderr };
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'lablink-cli-home-'));
  dir = await mkdtemp(join(tmpdir(), 'lablink-cli-files-'));
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
});

describe('lablink ingest', () => {
  it('drops a file through the S3 path and prints the run as JSON', async () => {
    const file = join(dir, 'first-rows.csv');
    await writeFile(file, demoHead(20));

    const out = lablink('ingest', file, '--program', 'assistments', '--json');

    expect(out.code).toBe(0);
    const [run] = JSON.parse(out.stdout) as {
      status: string;
      counts: Record<string, number>;
    }[];
    expect(run?.status).toBe('completed');
    expect(run?.counts).toMatchObject({
      parsed: 20,
      accepted: 20,
      duplicates: 0,
      rejected: 0,
    });
  });

  it('says so when the same file is ingested again, and changes nothing', () => {
    const out = lablink(
      'ingest',
      join(dir, 'first-rows.csv'),
      '--program',
      'assistments',
    );

    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^\S+first-rows\.csv: already ingested .*nothing changed/);
    expect(out.stdout).toMatch(/parsed 20 = accepted 20 \+ duplicates 0/);
  });

  it('says which programs exist when given an unknown one', () => {
    const out = lablink('ingest', join(dir, 'first-rows.csv'), '--program', 'nope');

    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/unknown program "nope".*assistments/);
  });
});

describe('lablink runs release-held', () => {
  it('holds a file of another layout, and a release without a new profile keeps it held', async () => {
    const file = join(dir, 'other-layout.csv');
    await writeFile(file, 'a,b,c\n1,2,3\n');

    const ingest = lablink('ingest', file, '--program', 'assistments');
    const release = lablink('runs', 'release-held', '--json');

    expect(ingest.code).toBe(2);
    expect(ingest.stdout).toMatch(
      /other-layout\.csv: run \S+ held\n {2}parsed 0 = accepted 0/,
    );
    expect(ingest.stdout).toMatch(/held until a profile reads this layout/);
    expect(release.code).toBe(0);
    const result = JSON.parse(release.stdout) as Record<string, { status: string }[]>;
    expect({
      released: result.released?.length,
      failed: result.failed?.length,
      stillHeld: result.stillHeld?.map((r) => r.status),
    }).toEqual({ released: 0, failed: 0, stillHeld: ['held'] });
  });
});

describe('lablink report and mastery', () => {
  it('prints the class grid as CSV with a level and value per standard', () => {
    const out = lablink('report', 'class-mastery', '--class', '13241', '--format', 'csv');

    expect(out.code).toBe(0);
    const [header] = out.stdout.trim().split('\n');
    expect(header).toBe('studentId,6.SP.B.4 level,6.SP.B.4 value');
  });

  it("prints a student's mastery as JSON", () => {
    const out = lablink('mastery', '--student', '64525', '--json');

    expect(out.code).toBe(0);
    const body = JSON.parse(out.stdout) as {
      studentId: string;
      standards: { code: string }[];
    };
    expect(body.studentId).toBe('64525');
    expect(body.standards.map((s) => s.code)).toEqual(['6.SP.B.4']);
  });
});

describe('lablink started the way npx starts it', () => {
  it('runs through a link to cli/bin.cjs, as node_modules/.bin/lablink is', async () => {
    const link = join(dir, 'lablink');
    await symlink(resolve(ROOT, 'cli/bin.cjs'), link);

    const out = spawnSync(
      process.execPath,
      [link, 'config', 'check', resolve(ROOT, 'config/district.example.yaml')],
      { cwd: ROOT, env: { ...process.env, LABLINK_HOME: home }, encoding: 'utf8' },
    );

    expect(out.status).toBe(0);
    expect(out.stdout).toBe(
      `${resolve(ROOT, 'config/district.example.yaml')} is valid: Riverbend Unified School ` +
        'District (America/Chicago), 2 program(s): assistments, iready-lessons; ' +
        'district profiles: iready-lessons-day-first (extends iready-lessons); ' +
        'district crosswalks: riverbend-iready-lessons-ccss\n',
    );
  });
});

describe('lablink analysis alignment --demo', () => {
  // The generator is deterministic from its seed, so the analysis of its
  // district is too: these are the figures of the default seed.
  const analyse = (multiplier: string) => {
    const out = lablink(
      'analysis',
      'alignment',
      '--demo',
      '--aligned-learn-multiplier',
      multiplier,
      '--lessons-per-standard',
      '10',
      '--json',
    );
    expect({ code: out.code, stderr: out.stderr.includes('Error') }).toEqual({
      code: 0,
      stderr: false,
    });
    return JSON.parse(out.stdout) as {
      students: number;
      aligned: { episodes: number; mastered: number };
      other: { episodes: number; mastered: number };
      effectSize: number;
      interval: [number, number];
    };
  };

  it('recovers an effect planted in the generated district', () => {
    const report = analyse('2');

    expect(report.students).toBe(902);
    expect(report.aligned).toMatchObject({ episodes: 2262, mastered: 2257 });
    expect(report.other).toMatchObject({ episodes: 2248, mastered: 2132 });
    expect(report.effectSize).toBeCloseTo(0.10792, 5);
    expect(report.interval[0]).toBeGreaterThan(0);
  });

  it('finds none where none was planted', () => {
    const report = analyse('1');

    expect(report.effectSize).toBeCloseTo(-0.02825, 5);
    expect(report.interval[0]).toBeLessThan(0);
    expect(report.interval[1]).toBeGreaterThan(0);
  });
});
