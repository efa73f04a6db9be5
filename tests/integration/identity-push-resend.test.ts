/**
 * A batch sent again comes back as duplicates, and its match rate counts
 * every one whose student is known as matched: by the kind of id that
 * resolves it now (districtAccount, sourcedId), or `earlierRun` when only an
 * earlier run found the student (a review here). Pushed through the local
 * gateway, reviewed and read with the real CLI (`lablink held review`,
 * `lablink identity match-rate`).
 */
import { deterministicId } from '../../shared/ids.js';
import { startCliStack, type CliStack } from '../support/cli-stack.js';
import type { TestStack } from '../support/stack.js';

const P = 'district-lrs';
const SIS = 'https://sis.example-district.org';
const ids = {
  account: 'eeeeeeee-0000-4000-8000-000000000001',
  roster: 'eeeeeeee-0000-4000-8000-000000000002',
  badScore: 'eeeeeeee-0000-4000-8000-000000000003',
  group: 'eeeeeeee-0000-4000-8000-000000000004',
  caliperGood: 'urn:uuid:eeeeeeee-0000-4000-8000-0000000000c1',
  caliperBad: 'urn:uuid:eeeeeeee-0000-4000-8000-0000000000c2',
};

let t: TestStack;
let key: string;
let lablink: CliStack['lablink'];
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ t, key, lablink, stop } = await startCliStack('push-resend'));
  // S-9, a rostered student: the vendor's lms account names them by sourcedId,
  // and the reviewer may name them for the anonymous group's statement.
  await t.store.identity().putIdentifiers('S-9', [{ kind: 'sourcedId', value: 'S-9' }]);
  await t.store.putEnrollments([
    { classId: 'C-9', userId: 'S-9', role: 'student', schoolId: 'SCH-9' },
  ]);
});
afterAll(async () => {
  await stop();
});

async function push(path: string, body: unknown) {
  const res = await fetch(`${t.stack.urls.api}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-lablink-key': key },
    body: JSON.stringify(body),
  });
  return res.status;
}

const statement = (id: string, actor: unknown, result: unknown) => ({
  id,
  actor,
  verb: { id: 'http://adlnet.gov/expapi/verbs/scored' },
  object: { id: 'https://vendor.example.com/items/7' },
  result,
  timestamp: '2025-03-01T10:00:00Z',
});
const batch = [
  statement(
    ids.account,
    { account: { homePage: SIS, name: '100724' } },
    { score: { scaled: 0.5 } },
  ),
  statement(
    ids.roster,
    { account: { homePage: 'https://lms.example.com', name: 'S-9' } },
    { score: { scaled: 0.7 } },
  ),
  // Held for score review: its learner is not asked the first time.
  statement(
    ids.badScore,
    { account: { homePage: SIS, name: '100724' } },
    { score: { raw: 12, min: 0, max: 0 } },
  ),
  // Held for learner review: it names no learner identifier.
  statement(
    ids.group,
    {
      objectType: 'Group',
      member: [{ account: { homePage: 'https://vendor.example.com', name: 'team-4' } }],
    },
    { score: { scaled: 0.6 } },
  ),
];

const grade = (id: string, scoreGiven: number) => ({
  '@context': 'http://purl.imsglobal.org/ctx/caliper/v1p2',
  id,
  type: 'GradeEvent',
  actor: { id: 'https://example.edu/autograder', type: 'SoftwareApplication' },
  action: 'Graded',
  object: {
    id: `https://example.edu/attempts/${id.slice(-2)}`,
    type: 'Attempt',
    assignee: 'https://example.edu/users/700',
    assignable: 'https://example.edu/assess/9',
  },
  generated: {
    id: `https://example.edu/scores/${id.slice(-2)}`,
    type: 'Score',
    maxScore: 10,
    scoreGiven,
  },
  eventTime: '2025-03-01T11:00:00.000Z',
});
const envelope = {
  sensor: 'https://example.edu/sensors/1',
  sendTime: '2025-03-01T11:05:00.000Z',
  dataVersion: 'http://purl.imsglobal.org/ctx/caliper/v1p2',
  // The second scores 12 out of 10: held for score review.
  data: [grade(ids.caliperGood, 7), grade(ids.caliperBad, 12)],
};

const rate = (
  records: number,
  byKind: Record<string, number>,
  unmatched: Record<string, number> = {},
) => ({
  records,
  matched: Object.values(byKind).reduce((a, b) => a + b, 0),
  byKind,
  unmatched,
  unmatchedIds: [],
});

async function review(
  format: 'xapi' | 'caliper',
  eventId: string,
  ...decision: string[]
) {
  const heldId = deterministicId(P, format, eventId.toLowerCase());
  const out = await lablink('held', 'review', P, heldId, ...decision, '--by', 'staff-17');
  // The CLI's error line, if any, in the failure message.
  expect({ code: out.code, stderr: out.code === 0 ? '' : out.stderr }).toEqual({
    code: 0,
    stderr: '',
  });
}

interface Row {
  key: string;
  matchRate: Record<string, unknown>;
}
const kindOf = (key: string) =>
  key.startsWith('xapi/') ? 'xapi' : key.startsWith('caliper/') ? 'caliper' : 'review';

describe('the match rate of a resent batch', () => {
  it('counts every duplicate whose student is known as matched, in both formats', async () => {
    expect(await push('/ingest/xapi/statements', batch)).toBe(200);
    expect(await push('/ingest/caliper', envelope)).toBe(200);
    await review('xapi', ids.badScore, '--score', '0.8');
    await review('xapi', ids.group, '--student', 'S-9');
    await review('caliper', ids.caliperBad, '--score', '0.9');
    expect(await push('/ingest/xapi/statements', batch)).toBe(200);
    expect(await push('/ingest/caliper', envelope)).toBe(200);

    const out = await lablink('identity', 'match-rate', '--program', P, '--json');

    expect(out.code).toBe(0);
    const rows = JSON.parse(out.stdout) as Row[];
    expect(rows.map((r) => [kindOf(r.key), r.matchRate])).toEqual([
      // The resends: every learner is known, two of them only by the review.
      ['caliper', rate(2, { districtAccount: 1, earlierRun: 1 })],
      ['xapi', rate(4, { districtAccount: 1, sourcedId: 1, earlierRun: 2 })],
      // The reviews, each its own run.
      ['review', rate(1, { districtAccount: 1 })],
      ['review', rate(1, { review: 1 })],
      ['review', rate(1, { districtAccount: 1 })],
      // The first sends: the score held for review asked no learner.
      ['caliper', rate(1, { districtAccount: 1 })],
      ['xapi', rate(3, { districtAccount: 1, sourcedId: 1 }, { no_identifier: 1 })],
    ]);
    const runs = await t.store.listRuns(20);
    const pushes = runs.filter((r) => kindOf(r.source.key) !== 'review');
    expect(pushes.map((r) => [kindOf(r.source.key), r.counts])).toEqual([
      ['caliper', counts({ parsed: 2, duplicates: 2 })],
      ['xapi', counts({ parsed: 4, duplicates: 4 })],
      ['caliper', counts({ parsed: 2, accepted: 1, held: 1 })],
      ['xapi', counts({ parsed: 4, accepted: 2, held: 2 })],
    ]);
  });

  it('prints the same rates in the table, newest first', async () => {
    const out = await lablink('identity', 'match-rate', '--program', P);

    expect(out.code).toBe(0);
    const lines = out.stdout.trimEnd().split('\n');
    expect(lines.slice(2).map((l) => l.split(/ {2,}/).slice(2))).toEqual([
      ['2', '2', 'districtAccount 1, earlierRun 1'],
      ['4', '4', 'districtAccount 1, sourcedId 1, earlierRun 2'],
      ['1', '1', 'districtAccount 1'],
      ['1', '1', 'review 1'],
      ['1', '1', 'districtAccount 1'],
      ['1', '1', 'districtAccount 1'],
      ['3', '2', 'districtAccount 1, sourcedId 1', 'no_identifier 1'],
    ]);
  });
});

function counts(over: Record<string, number>) {
  return {
    parsed: 0,
    accepted: 0,
    replaced: 0,
    duplicates: 0,
    rejected: 0,
    held: 0,
    unwritten: 0,
    ...over,
  };
}
