/**
 * `lablink held list` and `lablink held review` against a running local
 * stack (a stack.json in LABLINK_HOME), after a push through its gateway.
 */
import { deterministicId } from '../../shared/ids.js';
import { startCliStack, type CliStack } from '../support/cli-stack.js';
import type { TestStack } from '../support/stack.js';

let t: TestStack;
let key: string;

let lablink: CliStack['lablink'];
let stop: () => Promise<void>;

const ID = 'dddddddd-0000-4000-8000-000000000001';
const HELD_ID = deterministicId('district-lrs', 'xapi', ID);

beforeAll(async () => {
  ({ t, key, lablink, stop } = await startCliStack('cli-held'));
  const res = await fetch(`${t.stack.urls.api}/ingest/xapi/statements`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-lablink-key': key },
    body: JSON.stringify({
      id: ID,
      actor: {
        name: 'Maria Lopez',
        account: { homePage: 'https://sis.example-district.org', name: '100724' },
      },
      verb: { id: 'http://adlnet.gov/expapi/verbs/scored' },
      object: { id: 'https://vendor.example.com/items/7' },
      result: { score: { raw: 12, min: 0, max: 0 } },
      timestamp: '2025-03-01T10:00:00Z',
    }),
  });
  expect(res.status).toBe(200);
});
afterAll(async () => {
  await stop();
});

describe('lablink held', () => {
  it('lists the held statement by ids and reason, never its learner name', async () => {
    const out = await lablink('held', 'list', '--waiting', 'score-review', '--json');

    expect(out.code).toBe(0);
    const rows = JSON.parse(out.stdout) as Record<string, unknown>[];
    expect(rows.map(({ runId: _r, heldAt: _h, ...rest }) => rest)).toEqual([
      {
        programId: 'district-lrs',
        heldId: HELD_ID,
        waitingFor: 'score-review',
        reason: 'score.max must be greater than score.min',
        source: { uri: 'POST /ingest/xapi/statements', line: 1 },
      },
    ]);
    const table = await lablink('held', 'list', '--program', 'district-lrs');
    expect(table.stdout).toContain(HELD_ID);
    expect(table.stdout).toContain('POST /ingest/xapi/statements:1');
    expect(table.stdout).not.toContain('Maria');
    expect(table.stdout.trim().split('\n').at(-1)).toBe('1 held');
  });

  it('refuses to list an unknown program, naming the known ones', async () => {
    const out = await lablink('held', 'list', '--program', 'nope');

    expect(out.code).toBe(1);
    expect(out.stderr.trim().split('\n').at(-1)).toMatch(
      /^lablink: unknown program "nope"; known programs: .*\bdistrict-lrs\b/,
    );
  });

  it('refuses a decision without a reviewer, and a score outside [0,1], in one line', async () => {
    const noBy = await lablink(
      'held',
      'review',
      'district-lrs',
      HELD_ID,
      '--score',
      '0.8',
    );
    const tooBig = await lablink(
      'held',
      'review',
      'district-lrs',
      HELD_ID,
      '--score',
      '1.5',
      '--by',
      'staff-17',
    );

    expect(noBy.code).not.toBe(0);
    expect(noBy.stderr).toContain("required option '--by <reviewerId>' not specified");
    expect(tooBig.code).not.toBe(0);
    expect(tooBig.stderr).toContain('a fraction from 0 to 1, e.g. 0.8');
  });

  it('reviews it with --score, then refuses the same decision again', async () => {
    const first = await lablink(
      'held',
      'review',
      'district-lrs',
      HELD_ID,
      '--score',
      '0.8',
      '--by',
      'staff-17',
      '--json',
    );
    const again = await lablink(
      'held',
      'review',
      'district-lrs',
      HELD_ID,
      '--score',
      '0.8',
      '--by',
      'staff-17',
    );

    expect(first.code).toBe(0);
    const result = JSON.parse(first.stdout) as {
      run: { runId: string; counts: Record<string, number> };
      outcomes: unknown[];
    };
    expect(result.run.counts).toEqual({
      parsed: 1,
      accepted: 1,
      replaced: 0,
      duplicates: 0,
      rejected: 0,
      held: 0,
      unwritten: 0,
    });
    expect(result.outcomes).toEqual([
      {
        heldId: HELD_ID,
        decision: 'score 0.8',
        evidenceId: HELD_ID,
        studentId: '100724',
      },
    ]);
    expect(again.code).toBe(1);
    // The last line: the SDK may print a Node version warning before it.
    expect(again.stderr.trim().split('\n').at(-1)).toBe(
      `lablink: held record ${HELD_ID} of program district-lrs is not held for review ` +
        '(decided already, or unknown); `lablink held list` shows what is',
    );
    const runs = await lablink('runs');
    expect(runs.stdout).toContain(result.run.runId);
    const left = await lablink('held', 'list', '--program', 'district-lrs', '--json');
    expect(JSON.parse(left.stdout)).toEqual([]);
  });
});
