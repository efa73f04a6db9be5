/**
 * Pushed events whose learner no district id, mapping or roster names are
 * held under `student:<program>:<vendorId>` and released through the events
 * pipeline when a mapping names them (case C11's mbox-only statement, and a
 * Caliper grade of a person outside the district).
 */
import { readFileSync } from 'node:fs';
import { pushCaliperEnvelope, pushXapiStatements } from '../../shared/events/push.js';
import { loadMappingTable } from '../../shared/identity/mapping-table.js';
import {
  LOCAL_ACCESS_KEY,
  ensureTable,
  startDynalite,
} from '../../infra/local/emulators.js';
import { silentLog } from '../../shared/log.js';
import { createDocumentClient, DynamoStore } from '../../storage/dynamodb-store.js';
import { DynamoEventRecords } from '../../storage/statements.js';
import { describeWithShared, sharedPath } from '../support/shared-folder.js';

/** `printf '%s' 'mailto:mlopez@example.org' | sha1sum` */
const MBOX_SHA1 = 'b231229f0a8a249492ae09b672f3cf5f8975b54f';
const OUTSIDER = 'https://partner.example.org/people/77';

let dynamo: Awaited<ReturnType<typeof startDynalite>>;
let store: DynamoStore;
let events: DynamoEventRecords;
let tables = 0;
beforeAll(async () => {
  dynamo = await startDynalite(0);
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: LOCAL_ACCESS_KEY,
    AWS_SECRET_ACCESS_KEY: LOCAL_ACCESS_KEY,
  });
});
afterAll(async () => {
  await dynamo.stop();
});

/** A fresh, empty table for each group of tests. */
async function freshTable(): Promise<void> {
  tables += 1;
  const table = `push-release-${tables}`;
  await ensureTable(dynamo.url, table);
  const doc = createDocumentClient({ endpoint: dynamo.url });
  store = new DynamoStore(doc, table);
  events = new DynamoEventRecords(doc, table);
}

/** The push and release dependencies on the current table. */
const deps = () => ({
  evidence: store,
  mastery: store,
  roster: store,
  runs: store,
  held: store,
  identity: store.identity(),
  events,
  log: silentLog,
});

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

describeWithShared('cases/inputs', 'C11: the mbox-only statement', () => {
  beforeAll(async () => {
    await freshTable();
  });

  it('is held under the sha1 of its mailto IRI while the account statements land', async () => {
    const body = readFileSync(
      sharedPath('cases/inputs/C11-xapi-same-account-two-names.json'),
      'utf8',
    );

    const res = await pushXapiStatements(deps(), {
      programId: 'district-lrs',
      requestId: 'c11-push',
      body,
    });

    expect(res.status).toBe(200);
    const held = await store.listHeld('district-lrs');
    expect(held.map((h) => [h.waitingFor, h.source.line])).toEqual([
      [`student:district-lrs:${MBOX_SHA1}`, 3],
    ]);
    expect(held[0]?.reason).not.toContain('@');
    const evidence = await store.listStudentEvidence('100724');
    expect(evidence.map((e) => e.score).sort()).toEqual([0.5, 0.8]);
    const [state] = await store.listStudentMastery('100724');
    expect(state?.value).toBeCloseTo(0.695, 10);
  });

  it('is released into one evidence record of the mapped student when a mapping names its sha1', async () => {
    const mapping = Buffer.from(
      `program,vendorStudentId,studentId\r\ndistrict-lrs,${MBOX_SHA1},S-mlopez\r\n`,
    );

    const load = await loadMappingTable(deps(), 'map.csv', mapping);

    expect(load.releases.map((r) => [r.profileId, r.counts])).toEqual([
      ['held-release', counts({ parsed: 1, accepted: 1 })],
    ]);
    expect(load.releases[0]?.matchRate).toEqual({
      records: 1,
      matched: 1,
      byKind: { mapping: 1 },
      unmatched: {},
      unmatchedIds: [],
    });
    const evidence = await store.listStudentEvidence('S-mlopez');
    expect(evidence.map((e) => [e.score, e.standards, e.source.line])).toEqual([
      [0.4, ['MA.6.RP.1'], 3],
    ]);
    expect(await store.listHeld('district-lrs')).toEqual([]);
    const account = await store.listStudentEvidence('100724');
    expect(account.map((e) => e.score).sort()).toEqual([0.5, 0.8]);
  });

  it('does nothing when the same mapping is loaded again', async () => {
    const mapping = Buffer.from(
      `program,vendorStudentId,studentId\r\ndistrict-lrs,${MBOX_SHA1},S-mlopez\r\n`,
    );

    const load = await loadMappingTable(deps(), 'map.csv', mapping);

    expect(load.releases).toEqual([]);
    expect(await store.listStudentEvidence('S-mlopez')).toHaveLength(1);
  });

  it('counts a resend of the released statement as a duplicate', async () => {
    const body = readFileSync(
      sharedPath('cases/inputs/C11-xapi-same-account-two-names.json'),
      'utf8',
    );

    const res = await pushXapiStatements(deps(), {
      programId: 'district-lrs',
      requestId: 'c11-resend',
      body,
    });

    expect(res.status).toBe(200);
    const runs = await store.listRuns(10);
    const resend = runs.find((r) => r.source.key === 'xapi/c11-resend');
    expect(resend?.counts).toEqual(counts({ parsed: 3, duplicates: 3 }));
    expect(await store.listHeld('district-lrs')).toEqual([]);
  });

  it('voids the released evidence when a void of its statement arrives later', async () => {
    const voiding = {
      id: '11111111-0000-4000-8000-0000000000f3',
      actor: { account: { homePage: 'https://lrs.example', name: 'admin' } },
      verb: { id: 'http://adlnet.gov/expapi/verbs/voided' },
      object: { objectType: 'StatementRef', id: '11111111-0000-4000-8000-000000000003' },
    };

    const res = await pushXapiStatements(deps(), {
      programId: 'district-lrs',
      requestId: 'c11-void',
      body: JSON.stringify(voiding),
    });

    expect(res.status).toBe(200);
    const evidence = await store.listStudentEvidence('S-mlopez');
    expect(evidence.map((e) => [e.status, e.score])).toEqual([['voided', undefined]]);
  });
});

describe('a Caliper grade of a person outside the district', () => {
  const envelope = {
    sensor: 'https://example.edu/sensors/1',
    sendTime: '2016-11-15T11:05:01.000Z',
    dataVersion: 'http://purl.imsglobal.org/ctx/caliper/v1p2',
    data: [
      {
        '@context': 'http://purl.imsglobal.org/ctx/caliper/v1p2',
        id: 'urn:uuid:7e1f0c2a-5b9d-4c1e-9a7b-0d3e2f1a4b5c',
        type: 'GradeEvent',
        actor: { id: 'https://example.edu/autograder', type: 'SoftwareApplication' },
        action: 'Graded',
        object: {
          id: 'https://example.edu/attempts/9',
          type: 'Attempt',
          assignee: OUTSIDER,
          assignable: 'https://example.edu/assess/9',
        },
        generated: {
          id: 'https://example.edu/scores/9',
          type: 'Score',
          maxScore: 20,
          scoreGiven: 15,
        },
        eventTime: '2016-11-15T10:57:06.000Z',
      },
    ],
  };

  beforeAll(async () => {
    await freshTable();
  });

  it('is held under its person IRI, then released to the mapped student', async () => {
    const res = await pushCaliperEnvelope(deps(), {
      programId: 'district-lrs',
      requestId: 'caliper-outsider',
      body: JSON.stringify(envelope),
    });
    const held = await store.listHeld('district-lrs');
    const load = await loadMappingTable(
      deps(),
      'map.csv',
      Buffer.from(`program,vendorStudentId,studentId\ndistrict-lrs,${OUTSIDER},S-77\n`),
    );

    expect((res.body as { counts: unknown }).counts).toEqual(
      counts({ parsed: 1, held: 1 }),
    );
    expect(held.map((h) => h.waitingFor)).toEqual([`student:district-lrs:${OUTSIDER}`]);
    expect(load.releases.map((r) => r.counts)).toEqual([
      counts({ parsed: 1, accepted: 1 }),
    ]);
    const evidence = await store.listStudentEvidence('S-77');
    expect(evidence.map((e) => [e.score, e.itemId])).toEqual([
      [0.75, 'https://example.edu/assess/9'],
    ]);
    expect(await store.listHeld('district-lrs')).toEqual([]);
  });
});
