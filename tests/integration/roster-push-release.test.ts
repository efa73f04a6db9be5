/**
 * Pushed events whose learner only a roster names are held, and a OneRoster
 * import (an S3 drop through the real handler, and the CLI's folder path)
 * releases them through the events pipeline, as a mapping load does: the
 * graded statement becomes scored evidence, the timed one usage evidence.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { waitForRun } from '../../infra/local/drop-file.js';
import { pushXapiStatements } from '../../shared/events/push.js';
import { deterministicId } from '../../shared/ids.js';
import { runIdFor } from '../../shared/ingest/ingest-object.js';
import { silentLog } from '../../shared/log.js';
import { importRosterFolder } from '../../shared/oneroster/ingest-roster.js';
import { createDocumentClient } from '../../storage/dynamodb-store.js';
import { DynamoEventRecords } from '../../storage/statements.js';
import { S3Objects } from '../../storage/s3-objects.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { zipOf } from './oneroster-support.js';

const PROGRAM = 'district-lrs';
/** Not the district's account home page: the name is a vendor id to resolve. */
const VENDOR_HOME = 'https://vendor.example.org';

const MANIFEST = [
  'propertyName,value',
  'manifest.version,1.0',
  'oneroster.version,1.1',
  'file.users,bulk',
].join('\r\n');
const usersCsv = (sourcedId: string, identifier: string) =>
  'sourcedId,status,dateLastModified,enabledUser,role,username,givenName,familyName,identifier\r\n' +
  `${sourcedId},active,2025-01-01,true,student,${sourcedId}-login,Given,Family,${identifier}\r\n`;

/** A graded statement and a timed one without a score, by the same learner. */
const statements = (name: string, idPrefix: string) => [
  {
    id: `${idPrefix}-0000-4000-8000-000000000001`,
    actor: { account: { homePage: VENDOR_HOME, name } },
    verb: { id: 'http://adlnet.gov/expapi/verbs/scored' },
    object: { id: 'https://lab.example.org/activities/fractions-1' },
    result: { score: { scaled: 0.8 } },
    timestamp: '2025-03-03T10:00:00Z',
  },
  {
    id: `${idPrefix}-0000-4000-8000-000000000002`,
    actor: { account: { homePage: VENDOR_HOME, name } },
    verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' },
    object: { id: 'https://lab.example.org/activities/video-1' },
    result: { duration: 'PT25M' },
    timestamp: '2025-03-03T10:30:00Z',
  },
];

const COUNTS = {
  parsed: 0,
  accepted: 0,
  replaced: 0,
  duplicates: 0,
  rejected: 0,
  held: 0,
  unwritten: 0,
};

let t: TestStack;
let events: DynamoEventRecords;
const dirs: string[] = [];

const deps = () => ({
  evidence: t.store,
  mastery: t.store,
  roster: t.store,
  runs: t.store,
  held: t.store,
  identity: t.store.identity(),
  events,
  log: silentLog,
});

async function pushHeld(name: string, idPrefix: string, requestId: string) {
  const res = await pushXapiStatements(deps(), {
    programId: PROGRAM,
    requestId,
    body: JSON.stringify(statements(name, idPrefix)),
  });
  expect(res.status).toBe(200);
}

const evidenceSummary = async (studentId: string) =>
  (await t.store.listStudentEvidence(studentId))
    .map((e) => [e.itemId, e.status, e.score, e.minutesOnTask])
    .sort();

beforeAll(async () => {
  t = await startTestStack();
  events = new DynamoEventRecords(createDocumentClient(), t.stack.table);
});
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true })));
  await t.stack.idle();
  await t.stack.stop();
});

describe('a roster import releases held pushed events', () => {
  it('holds both statements of a learner only the roster knows', async () => {
    await pushHeld('SIS-0042', '42424242', 'push-before-roster');

    const held = await t.store.listHeld(PROGRAM);

    expect(held.map((h) => h.waitingFor)).toEqual([
      `student:${PROGRAM}:SIS-0042`,
      `student:${PROGRAM}:SIS-0042`,
    ]);
  });

  it('releases them when a roster zip naming the learner is dropped in S3', async () => {
    const key = 'incoming/oneroster/roster-42.zip';
    const put = await t.s3.send(
      new PutObjectCommand({
        Bucket: t.stack.bucket,
        Key: key,
        Body: zipOf({
          'manifest.csv': MANIFEST,
          'users.csv': usersCsv('u-42', 'SIS-0042'),
        }),
      }),
    );
    const rosterRunId = runIdFor({
      bucket: t.stack.bucket,
      key,
      eTag: put.ETag,
      versionId: put.VersionId,
    });

    const roster = await waitForRun(t.store, rosterRunId, 30_000);
    const release = await waitForRun(
      t.store,
      deterministicId('release', PROGRAM, rosterRunId),
      30_000,
    );

    expect(roster.status).toBe('completed');
    expect(release.counts).toEqual({ ...COUNTS, parsed: 2, accepted: 2 });
    expect(release.matchRate).toEqual({
      records: 2,
      matched: 2,
      byKind: { identifier: 2 },
      unmatched: {},
      unmatchedIds: [],
    });
    expect(await evidenceSummary('u-42')).toEqual([
      ['https://lab.example.org/activities/fractions-1', 'scored', 0.8, undefined],
      ['https://lab.example.org/activities/video-1', 'usage', undefined, 25],
    ]);
    expect(await t.store.listHeld(PROGRAM)).toEqual([]);
  });

  it('counts the same statements pushed again as duplicates, not new evidence', async () => {
    await pushHeld('SIS-0042', '42424242', 'push-after-roster');

    const run = (await t.store.listRuns(20)).find(
      (r) => r.source.key === 'xapi/push-after-roster',
    );

    expect(run?.counts).toEqual({ ...COUNTS, parsed: 2, duplicates: 2 });
    expect(await evidenceSummary('u-42')).toHaveLength(2);
  });

  it('releases them on the CLI path too (a bundle folder imported in place)', async () => {
    await pushHeld('SIS-0077', '77777777', 'push-before-folder');
    const dir = await mkdtemp(join(tmpdir(), 'or-push-release-'));
    dirs.push(dir);
    await writeFile(join(dir, 'manifest.csv'), MANIFEST);
    await writeFile(join(dir, 'users.csv'), usersCsv('u-77', 'SIS-0077'));

    const run = await importRosterFolder(
      {
        ...deps(),
        entities: t.store.identity(),
        objects: new S3Objects(t.s3),
        timeZone: 'America/New_York',
      },
      dir,
      t.stack.bucket,
    );
    const release = (await t.store.listRuns(20)).find(
      (r) => r.runId === deterministicId('release', PROGRAM, run.runId),
    );

    expect(run.status).toBe('completed');
    expect(release?.counts).toEqual({ ...COUNTS, parsed: 2, accepted: 2 });
    expect(await evidenceSummary('u-77')).toEqual([
      ['https://lab.example.org/activities/fractions-1', 'scored', 0.8, undefined],
      ['https://lab.example.org/activities/video-1', 'usage', undefined, 25],
    ]);
    expect(await t.store.listHeld(PROGRAM)).toEqual([]);
  });
});
