/**
 * The main job end to end: the real ASSISTments file dropped in S3, the S3
 * event through the local stack to the real ingest handler, evidence in
 * DynamoDB, mastery rolled up, and the report API answering through the
 * gateway.
 */
import { copyFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import { dropFile, waitForRun } from '../../infra/local/drop-file.js';
import { runIdFor } from '../../shared/ingest/ingest-object.js';
import { DEMO_FILE, expectedDecaying, readDemoRows } from '../support/demo-data.js';
import { startTestStack, type TestStack } from '../support/stack.js';

const rows = readDemoRows();
const STANDARD_OF: Record<string, string> = { 'Box and Whisker': '6.SP.B.4' };

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack();
});
afterAll(async () => {
  await t.stack.idle();
  await t.stack.stop();
});

describe('ingesting the ASSISTments demo file through an S3 drop', () => {
  let runId: string;

  it('accepts every one of the 10,791 real responses and the counts add up', async () => {
    const drop = await dropFile(t.s3, t.stack.bucket, 'assistments', DEMO_FILE);
    runId = drop.runId;
    const run = await waitForRun(t.store, runId);

    expect(run.status).toBe('completed');
    expect(run.counts).toEqual({
      parsed: 10791,
      accepted: 10791,
      replaced: 0,
      duplicates: 0,
      rejected: 0,
      held: 0,
      unwritten: 0,
    });
    expect(run.source.key).toBe(
      'incoming/assistments/skill_builder_data_subset_table_boxwhisker.csv',
    );
  });

  it('enrolls the 902 students in their 54 classes from the file', async () => {
    const classes = await t.store.listClasses();
    expect(classes).toHaveLength(54);
    const students = new Set<string>();
    for (const id of classes)
      for (const s of await t.store.listClassStudents(id)) students.add(s);
    expect(students.size).toBe(902);
  });

  it('changes nothing when the same bytes are dropped again under the same key', async () => {
    const body = await import('node:fs').then((fs) => fs.readFileSync(DEMO_FILE));
    await t.s3.send(
      new PutObjectCommand({
        Bucket: t.stack.bucket,
        Key: 'incoming/assistments/skill_builder_data_subset_table_boxwhisker.csv',
        Body: body,
      }),
    );
    await t.stack.idle();

    const runs = await t.store.listRuns(10);
    expect(runs.map((r) => r.runId)).toEqual([runId]);
    expect(runs[0]?.counts.accepted).toBe(10791);
  });

  it('changes nothing when S3 delivers the same event twice', async () => {
    const student = rows[0]?.userId as string;
    const before = await t.store.listStudentEvidence(student);
    const event = {
      Records: [
        {
          eventName: 'ObjectCreated:Put',
          s3: {
            bucket: { name: t.stack.bucket },
            object: {
              key: 'incoming/assistments/skill_builder_data_subset_table_boxwhisker.csv',
              eTag: '701121636f07be20442e4c484e6f1501',
            },
          },
        },
      ],
    } as unknown as S3Event;

    await t.stack.deliverS3Event(event);
    await t.stack.deliverS3Event(event);

    expect(
      runIdFor({
        bucket: t.stack.bucket,
        key: 'incoming/assistments/skill_builder_data_subset_table_boxwhisker.csv',
        eTag: '701121636f07be20442e4c484e6f1501',
      }),
    ).toBe(runId);
    expect((await t.store.listRuns(10)).map((r) => r.counts.parsed)).toEqual([10791]);
    expect(await t.store.listStudentEvidence(student)).toHaveLength(before.length);
  });

  it('counts every record a duplicate when the same bytes arrive under a new key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lablink-test-'));
    const copy = join(dir, 'resent-export.csv');
    await copyFile(DEMO_FILE, copy);

    const drop = await dropFile(t.s3, t.stack.bucket, 'assistments', copy);
    const run = await waitForRun(t.store, drop.runId);

    expect(run.status).toBe('completed');
    expect(run.counts).toMatchObject({ parsed: 10791, accepted: 0, duplicates: 10791 });
  });
});

describe('the report API over the ingested demo', () => {
  beforeAll(async () => {
    await t.stack.scheduler.fire('rollupMastery');
  });

  it('serves a class grid with Common Core codes and exact decaying averages', async () => {
    const classId = '13241';
    const classRows = rows.filter((r) => r.classId === classId);
    const students = [...new Set(classRows.map((r) => r.userId))].sort();

    const res = await t.get(`/classes/${classId}/mastery`);

    expect(res.status).toBe(200);
    const grid = res.body as {
      standards: { code: string }[];
      students: {
        studentId: string;
        cells: Record<string, { value: number; level: string; evidenceCount: number }>;
      }[];
      rollups: {
        standard: string;
        studentCount: number;
        levels: Record<string, number>;
      }[];
    };
    expect(grid.standards.map((s) => s.code)).toContain('6.SP.B.4');
    expect(grid.students.map((s) => s.studentId)).toEqual(students);

    const student = students.find((id) =>
      classRows.some((r) => r.userId === id && r.skill === 'Box and Whisker'),
    ) as string;
    const mine = rows.filter(
      (r) => r.userId === student && r.skill === 'Box and Whisker',
    );
    const row = grid.students.find((s) => s.studentId === student);
    const cell = row?.cells[STANDARD_OF['Box and Whisker'] as string];
    expect(mine.length).toBeGreaterThan(1);
    expect(cell?.evidenceCount).toBe(mine.length);
    expect(cell?.value).toBe(Number(expectedDecaying(mine).toFixed(3)));

    const rollup = grid.rollups.find((r) => r.standard === '6.SP.B.4');
    expect(rollup?.studentCount).toBe(students.length);
    const total = Object.values(rollup?.levels ?? {}).reduce((a, b) => a + b, 0);
    expect(total).toBe(students.length);
  });

  it("serves a student's mastery, normalizing the standard code asked for", async () => {
    const student = rows[0]?.userId as string;
    const mine = rows.filter(
      (r) => r.userId === student && r.skill === 'Box and Whisker',
    );

    const res = await t.get(
      `/students/${student}/mastery?standard=CCSS.Math.Content.6.SP.B.4`,
    );

    expect(res.status).toBe(200);
    const body = res.body as {
      standards: { code: string; value: number; evidenceCount: number }[];
    };
    expect(body.standards).toHaveLength(1);
    expect(body.standards[0]).toMatchObject({
      code: '6.SP.B.4',
      evidenceCount: mine.length,
      value: Number(expectedDecaying(mine).toFixed(3)),
    });
  });

  it('answers an unknown class with a JSON 404', async () => {
    const res = await t.get('/classes/no-such-class/mastery');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: 'not_found' });
  });

  it('answers a repeated standard parameter with a 400 naming the field', async () => {
    const student = rows[0]?.userId as string;
    const res = await t.get(
      `/students/${student}/mastery?standard=6.SP.B.4&standard=6.RP.A.3`,
    );
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      error: 'invalid_request',
      details: [{ field: 'standard' }],
    });
  });

  it('answers /health', async () => {
    const res = await t.get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', service: 'lablink' });
  });
});
