/**
 * Files dropped without a program, through the real S3 event path: a known
 * layout is detected and read; an unknown one is held naming the closest
 * profiles; a program's file of another layout is held the same way
 * (tests/integration/held-files.test.ts releases one).
 */
import { readFileSync } from 'node:fs';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { waitForRun } from '../../infra/local/drop-file.js';
import { runIdFor } from '../../shared/ingest/ingest-object.js';
import { describeWithShared, sharedPath } from '../support/shared-folder.js';
import { startTestStack, type TestStack } from '../support/stack.js';

const KDD_ROWS = 40;

describeWithShared('data/real', 'detection of dropped files', () => {
  let t: TestStack;
  let kdd: string;
  beforeAll(async () => {
    t = await startTestStack();
    const file = sharedPath(
      'data/real/kddcup2010-cognitive-tutor-algebra/ct_algebra_2006_2007_student_step_subset.tsv',
    );
    kdd =
      readFileSync(file, 'utf8')
        .split('\n')
        .slice(0, KDD_ROWS + 1)
        .join('\n') + '\n';
  });
  afterAll(async () => {
    await t.stack.idle();
    await t.stack.stop();
  });

  async function drop(key: string, body: string) {
    const put = await t.s3.send(
      new PutObjectCommand({ Bucket: t.stack.bucket, Key: key, Body: body }),
    );
    return waitForRun(
      t.store,
      runIdFor({ bucket: t.stack.bucket, key, eTag: put.ETag }),
      30_000,
    );
  }

  it.each(['incoming/ct-steps.tsv', 'incoming/auto/ct-steps-again.tsv'])(
    'detects the KDD step layout at %s and reads every row',
    async (key) => {
      const run = await drop(key, kdd);

      expect(run).toMatchObject({
        status: 'completed',
        programId: 'cognitive-tutor-kdd',
        profileId: 'kddcup2010-student-step',
        counts: { parsed: KDD_ROWS, rejected: 0 },
      });
      // Identity resolution may hold students the roster does not know yet;
      // every row is read either way.
      expect(run.counts.accepted + run.counts.held).toBe(KDD_ROWS);
    },
  );

  it('holds an unknown layout with the closest profiles and the columns they miss', async () => {
    const run = await drop(
      'incoming/mystery.csv',
      'Student ID,Lesson ID,Score,When\n1,L1,90,x\n',
    );

    expect(run.status).toBe('held');
    expect(run.programId).toBe('auto');
    expect(run.counts).toMatchObject({ parsed: 0, accepted: 0 });
    expect(run.error).toMatch(
      /the header matches no known profile; closest: iready-lessons \(.*missing "Completion Date", "Subject"\)/,
    );
  });

  it("holds a program's file whose header is another layout, naming the matching profile", async () => {
    const run = await drop('incoming/assistments/ct-steps.tsv', kdd);

    expect(run.status).toBe('held');
    expect(run.error).toMatch(
      /does not match profile assistments-skill-builder-2009 .*closest known profiles: kddcup2010-student-step \(1; all columns present\)/,
    );
  });
});
