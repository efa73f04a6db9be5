/**
 * The xAPI push endpoint through the real local gateway and emulators:
 * vendor keys, limits, replays and conflicts (C08), degenerate scores (C10)
 * and identity by district account (C11).
 */
import { readFileSync } from 'node:fs';
import { createDocumentClient } from '../../storage/dynamodb-store.js';
import { DynamoVendorKeys } from '../../storage/vendor-keys.js';
import { createVendorKey } from '../../shared/events/vendor-keys.js';
import { MAX_PUSH_ITEMS } from '../../shared/events/push.js';
import { DYNAMODB_FAILURE, failPushEvidenceWrites } from '../support/push-failure.js';
import { describeWithShared, sharedPath } from '../support/shared-folder.js';
import { startTestStack, type TestStack } from '../support/stack.js';

let t: TestStack;
let key: string;
beforeAll(async () => {
  t = await startTestStack();
  const keys = new DynamoVendorKeys(createDocumentClient(), t.stack.table);
  ({ key } = await createVendorKey(keys, 'district-lrs'));
});
afterAll(async () => {
  await t.stack.idle();
  await t.stack.stop();
});

async function post(path: string, body: unknown, apiKey: string | undefined = key) {
  const res = await fetch(`${t.stack.urls.api}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(apiKey ? { 'x-lablink-key': apiKey } : {}),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
const postXapi = (body: unknown, apiKey?: string) =>
  post('/ingest/xapi/statements', body, apiKey);

/** A run's rejects CSV as data staff get it through the gateway. */
async function rejectsOf(runId: string): Promise<string> {
  const res = await fetch(`${t.stack.urls.api}/ingest/runs/${runId}/rejects`);
  expect(res.status).toBe(200);
  return res.text();
}

const statement = (id: string, student: string, scaled: number) => ({
  id,
  actor: {
    name: 'A Learner',
    account: { homePage: 'https://sis.example-district.org', name: student },
  },
  verb: { id: 'http://adlnet.gov/expapi/verbs/scored' },
  object: { id: 'https://vendor.example.com/items/1' },
  result: { score: { scaled } },
  timestamp: '2025-03-01T10:00:00Z',
});

describe('POST /ingest/xapi/statements authentication and limits', () => {
  it('answers 401 without a key and with a wrong key, storing nothing', async () => {
    const none = await postXapi(
      statement('aaaaaaaa-0000-4000-8000-000000000001', '500', 0.5),
      '',
    );
    const wrong = await postXapi(
      statement('aaaaaaaa-0000-4000-8000-000000000001', '500', 0.5),
      `${key.slice(0, -4)}AAAA`,
    );

    expect([none.status, wrong.status]).toEqual([401, 401]);
    expect(await t.store.listStudentEvidence('500')).toEqual([]);
  });

  it('answers 413 naming the limit for too many statements', async () => {
    const many = Array.from({ length: MAX_PUSH_ITEMS + 1 }, () => ({}));

    const res = await postXapi(many);

    expect(res.status).toBe(413);
    expect(res.body.message).toBe(
      '1001 items exceed the limit of 1000; send smaller batches',
    );
  });

  it('answers 413 for a body over 1 MB', async () => {
    const res = await postXapi(`[${' '.repeat(1024 * 1024)}]`);
    expect(res.status).toBe(413);
  });

  it('answers 400 with the number (from 1) and field of an invalid statement, storing nothing', async () => {
    const bad = {
      ...statement('aaaaaaaa-0000-4000-8000-000000000002', '501', 0.5),
      timestamp: 'yesterday',
    };

    const res = await postXapi([
      statement('aaaaaaaa-0000-4000-8000-000000000003', '501', 0.5),
      bad,
    ]);

    // The second statement is statement 2, as a person counts and as the
    // run's held records and rejects number their lines.
    const runId = (res.body.details as { runId: string }).runId;
    expect(res).toEqual({
      status: 400,
      body: {
        error: 'invalid_statement',
        message: 'statement 2: timestamp: Invalid ISO datetime',
        details: {
          statementNumber: 2,
          field: 'timestamp',
          issues: [{ field: 'timestamp', message: 'Invalid ISO datetime' }],
          runId,
        },
      },
    });
    expect(await t.store.listStudentEvidence('501')).toEqual([]);
    // The run blames the statement at fault; the other was refused with it.
    const run = await t.store.getRun(runId);
    expect([
      run?.status,
      run?.counts.parsed,
      run?.counts.rejected,
      run?.rejectReasons,
    ]).toEqual([
      'completed',
      2,
      2,
      {
        'statement 2 invalid: timestamp': 1,
        'refused with its batch (statement 2 invalid: timestamp); send the batch again once fixed': 1,
      },
    ]);
    // One line per statement, as a file run's rejects, served to data staff.
    expect(await rejectsOf(runId)).toBe(
      'line,field,value,reason,fix\n' +
        '1,statement,aaaaaaaa-0000-4000-8000-000000000003,refused with its batch (statement 2 invalid: timestamp),send the batch again once fixed\n' +
        '2,timestamp,aaaaaaaa-0000-4000-8000-000000000002,Invalid ISO datetime,correct statement 2 and send the batch again\n',
    );
  });

  it('answers 409 for an id stored with other content, with one rejects line per statement', async () => {
    const stored = statement('aaaaaaaa-0000-4000-8000-000000000010', '503', 0.5);
    const other = statement('aaaaaaaa-0000-4000-8000-000000000011', '503', 0.6);
    expect((await postXapi(stored)).status).toBe(200);

    // The new statement twice (identical) and the stored id with another score.
    const res = await postXapi([
      other,
      { ...stored, result: { score: { scaled: 0.9 } } },
      other,
    ]);

    const runId = (res.body.details as { runId: string }).runId;
    expect(res).toEqual({
      status: 409,
      body: {
        error: 'conflict',
        message:
          'statement id aaaaaaaa-0000-4000-8000-000000000010 is already stored with other content; nothing was stored',
        details: { ids: ['aaaaaaaa-0000-4000-8000-000000000010'], runId },
      },
    });
    expect((await t.store.listStudentEvidence('503')).map((e) => e.score)).toEqual([0.5]);
    const run = await t.store.getRun(runId);
    expect([run?.counts, run?.rejectReasons]).toEqual([
      {
        parsed: 3,
        accepted: 0,
        replaced: 0,
        duplicates: 0,
        rejected: 3,
        held: 0,
        unwritten: 0,
      },
      {
        'statement id already stored with other content (conflict)': 1,
        'refused with its batch (statement id already stored with other content (conflict)); send the batch again once fixed': 2,
      },
    ]);
    expect(await rejectsOf(runId)).toBe(
      'line,field,value,reason,fix\n' +
        '1,statement,aaaaaaaa-0000-4000-8000-000000000011,refused with its batch (statement id already stored with other content (conflict)),send the batch again once fixed\n' +
        '2,id,aaaaaaaa-0000-4000-8000-000000000010,id aaaaaaaa-0000-4000-8000-000000000010 is already stored with other content (conflict),send new content under a new id; the stored version sent again is a duplicate\n' +
        '3,statement,aaaaaaaa-0000-4000-8000-000000000011,refused with its batch (statement id already stored with other content (conflict)),send the batch again once fixed\n',
    );
  });
});

describeWithShared('cases/inputs', 'xAPI cases through the push endpoint', () => {
  const input = (name: string) =>
    JSON.parse(readFileSync(sharedPath('cases/inputs', name), 'utf8'));

  it('C08: a replay changes nothing, a conflicting id is refused, a batch with a clashing id stores nothing', async () => {
    const c08 = input('C08-xapi-duplicate-ids.json');

    const first = await postXapi(c08.post_1);
    const replay = await postXapi(c08.post_2_replay_identical);
    const conflict = await postXapi(c08.post_3_same_id_different_score);
    const batch = await postXapi(c08.post_4_batch_with_internal_duplicate);

    expect([first.status, replay.status, conflict.status, batch.status]).toEqual([
      200, 200, 409, 409,
    ]);
    expect(first.body).toEqual(['6f1c2a9e-1d4b-4c1e-9a51-0a7e3b2c9d01']);
    expect(conflict.body.details).toMatchObject({
      ids: ['6f1c2a9e-1d4b-4c1e-9a51-0a7e3b2c9d01'],
    });
    expect(batch.body).toEqual({
      error: 'conflict',
      message:
        'statement id 0b8d7e44-7f7a-4a0c-8d57-3c2b6c1e0f02 appears twice in the batch with different content; nothing was stored',
      details: {
        id: '0b8d7e44-7f7a-4a0c-8d57-3c2b6c1e0f02',
        statementNumber: 2,
        runId: (batch.body.details as { runId: string }).runId,
      },
    });
    const refused = await t.store.getRun((batch.body.details as { runId: string }).runId);
    expect(refused?.rejectReasons).toEqual({
      'statement 2 repeats the id of statement 1 with other content': 1,
      'refused with its batch (statement 2 repeats the id of statement 1 with other content); send the batch again once fixed': 1,
    });
    expect(await rejectsOf(refused?.runId ?? '')).toBe(
      'line,field,value,reason,fix\n' +
        '1,statement,0b8d7e44-7f7a-4a0c-8d57-3c2b6c1e0f02,refused with its batch (statement 2 repeats the id of statement 1 with other content),send the batch again once fixed\n' +
        '2,id,0b8d7e44-7f7a-4a0c-8d57-3c2b6c1e0f02,repeats the id of statement 1 with other content,"give each statement its own id, or send one version of it"\n',
    );
    const evidence = await t.store.listStudentEvidence('100411');
    expect(evidence.map((e) => [e.score, e.status])).toEqual([[0.6, 'scored']]);
  });

  it('C10: a score with max = min is held with its reasons, never a 0% in mastery', async () => {
    const res = await postXapi(input('C10-xapi-degenerate-score.json'));

    expect(res.status).toBe(200);
    expect(await t.store.listStudentEvidence('100633')).toEqual([]);
    expect(await t.store.listStudentMastery('100633')).toEqual([]);
    const held = await t.store.listHeld('district-lrs', 'score-review');
    expect(held.map((h) => h.reason)).toEqual([
      'score.max must be greater than score.min; score.scaled cannot be checked against raw without a valid range',
    ]);
  });

  it('C11: one student across a name change, the mbox-only statement held, mastery 0.695', async () => {
    const res = await postXapi(input('C11-xapi-same-account-two-names.json'));

    expect(res.status).toBe(200);
    const evidence = await t.store.listStudentEvidence('100724');
    expect(evidence.map((e) => e.score).sort()).toEqual([0.5, 0.8]);
    const [state] = await t.store.listStudentMastery('100724');
    expect(state?.standard).toBe('MA.6.RP.1');
    expect(state?.value).toBeCloseTo(0.695, 10);
    const held = (await t.store.listHeld('district-lrs')).filter((h) =>
      h.waitingFor.startsWith('student:'),
    );
    expect(held).toHaveLength(1);
    expect(held[0]?.payload).toContain('11111111-0000-4000-8000-000000000003');
    const runs = await t.store.listRuns(20);
    const run = runs.find(
      (r) =>
        r.source.key.startsWith('xapi/') &&
        r.counts.held === 1 &&
        r.counts.accepted === 2,
    );
    expect(run?.counts).toMatchObject({
      parsed: 3,
      accepted: 2,
      duplicates: 0,
      rejected: 0,
      held: 1,
    });
  });
});

describe('voiding, whichever arrives first', () => {
  const voiding = (id: string, target: string) => ({
    id,
    actor: { mbox: 'mailto:admin@example.org' },
    verb: { id: 'http://adlnet.gov/expapi/verbs/voided' },
    object: { objectType: 'StatementRef', id: target },
  });

  it('voids a stored statement, and stores voided a statement whose void came first', async () => {
    await postXapi(statement('bbbbbbbb-0000-4000-8000-000000000001', '600', 0.9));
    await postXapi(
      voiding(
        'bbbbbbbb-0000-4000-8000-0000000000f1',
        'bbbbbbbb-0000-4000-8000-000000000001',
      ),
    );
    await postXapi(
      voiding(
        'bbbbbbbb-0000-4000-8000-0000000000f2',
        'bbbbbbbb-0000-4000-8000-000000000002',
      ),
    );
    await postXapi(statement('bbbbbbbb-0000-4000-8000-000000000002', '601', 0.9));

    const first = await t.store.listStudentEvidence('600');
    const second = await t.store.listStudentEvidence('601');
    expect(first.map((e) => [e.status, e.score])).toEqual([['voided', undefined]]);
    expect(second.map((e) => [e.status, e.score])).toEqual([['voided', undefined]]);
  });
});

// After the cases: C10 lists every statement held for score review.
describe('xAPI scores without a min', () => {
  it('holds a 0-over-0 score without a min for review, storing the rest of its batch', async () => {
    const zero = {
      ...statement('aaaaaaaa-0000-4000-8000-000000000004', '502', 0.5),
      result: { score: { raw: 0, max: 0 } },
    };

    const res = await postXapi([
      statement('aaaaaaaa-0000-4000-8000-000000000005', '502', 0.5),
      zero,
    ]);

    expect(res.status).toBe(200);
    expect((await t.store.listStudentEvidence('502')).map((e) => e.score)).toEqual([0.5]);
    const held = (await t.store.listHeld('district-lrs', 'score-review')).filter((h) =>
      h.payload.includes('aaaaaaaa-0000-4000-8000-000000000004'),
    );
    expect(held.map((h) => h.reason)).toEqual([
      'score.max must be greater than score.min (0 when absent)',
    ]);
  });
});

describe('a push whose write fails after its run is claimed', () => {
  it('ends the run failed with the error and answers 500; the resend counts each statement once', async () => {
    const batch = [
      statement('cccccccc-0000-4000-8000-000000000001', '700', 0.7),
      // No result: recorded for replays, no evidence, so it is decided before the write.
      {
        ...statement('cccccccc-0000-4000-8000-000000000002', '700', 0),
        result: undefined,
      },
      statement('cccccccc-0000-4000-8000-000000000003', '701', 0.4),
    ];

    const failing = failPushEvidenceWrites(t.stack.table);
    const failed = await postXapi(batch).finally(() => failing.restore());

    const runId = (failed.body.details as { runId: string }).runId;
    expect(failed).toEqual({
      status: 500,
      body: {
        error: 'internal',
        message: `the request was not stored completely (run ${runId}); send it again`,
        details: { runId },
      },
    });
    const run = await t.store.getRun(runId);
    expect([run?.status, run?.error, run?.counts, run?.rejectReasons]).toEqual([
      'failed',
      `${DYNAMODB_FAILURE}; send the request again`,
      {
        parsed: 3,
        accepted: 1,
        replaced: 0,
        duplicates: 0,
        rejected: 0,
        held: 0,
        unwritten: 2,
      },
      {},
    ]);
    expect(await t.store.listStudentEvidence('700')).toEqual([]);
    expect(await t.store.listStudentEvidence('701')).toEqual([]);

    // The vendor's retry is a new request: what the failed run wrote is a
    // duplicate, what it left unwritten is accepted, nothing twice.
    const resent = await postXapi(batch);

    expect(resent).toEqual({
      status: 200,
      body: [
        'cccccccc-0000-4000-8000-000000000001',
        'cccccccc-0000-4000-8000-000000000002',
        'cccccccc-0000-4000-8000-000000000003',
      ],
    });
    const [retry] = await t.store.listRuns(1);
    expect(retry?.runId).not.toBe(runId);
    expect([retry?.status, retry?.error, retry?.counts]).toEqual([
      'completed',
      undefined,
      {
        parsed: 3,
        accepted: 2,
        replaced: 0,
        duplicates: 1,
        rejected: 0,
        held: 0,
        unwritten: 0,
      },
    ]);
    expect((await t.store.listStudentEvidence('700')).map((e) => e.score)).toEqual([0.7]);
    expect((await t.store.listStudentEvidence('701')).map((e) => e.score)).toEqual([0.4]);
    expect((await t.store.getRun(runId))?.status).toBe('failed');
  });
});
