/**
 * A file of an unknown layout, through the real S3 event path: its run is
 * held with a marker; a release before any profile exists changes nothing;
 * once the district's configuration brings a profile (and a program reading
 * it) into the functions, the scheduled release reads the file under the
 * same run, and releasing again changes nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { waitForRun } from '../../infra/local/drop-file.js';
import {
  DISTRICT_FILES_ENV,
  type DistrictFiles,
} from '../../shared/config/district-files.js';
import { runIdFor } from '../../shared/ingest/ingest-object.js';
import { startTestStack, type TestStack } from '../support/stack.js';

const KEY = 'incoming/auto/district-quiz.csv';
// The generic results layout with its score columns renamed: standard-scores
// is the closest profile, and the error says which columns differ.
const QUIZ = [
  'student_id,standard_code,earned,possible,assessed_on',
  'Q-1,6.SP.B.4,3,4,2025-03-03',
  'Q-2,6.SP.B.4,1,4,2025-03-03',
  'Q-3,6.SP.B.4,4,4,2025-03-04',
].join('\n');
const QUIZ_ROWS = 3;

const ZERO = {
  parsed: 0,
  accepted: 0,
  replaced: 0,
  duplicates: 0,
  rejected: 0,
  held: 0,
  unwritten: 0,
};

/** The district's own quiz export: what its configuration adds in a deployment. */
const QUIZ_PROFILE = {
  id: 'district-quiz',
  vendor: 'Riverbend math office',
  description: 'Weekly standards quizzes, one row per student and standard.',
  format: { delimiter: ',' },
  columns: {
    studentId: { header: 'student_id' },
    standard: { header: 'standard_code' },
    score: { header: 'earned' },
    scoreMax: { header: 'possible' },
    occurredAt: { header: 'assessed_on' },
  },
  fixedItemId: 'district-quiz',
  score: { scale: 'points' },
  dates: { format: 'iso' },
};
const QUIZ_PROGRAM = {
  programId: 'district-quiz',
  name: 'District quizzes',
  vendor: 'Riverbend math office',
  profileId: 'district-quiz',
};

describe('files held for an unknown layout', () => {
  let t: TestStack;
  let dir: string;
  let runId: string;

  beforeAll(async () => {
    t = await startTestStack();
    dir = mkdtempSync(join(tmpdir(), 'lablink-held-files-'));
    // The quiz's students resolve through the program's mapping table.
    await t.store.identity().putMappings(
      ['Q-1', 'Q-2', 'Q-3'].map((id) => ({
        programId: QUIZ_PROGRAM.programId,
        vendorStudentId: id,
        studentId: `S-${id}`,
      })),
    );
  });
  afterAll(async () => {
    delete process.env[DISTRICT_FILES_ENV];
    delete process.env.LABLINK_PROGRAMS;
    rmSync(dir, { recursive: true, force: true });
    await t.stack.idle();
    await t.stack.stop();
  });

  const release = () => t.stack.scheduler.fire('releaseHeldFiles');
  const runsOfKey = async () =>
    (await t.store.listRuns(100)).filter((r) => r.source.key === KEY);

  it('holds the dropped file with the closest profiles, zero counts and a marker', async () => {
    const put = await t.s3.send(
      new PutObjectCommand({ Bucket: t.stack.bucket, Key: KEY, Body: QUIZ }),
    );
    runId = runIdFor({ bucket: t.stack.bucket, key: KEY, eTag: put.ETag });

    const run = await waitForRun(t.store, runId, 30_000);

    expect(run).toMatchObject({ status: 'held', programId: 'auto', counts: ZERO });
    expect(run.error).toMatch(
      /^incoming\/auto\/district-quiz\.csv: the header matches no known profile; closest: standard-scores \(0\.6; missing "score", "max_score"\); /,
    );
    expect(await t.heldFiles.listHeldFiles()).toEqual([
      {
        runId,
        source: { bucket: t.stack.bucket, key: KEY, eTag: put.ETag!.replace(/"/g, '') },
        programId: 'auto',
        heldAt: run.startedAt,
      },
    ]);
  });

  it('keeps it held when released before any profile reads it', async () => {
    const before = await t.store.getRun(runId);

    const result = await release();

    expect(result).toEqual({ released: 0, stillHeld: 1, failed: 0 });
    expect(await t.store.getRun(runId)).toEqual(before);
    expect((await runsOfKey()).map((r) => r.runId)).toEqual([runId]);
    expect((await t.heldFiles.listHeldFiles()).map((f) => f.runId)).toEqual([runId]);
  });

  it("reads it under the same run once the district's profile exists", async () => {
    const files: DistrictFiles = {
      version: 1,
      profiles: [
        { id: QUIZ_PROFILE.id, file: 'district-quiz.json', profile: QUIZ_PROFILE },
      ],
      crosswalks: [],
    };
    const path = join(dir, 'district-files.json');
    writeFileSync(path, JSON.stringify(files));
    process.env[DISTRICT_FILES_ENV] = path;
    process.env.LABLINK_PROGRAMS = JSON.stringify([QUIZ_PROGRAM]);

    const result = await release();

    expect(result).toEqual({ released: 1, stillHeld: 0, failed: 0 });
    const run = await t.store.getRun(runId);
    expect(run).toMatchObject({
      status: 'completed',
      programId: 'district-quiz',
      profileId: 'district-quiz',
      counts: { ...ZERO, parsed: QUIZ_ROWS, accepted: QUIZ_ROWS },
    });
    expect(run?.error).toBeUndefined();
    expect(await t.heldFiles.listHeldFiles()).toEqual([]);
    expect((await runsOfKey()).map((r) => r.runId)).toEqual([runId]);
  });

  it('changes nothing when released again', async () => {
    const before = await t.store.getRun(runId);

    const result = await release();

    expect(result).toEqual({ released: 0, stillHeld: 0, failed: 0 });
    expect(await t.store.getRun(runId)).toEqual(before);
    expect((await runsOfKey()).map((r) => r.runId)).toEqual([runId]);
  });
});
