/**
 * `lablink runs`, `lablink identity match-rate` and `lablink ingest` against
 * a running local stack (as `npm start` leaves one: a stack.json in
 * LABLINK_HOME), so pushes reach the same gateway and table the CLI reads.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { programsWithIdentity } from '../../shared/identity/release.js';
import { demoHead } from '../support/demo-data.js';
import { startCliStack, type CliStack } from '../support/cli-stack.js';
import type { TestStack } from '../support/stack.js';

let t: TestStack;
let dir: string;
let key: string;

let lablink: CliStack['lablink'];
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ t, key, lablink, stop } = await startCliStack('cli-runs'));
  dir = await mkdtemp(join(tmpdir(), 'lablink-cli-runs-files-'));
});
afterAll(async () => {
  await stop();
  await rm(dir, { recursive: true, force: true });
});

async function push(path: string, body: unknown) {
  const res = await fetch(`${t.stack.urls.api}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-lablink-key': key },
    body: JSON.stringify(body),
  });
  return res.status;
}

const scored = (id: string, account: { homePage: string; name: string }) => ({
  id,
  actor: { account },
  verb: { id: 'http://adlnet.gov/expapi/verbs/scored' },
  object: { id: 'https://vendor.example.com/items/1' },
  result: { score: { scaled: 0.5 } },
  timestamp: '2025-03-01T10:00:00Z',
});
const SIS = 'https://sis.example-district.org';

const caliperGrade = {
  '@context': 'http://purl.imsglobal.org/ctx/caliper/v1p2',
  id: 'urn:uuid:0f0e0d0c-0000-4000-8000-000000000001',
  type: 'GradeEvent',
  actor: { id: 'https://example.edu/autograder', type: 'SoftwareApplication' },
  action: 'Graded',
  object: {
    id: 'https://example.edu/attempts/9',
    type: 'Attempt',
    assignee: 'https://example.edu/users/700',
    assignable: 'https://example.edu/assess/9',
  },
  generated: {
    id: 'https://example.edu/scores/9',
    type: 'Score',
    maxScore: 10,
    scoreGiven: 7,
  },
  eventTime: '2025-03-01T11:00:00.000Z',
};

interface MatchRateRow {
  runId: string;
  key: string;
  matchRate: Record<string, unknown>;
}

describe('lablink identity match-rate of pushed events', () => {
  it('lists the match rate of every xAPI and Caliper push run, newest first', async () => {
    const xapi = await push('/ingest/xapi/statements', [
      scored('cccccccc-0000-4000-8000-000000000001', { homePage: SIS, name: '700' }),
      scored('cccccccc-0000-4000-8000-000000000002', {
        homePage: 'https://lms.example.com',
        name: 'V-9',
      }),
    ]);
    const caliper = await push('/ingest/caliper', {
      sensor: 'https://example.edu/sensors/1',
      sendTime: '2025-03-01T11:05:00.000Z',
      dataVersion: 'http://purl.imsglobal.org/ctx/caliper/v1p2',
      data: [caliperGrade],
    });

    const out = await lablink(
      'identity',
      'match-rate',
      '--program',
      'district-lrs',
      '--json',
    );

    expect([xapi, caliper, out.code]).toEqual([200, 200, 0]);
    const rows = JSON.parse(out.stdout) as MatchRateRow[];
    expect(rows.map((r) => [r.key.split('/')[0], r.matchRate])).toEqual([
      [
        'caliper',
        {
          records: 1,
          matched: 1,
          byKind: { districtAccount: 1 },
          unmatched: {},
          unmatchedIds: [],
        },
      ],
      [
        'xapi',
        {
          records: 2,
          matched: 1,
          byKind: { districtAccount: 1 },
          unmatched: { no_match: 1 },
          unmatchedIds: ['V-9'],
        },
      ],
    ]);
  });

  it('serves the same match rate on GET /ingest/runs', async () => {
    const res = await t.get('/ingest/runs?limit=5');

    const runs = (
      res.body as { runs: { source: { key: string }; matchRate?: unknown }[] }
    ).runs;
    const xapi = runs.find((r) => r.source.key.startsWith('xapi/'));
    expect(xapi?.matchRate).toEqual({
      records: 2,
      matched: 1,
      byKind: { districtAccount: 1 },
      unmatched: { no_match: 1 },
      unmatchedIds: ['V-9'],
    });
  });

  it('prints one table row per run with its kinds and reasons', async () => {
    const out = await lablink('identity', 'match-rate', '--program', 'district-lrs');

    expect(out.code).toBe(0);
    const lines = out.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^run +file +records +matched +by kind +unmatched \(why\)$/);
    expect(lines.slice(2).map((l) => l.split(/ {2,}/).slice(1))).toEqual([
      [expect.stringMatching(/^caliper\//), '1', '1', 'districtAccount 1'],
      [expect.stringMatching(/^xapi\//), '2', '1', 'districtAccount 1', 'no_match 1'],
    ]);
  });

  it('refuses an unknown program, naming the known ones', async () => {
    const out = await lablink('identity', 'match-rate', '--program', 'nope');

    expect(out.code).toBe(1);
    expect(out.stdout).toBe('');
    // Node prints its own warnings to stderr first; the CLI's line is the last.
    expect(out.stderr.trimEnd().split('\n').at(-1)).toBe(
      `lablink: unknown program "nope"; known programs: ${programsWithIdentity().join(', ')}`,
    );
    expect(programsWithIdentity()).toEqual(
      expect.arrayContaining(['assistments', 'district-lrs', 'oneroster']),
    );
  });
});

describe('lablink ingest without a program', () => {
  it('lets the header choose the program with --program auto, as incoming/auto/ does', async () => {
    const file = join(dir, 'auto-rows.csv');
    await writeFile(file, demoHead(12));

    const out = await lablink('ingest', file, '--program', 'auto', '--json');

    expect(out.code).toBe(0);
    const [run] = JSON.parse(out.stdout) as Record<string, unknown>[];
    expect(run).toMatchObject({
      status: 'completed',
      programId: 'assistments',
      profileId: 'assistments-skill-builder-2009',
      source: { key: 'incoming/auto/auto-rows.csv' },
      counts: {
        parsed: 12,
        accepted: 12,
        replaced: 0,
        duplicates: 0,
        rejected: 0,
        held: 0,
        unwritten: 0,
      },
    });
  });

  it('detects the same way when --program is left out, and says what the header chose', async () => {
    const file = join(dir, 'more-rows.csv');
    await writeFile(file, demoHead(14));

    const out = await lablink('ingest', file);

    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(
      new RegExp(
        '^\\S*more-rows\\.csv: run \\S+ completed\\n' +
          ' {2}program assistments, profile assistments-skill-builder-2009 \\(chosen by the header\\)\\n' +
          ' {2}parsed 14 = accepted 2 \\+ duplicates 12 \\+ rejected 0 \\+ held 0\\n$',
      ),
    );
  });
});

describe('lablink runs', () => {
  it('shows replaced beside the counts that add up to parsed', async () => {
    const [header, ...rows] = demoHead(14).trimEnd().split('\n');
    const at = (header as string).split(',').indexOf('correct');
    const flipped = rows.map((row) => {
      const f = row.split(',');
      f[at] = f[at] === '1' ? '0' : '1';
      return f.join(',');
    });
    const file = join(dir, 'corrected-rows.csv');
    await writeFile(file, [header, ...flipped].join('\n') + '\n');

    const ingest = await lablink('ingest', file, '--program', 'assistments');
    const out = await lablink('runs', '--limit', '3');

    expect(ingest.code).toBe(0);
    expect(ingest.stdout).toMatch(/14 accepted records replaced an earlier version/);
    expect(out.code).toBe(0);
    const lines = out.stdout.trimEnd().split('\n');
    expect(lines[0]?.split(/ +/)).toEqual([
      'run',
      'status',
      'program',
      'key',
      'parsed',
      'accepted',
      'replaced',
      'dup',
      'rejected',
      'held',
      'unwritten',
      'started',
    ]);
    const counts = (key: string) =>
      lines
        .find((l) => l.includes(` ${key} `))
        ?.split(/ +/)
        .slice(4, 11);
    expect(counts('incoming/assistments/corrected-rows.csv')).toEqual([
      '14',
      '14',
      '14',
      '0',
      '0',
      '0',
      '0',
    ]);
    expect(counts('incoming/auto/more-rows.csv')).toEqual([
      '14',
      '2',
      '0',
      '12',
      '0',
      '0',
      '0',
    ]);
    expect(lines[5]).toBe(
      'parsed = accepted + dup + rejected + held + unwritten; ' +
        'replaced: accepted records that replaced an earlier version',
    );
    expect(lines[6]).toMatch(/^more: lablink runs --cursor \S+$/);
  });
});

describe('lablink ingest of a file that is not text', () => {
  it('fails the run at once naming the file and the fix, and holds nothing', async () => {
    const file = join(dir, 'photo.csv');
    // A zip's first bytes (an .xlsx is one), then filler.
    await writeFile(
      file,
      Buffer.concat([
        Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]),
        Buffer.alloc(100, 7),
      ]),
    );

    const out = await lablink('ingest', file, '--program', 'assistments');

    expect(out.code).toBe(2);
    expect(out.stdout).toMatch(
      new RegExp(
        '^\\S*photo\\.csv: run \\S+ failed\\n' +
          ' {2}parsed 0 = accepted 0 \\+ duplicates 0 \\+ rejected 0 \\+ held 0\\n' +
          ' {2}error: incoming/assistments/photo\\.csv: not a text file: export as CSV ' +
          '\\(UTF-8, Windows-1252 or UTF-16 with a BOM\\) and drop it again; byte 5 is NUL, ' +
          'as in a spreadsheet, zip or image\\n$',
      ),
    );
    expect(await t.heldFiles.listHeldFiles()).toEqual([]);
  });
});
