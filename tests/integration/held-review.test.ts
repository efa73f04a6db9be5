/**
 * Pushed events held for review (a score that makes no sense, an event that
 * names no learner) end by a reviewer's decision: statements go through the
 * real xAPI push route, decisions through applyReviews on the same table.
 */
import { createDocumentClient } from '../../storage/dynamodb-store.js';
import { DynamoEventRecords } from '../../storage/statements.js';
import { DynamoVendorKeys } from '../../storage/vendor-keys.js';
import { S3Objects } from '../../storage/s3-objects.js';
import { createVendorKey } from '../../shared/events/vendor-keys.js';
import { deterministicId } from '../../shared/ids.js';
import { silentLog } from '../../shared/log.js';
import { applyReviews } from '../../shared/events/review.js';
import { startTestStack, type TestStack } from '../support/stack.js';

const SIS = 'https://sis.example-district.org';
const P = 'district-lrs';
const ids = {
  maxZero: 'cccccccc-0000-4000-8000-000000000001',
  rawOver: 'cccccccc-0000-4000-8000-000000000002',
  group: 'cccccccc-0000-4000-8000-000000000003',
  noMax: 'cccccccc-0000-4000-8000-000000000004',
  voided: 'cccccccc-0000-4000-8000-000000000005',
};
const heldIdOf = (eventId: string) => deterministicId(P, 'xapi', eventId);
const evidenceIdOf = heldIdOf;

let t: TestStack;
let key: string;
beforeAll(async () => {
  t = await startTestStack();
  const keys = new DynamoVendorKeys(createDocumentClient(), t.stack.table);
  ({ key } = await createVendorKey(keys, P));
  await t.store.identity().putIdentifiers('S-9', [{ kind: 'sourcedId', value: 'S-9' }]);
  // T-1, a teacher, in the index as an earlier release could leave one.
  await t.store.identity().putIdentifiers('T-1', [{ kind: 'sourcedId', value: 'T-1' }]);
  await t.store.putEnrollments([
    { classId: 'C-9', userId: 'S-9', role: 'student', schoolId: 'SCH-9' },
    { classId: 'C-9', userId: 'T-1', role: 'teacher', schoolId: 'SCH-9' },
  ]);
});
afterAll(async () => {
  await t.stack.idle();
  await t.stack.stop();
});

async function postXapi(body: unknown) {
  const res = await fetch(`${t.stack.urls.api}/ingest/xapi/statements`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-lablink-key': key },
    body: JSON.stringify(body),
  });
  return res.status;
}

const statement = (id: string, result: unknown, actor?: unknown) => ({
  id,
  actor: actor ?? {
    name: 'Maria Lopez',
    account: { homePage: SIS, name: '100724' },
  },
  verb: { id: 'http://adlnet.gov/expapi/verbs/scored' },
  object: { id: 'https://vendor.example.com/items/7' },
  result,
  context: { extensions: { 'https://example.org/xapi/ext/standard': '6.RP.A.1' } },
  timestamp: '2025-03-01T10:00:00Z',
});
const anonymousGroup = {
  objectType: 'Group',
  member: [{ account: { homePage: 'https://vendor.example.com', name: 'team-4' } }],
};
const batch = [
  statement(ids.maxZero, { score: { raw: 12, min: 0, max: 0 } }),
  statement(ids.rawOver, { score: { raw: 30, min: 0, max: 20 } }),
  statement(ids.group, { score: { scaled: 0.6 } }, anonymousGroup),
  statement(ids.noMax, { score: { raw: 5 }, duration: 'PT15M' }),
  statement(ids.voided, { score: { raw: 3, min: 0, max: 0 } }),
];

const deps = () => ({
  evidence: t.store,
  mastery: t.store,
  roster: t.store,
  runs: t.store,
  held: t.store,
  identity: t.store.identity(),
  events: new DynamoEventRecords(createDocumentClient(), t.stack.table),
  objects: new S3Objects(t.s3),
  bucket: t.stack.bucket,
  log: silentLog,
  now: () => new Date('2025-03-05T09:00:00.000Z'),
});
const decide = (eventId: string, action: unknown, reviewedBy = 'staff-17') =>
  applyReviews(deps(), [{ programId: P, heldId: heldIdOf(eventId), action, reviewedBy }]);

const counts = (over: Record<string, number>) => ({
  parsed: 0,
  accepted: 0,
  replaced: 0,
  duplicates: 0,
  rejected: 0,
  held: 0,
  unwritten: 0,
  ...over,
});
const evidenceOf = async (studentId: string, eventId: string) =>
  (await t.store.listStudentEvidence(studentId)).find(
    (e) => e.evidenceId === evidenceIdOf(eventId),
  );
const heldNow = async () =>
  (await t.store.listHeld(P)).map((h) => [h.heldId, h.waitingFor]).sort();

describe('events held for review', () => {
  beforeAll(async () => {
    expect(await postXapi(batch)).toBe(200);
    const voiding = {
      id: 'cccccccc-0000-4000-8000-0000000000ff',
      actor: { account: { homePage: SIS, name: '100724' } },
      verb: { id: 'http://adlnet.gov/expapi/verbs/voided' },
      object: { objectType: 'StatementRef', id: ids.voided },
    };
    expect(await postXapi(voiding)).toBe(200);
  });

  it('holds each with its wait and reason', async () => {
    const held = await t.store.listHeld(P);

    expect(
      held.map((h) => [h.heldId, h.waitingFor, h.reason, h.source.line]).sort(),
    ).toEqual(
      [
        [
          heldIdOf(ids.maxZero),
          'score-review',
          'score.max must be greater than score.min',
          1,
        ],
        [
          heldIdOf(ids.rawOver),
          'score-review',
          'score.raw must lie within [score.min, score.max]',
          2,
        ],
        [
          heldIdOf(ids.group),
          'learner-review',
          'the event names no learner identifier (account, mbox, openid or IRI)',
          3,
        ],
        [
          heldIdOf(ids.noMax),
          'score-review',
          'score.raw without score.max or score.scaled: points and percent cannot be told apart',
          4,
        ],
        [
          heldIdOf(ids.voided),
          'score-review',
          'score.max must be greater than score.min',
          5,
        ],
      ].sort(),
    );
  });

  it('writes the reviewer score as evidence with its provenance, in a review run', async () => {
    const { run, outcomes } = await decide(ids.maxZero, { kind: 'score', score: 0.8 });

    expect(run.counts).toEqual(counts({ parsed: 1, accepted: 1 }));
    expect([run.status, run.profileId, run.source.bucket]).toEqual([
      'completed',
      'held-review',
      'lablink-review',
    ]);
    expect(run.source.key).toMatch(/^district-lrs\/[\w-]+$/);
    expect(outcomes).toEqual([
      {
        heldId: heldIdOf(ids.maxZero),
        decision: 'score 0.8',
        evidenceId: evidenceIdOf(ids.maxZero),
        studentId: '100724',
      },
    ]);
    const e = await evidenceOf('100724', ids.maxZero);
    expect(e).toMatchObject({
      studentId: '100724',
      programId: P,
      itemId: 'https://vendor.example.com/items/7',
      status: 'scored',
      score: 0.8,
      standards: ['6.RP.A.1'],
      occurredAt: '2025-03-01T10:00:00.000Z',
      source: { kind: 'push', uri: 'POST /ingest/xapi/statements', line: 1 },
      review: {
        reviewedBy: 'staff-17',
        reviewedAt: '2025-03-05T09:00:00.000Z',
        runId: run.runId,
        decision: 'score 0.8',
        heldReason: 'score.max must be greater than score.min',
      },
    });
    expect(e?.source.runId).not.toBe(run.runId);
    const [state] = await t.store.listStudentMastery('100724');
    expect(state?.value).toBe(0.8);
    expect((await heldNow()).map(([id]) => id)).not.toContain(heldIdOf(ids.maxZero));
  });

  it('refuses the same decision applied again, naming the heldId, and changes nothing', async () => {
    const before = await t.store.listStudentEvidence('100724');

    await expect(decide(ids.maxZero, { kind: 'score', score: 0.8 })).rejects.toThrow(
      `held record ${heldIdOf(ids.maxZero)} of program district-lrs is not held for review ` +
        '(decided already, or unknown); `lablink held list` shows what is',
    );
    await expect(decide(ids.maxZero, { kind: 'score', score: 0.3 })).rejects.toThrow(
      /not held for review/,
    );
    expect(await t.store.listStudentEvidence('100724')).toEqual(before);
  });

  it('refuses an unknown heldId', async () => {
    await expect(
      applyReviews(deps(), [
        {
          programId: P,
          heldId: 'no-such-id',
          action: { kind: 'usage' },
          reviewedBy: 's',
        },
      ]),
    ).rejects.toThrow(/^held record no-such-id of program district-lrs is not held/);
  });

  it('counts a resend of the reviewed statement as a duplicate, holding nothing', async () => {
    expect(await postXapi(batch[0])).toBe(200);

    expect((await heldNow()).map(([id]) => id)).not.toContain(heldIdOf(ids.maxZero));
    expect((await evidenceOf('100724', ids.maxZero))?.score).toBe(0.8);
  });

  it('rejects with the reviewer reason, in the run reasons and its rejects CSV', async () => {
    const { run } = await decide(ids.rawOver, {
      kind: 'reject',
      reason: 'vendor test data',
    });

    expect(run.counts).toEqual(counts({ parsed: 1, rejected: 1 }));
    expect(run.rejectReasons).toEqual({ 'rejected in review: vendor test data': 1 });
    expect(run.rejectsKey).toBe(`runs/${run.runId}/rejects.csv`);
    const res = await fetch(`${t.stack.urls.api}/ingest/runs/${run.runId}/rejects`);
    expect(await res.text()).toBe(
      'line,field,value,reason,fix\n' +
        `2,score-review,${heldIdOf(ids.rawOver)},vendor test data (by staff-17),\n`,
    );
    expect(await evidenceOf('100724', ids.rawOver)).toBeUndefined();
    expect((await heldNow()).map(([id]) => id)).not.toContain(heldIdOf(ids.rawOver));
  });

  it.each([
    ['a student the roster does not know', 'S-404'],
    ['a teacher of the roster', 'T-1'],
  ])('refuses %s, naming the id', async (_, studentId) => {
    await expect(decide(ids.group, { kind: 'student', studentId })).rejects.toThrow(
      `"${studentId}" is not a student enrolled in any class of the roster; give the ` +
        'Lablink student id (the roster sourcedId of a student) or import the roster first',
    );
    expect(await heldNow()).toContainEqual([heldIdOf(ids.group), 'learner-review']);
  });

  it('maps a learner-review event with the student the reviewer names', async () => {
    const { run } = await decide(ids.group, { kind: 'student', studentId: 'S-9' });

    expect(run.counts).toEqual(counts({ parsed: 1, accepted: 1 }));
    expect(run.matchRate).toEqual({
      records: 1,
      matched: 1,
      byKind: { review: 1 },
      unmatched: {},
      unmatchedIds: [],
    });
    expect(await evidenceOf('S-9', ids.group)).toMatchObject({
      status: 'scored',
      score: 0.6,
      review: { reviewedBy: 'staff-17', decision: 'student S-9' },
    });
  });

  it('refuses a named student for an event whose own learner resolves', async () => {
    await expect(decide(ids.noMax, { kind: 'usage', studentId: 'S-9' })).rejects.toThrow(
      `held record ${heldIdOf(ids.noMax)}: its learner resolves to student 100724 ` +
        'already; decide without --student',
    );
    expect(await evidenceOf('S-9', ids.noMax)).toBeUndefined();
    expect(await heldNow()).toContainEqual([heldIdOf(ids.noMax), 'score-review']);
  });

  it('keeps only the time on task when the reviewer decides usage', async () => {
    const { run } = await decide(ids.noMax, { kind: 'usage' });

    expect(run.counts).toEqual(counts({ parsed: 1, accepted: 1 }));
    const e = await evidenceOf('100724', ids.noMax);
    expect([e?.status, e?.score, e?.minutesOnTask, e?.review?.decision]).toEqual([
      'usage',
      undefined,
      15,
      'usage',
    ]);
  });

  it('writes a statement voided before its review as voided', async () => {
    const { run } = await decide(ids.voided, { kind: 'score', score: 0.5 });

    expect(run.counts).toEqual(counts({ parsed: 1, accepted: 1 }));
    const e = await evidenceOf('100724', ids.voided);
    expect([e?.status, e?.score, e?.review?.decision]).toEqual([
      'voided',
      undefined,
      'score 0.5',
    ]);
    const [state] = await t.store.listStudentMastery('100724');
    expect(state?.value).toBe(0.8);
  });

  it('leaves nothing held and lists the review runs with the others', async () => {
    expect(await heldNow()).toEqual([]);
    const res = await t.get('/ingest/runs?limit=20');
    const runs = (res.body as { runs: { profileId: string; counts: unknown }[] }).runs;
    expect(runs.filter((r) => r.profileId === 'held-review')).toHaveLength(5);
  });
});

describe('two reviews of one held record', () => {
  const race = 'cccccccc-0000-4000-8000-000000000006';
  const claimed = 'cccccccc-0000-4000-8000-000000000007';
  const heldOf = async (eventId: string) =>
    (await t.store.listHeld(P)).filter((h) => h.heldId === heldIdOf(eventId));

  beforeAll(async () => {
    expect(
      await postXapi([
        statement(race, { score: { raw: 12, min: 0, max: 0 } }),
        statement(claimed, { score: { raw: 12, min: 0, max: 0 } }),
      ]),
    ).toBe(200);
  });

  it('lets one of two reviewers deciding at once write, and refuses the other', async () => {
    const results = await Promise.allSettled([
      decide(race, { kind: 'score', score: 0.8 }, 'staff-1'),
      decide(race, { kind: 'reject', reason: 'vendor test data' }, 'staff-2'),
    ]);

    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter(
      (r): r is PromiseRejectedResult => r.status === 'rejected',
    );
    expect([won.length, lost.length]).toEqual([1, 1]);
    expect(String(lost[0]?.reason)).toMatch(
      new RegExp(
        `held record ${heldIdOf(race)} (is being decided by review run \\S+;|was decided by another review|of program ${P} is not held for review)`,
      ),
    );
    expect(await heldOf(race)).toEqual([]);
    // The winner's decision alone: evidence for the score, none for the reject.
    const evidence = await evidenceOf('100724', race);
    expect(evidence?.review?.reviewedBy).toBe(
      results[0]?.status === 'fulfilled' ? 'staff-1' : undefined,
    );
  });

  it("refuses a record another run claimed within the claim's time, and takes a stale claim", async () => {
    const [record] = await heldOf(claimed);
    if (!record) throw new Error('the claimed test record is not held');
    // Another review run claimed it five minutes before this one (deps().now is 09:00).
    await t.store.claimHeldForReview(
      [record],
      'review-run-other',
      '2025-03-05T08:55:00.000Z',
      '2025-03-05T08:40:00.000Z',
    );

    await expect(decide(claimed, { kind: 'score', score: 0.5 })).rejects.toThrow(
      `held record ${heldIdOf(claimed)} is being decided by review run review-run-other; ` +
        'when it ends, `lablink held list` shows whether it is still held',
    );
    expect(await heldOf(claimed)).toHaveLength(1);

    // Twenty minutes before: the other run died long enough ago for its claim to lapse.
    await t.store.releaseHeldClaims([record], 'review-run-other');
    await t.store.claimHeldForReview(
      [record],
      'review-run-other',
      '2025-03-05T08:40:00.000Z',
      '2025-03-05T08:25:00.000Z',
    );
    const { run } = await decide(claimed, { kind: 'score', score: 0.5 });

    expect(run.counts).toEqual(counts({ parsed: 1, accepted: 1 }));
    expect(await heldOf(claimed)).toEqual([]);
    expect((await evidenceOf('100724', claimed))?.score).toBe(0.5);
  });
});
