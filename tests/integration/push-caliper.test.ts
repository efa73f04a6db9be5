/** The Caliper push endpoint through the real local gateway and emulators. */
import { createDocumentClient } from '../../storage/dynamodb-store.js';
import { DynamoVendorKeys } from '../../storage/vendor-keys.js';
import { createVendorKey } from '../../shared/events/vendor-keys.js';
import { DYNAMODB_FAILURE, failPushEvidenceWrites } from '../support/push-failure.js';
import { startTestStack, type TestStack } from '../support/stack.js';

let t: TestStack;
let key: string;
beforeAll(async () => {
  t = await startTestStack();
  ({ key } = await createVendorKey(
    new DynamoVendorKeys(createDocumentClient(), t.stack.table),
    'district-lrs',
  ));
});
afterAll(async () => {
  await t.stack.idle();
  await t.stack.stop();
});

async function postCaliper(body: unknown, apiKey = key) {
  const res = await fetch(`${t.stack.urls.api}/ingest/caliper`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-lablink-key': apiKey },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const grade = (scoreGiven: number) => ({
  '@context': 'http://purl.imsglobal.org/ctx/caliper/v1p2',
  id: 'urn:uuid:a50ca17f-5971-47bb-8fca-4e6e6879001d',
  type: 'GradeEvent',
  actor: { id: 'https://example.edu/autograder', type: 'SoftwareApplication' },
  action: 'Graded',
  object: {
    id: 'https://example.edu/attempts/1',
    type: 'Attempt',
    assignee: 'https://example.edu/users/554433',
    assignable: 'https://example.edu/assess/1',
  },
  generated: {
    id: 'https://example.edu/scores/1',
    type: 'Score',
    maxScore: 15,
    scoreGiven,
  },
  eventTime: '2016-11-15T10:57:06.000Z',
});
const view = {
  ...grade(0),
  id: 'urn:uuid:cd088ca7-c044-405c-bb41-0b2a8506f907',
  type: 'ViewEvent',
  actor: { id: 'https://example.edu/users/554433', type: 'Person' },
  action: 'NotAnAction',
  object: { id: 'https://example.edu/etexts/201.epub', type: 'Document' },
  generated: undefined,
};
const envelope = (...data: unknown[]) => ({
  sensor: 'https://example.edu/sensors/1',
  sendTime: '2016-11-15T11:05:01.000Z',
  dataVersion: 'http://purl.imsglobal.org/ctx/caliper/v1p2',
  data,
});

describe('POST /ingest/caliper', () => {
  it('stores a grade, rejects an unknown action by name, and counts both', async () => {
    const res = await postCaliper(envelope(grade(9), view));

    expect(res.status).toBe(200);
    expect(res.body.counts).toEqual({
      parsed: 2,
      accepted: 1,
      replaced: 0,
      duplicates: 0,
      rejected: 1,
      held: 0,
      unwritten: 0,
    });
    expect(res.body.rejected).toEqual([
      {
        itemNumber: 2,
        field: 'action',
        message: 'unknown action "NotAnAction" (not in the Caliper 1.2 vocabulary)',
      },
    ]);
    const evidence = await t.store.listStudentEvidence('554433');
    expect(evidence.map((e) => e.score)).toEqual([0.6]);
  });

  it('counts a replay as a duplicate and refuses the same id with another score', async () => {
    const replay = await postCaliper(envelope(grade(9)));
    const conflict = await postCaliper(envelope(grade(15)));

    expect(replay.body.counts).toMatchObject({ parsed: 1, duplicates: 1, accepted: 0 });
    expect(conflict.body.counts).toMatchObject({ parsed: 1, rejected: 1, accepted: 0 });
    expect(conflict.body.rejected).toEqual([
      {
        itemNumber: 1,
        field: 'id',
        message:
          'id urn:uuid:a50ca17f-5971-47bb-8fca-4e6e6879001d is already stored with other content (conflict)',
      },
    ]);
    expect((await t.store.listStudentEvidence('554433')).map((e) => e.score)).toEqual([
      0.6,
    ]);
  });

  it('answers 401 for a key of the right shape that was never issued', async () => {
    const res = await postCaliper(
      envelope(grade(9)),
      `llk_${'A'.repeat(16)}_${'B'.repeat(43)}`,
    );
    expect(res.status).toBe(401);
  });

  it('lists each request as a push run', async () => {
    const runs = await t.store.listRuns(50);
    expect(runs.filter((r) => r.source.key.startsWith('caliper/')).length).toBe(3);
  });
});

describe('rejected Caliper items', () => {
  it('are lines of the run rejects CSV, numbered from 1 as the answer numbers them', async () => {
    const id = 'urn:uuid:0c1d2e3f-0000-4000-8000-000000000002';
    const first = {
      ...grade(9),
      id,
      object: { ...grade(9).object, assignee: 'https://example.edu/users/554435' },
    };
    const unknownAction = {
      ...view,
      id: 'urn:uuid:0c1d2e3f-0000-4000-8000-000000000003',
    };

    const res = await postCaliper(
      envelope(first, unknownAction, {
        ...first,
        generated: { ...first.generated, scoreGiven: 15 },
      }),
    );

    const runId = res.body.runId as string;
    expect(res).toEqual({
      status: 200,
      body: {
        runId,
        counts: {
          parsed: 3,
          accepted: 1,
          replaced: 0,
          duplicates: 0,
          rejected: 2,
          held: 0,
          unwritten: 0,
        },
        rejected: [
          {
            itemNumber: 2,
            field: 'action',
            message: 'unknown action "NotAnAction" (not in the Caliper 1.2 vocabulary)',
          },
          {
            itemNumber: 3,
            field: 'id',
            message: 'repeats the id of item 1 with other content',
          },
        ],
      },
    });
    expect((await t.store.getRun(runId))?.rejectReasons).toEqual({
      'action: unknown action "NotAnAction" (not in the Caliper 1.2 vocabulary)': 1,
      'event id repeated with other content (conflict)': 1,
    });
    const rejects = await fetch(`${t.stack.urls.api}/ingest/runs/${runId}/rejects`);
    expect(await rejects.text()).toBe(
      'line,field,value,reason,fix\n' +
        '2,action,urn:uuid:0c1d2e3f-0000-4000-8000-000000000003,"unknown action ""NotAnAction"" (not in the Caliper 1.2 vocabulary)",correct this item and send it again; the envelope\'s other items were taken\n' +
        `3,id,${id},repeats the id of item 1 with other content,"give each event its own id, or send one version of it"\n`,
    );
  });
});

describe('a Caliper push whose write fails after its run is claimed', () => {
  it('ends the run failed with the error and answers 500; the resend stores the grade once', async () => {
    const body = envelope({
      ...grade(12),
      id: 'urn:uuid:0c1d2e3f-0000-4000-8000-000000000001',
      object: { ...grade(12).object, assignee: 'https://example.edu/users/554434' },
    });

    const failing = failPushEvidenceWrites(t.stack.table);
    const failed = await postCaliper(body).finally(() => failing.restore());

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
    expect([run?.status, run?.error, run?.counts]).toEqual([
      'failed',
      `${DYNAMODB_FAILURE}; send the request again`,
      {
        parsed: 1,
        accepted: 0,
        replaced: 0,
        duplicates: 0,
        rejected: 0,
        held: 0,
        unwritten: 1,
      },
    ]);
    expect(await t.store.listStudentEvidence('554434')).toEqual([]);

    const resent = await postCaliper(body);

    expect(resent.status).toBe(200);
    expect(resent.body.counts).toEqual({
      parsed: 1,
      accepted: 1,
      replaced: 0,
      duplicates: 0,
      rejected: 0,
      held: 0,
      unwritten: 0,
    });
    expect((await t.store.listStudentEvidence('554434')).map((e) => e.score)).toEqual([
      0.8,
    ]);
  });
});
