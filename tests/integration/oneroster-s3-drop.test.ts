/**
 * A OneRoster zip dropped under incoming/oneroster/ runs through the real S3
 * event path of the local stack, and the runs routes answer through the
 * gateway: the list with a cursor, the rejects CSV and the held records.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { waitForRun } from '../../infra/local/drop-file.js';
import { runIdFor } from '../../shared/ingest/ingest-object.js';
import { describeWithShared, sharedPath } from '../support/shared-folder.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { zipOf } from './oneroster-support.js';

const BUNDLE =
  'data/real/oneroster-csv-samples/moodle-enrol_oneroster/Test_full_data_set';

let t: TestStack;

describeWithShared(BUNDLE, 'a OneRoster zip dropped in S3', () => {
  let runId: string;

  beforeAll(async () => {
    t = await startTestStack();
  });
  afterAll(async () => {
    await t.stack.idle();
    await t.stack.stop();
  });

  it('imports through the S3 event into a completed run with counts', async () => {
    const dir = sharedPath(BUNDLE);
    const files: Record<string, Buffer> = {};
    for (const name of await readdir(dir))
      files[`export/${name}`] = await readFile(join(dir, name));
    const key = 'incoming/oneroster/district roster.zip';
    const put = await t.s3.send(
      new PutObjectCommand({ Bucket: t.stack.bucket, Key: key, Body: zipOf(files) }),
    );
    runId = runIdFor({
      bucket: t.stack.bucket,
      key,
      eTag: put.ETag,
      versionId: put.VersionId,
    });

    const run = await waitForRun(t.store, runId, 30_000);

    expect(run.status).toBe('completed');
    expect(run.counts).toMatchObject({ parsed: 20, accepted: 17, rejected: 3, held: 0 });
    expect(run.rejectsKey).toBe(`runs/${runId}/rejects.csv`);
    expect((await t.store.listClassStudents('cls-222-123456')).sort()).toEqual([
      'usr-222-1234561232',
      'usr-222-987654',
    ]);
  });

  it('lists the run through GET /ingest/runs, a page at a time', async () => {
    const first = await t.get('/ingest/runs?limit=1');

    expect(first.status).toBe(200);
    const body = first.body as { runs: { runId: string }[]; nextCursor?: string };
    expect(body.runs.map((r) => r.runId)).toEqual([runId]);
    // A full page always has a cursor; the page after the last run is empty.
    const next = await t.get(`/ingest/runs?limit=1&cursor=${body.nextCursor}`);
    expect(next.body).toEqual({ runs: [] });
    expect((await t.get('/ingest/runs?cursor=nonsense')).status).toBe(400);
  });

  it('serves the rejects CSV and the held records of the run', async () => {
    const res = await fetch(`${t.stack.urls.api}/ingest/runs/${runId}/rejects`);
    const csv = await res.text();

    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.split('\n')[0]).toBe('line,field,value,reason,fix');
    expect(
      csv.split('\n').filter((l) => l.includes('tobedeleted in this bundle')),
    ).toHaveLength(3);
    const held = await t.get(`/ingest/runs/${runId}/rejects?kind=held`);
    expect(held.body).toEqual({ runId, held: [] });
    expect((await t.get('/ingest/runs/no-such-run/rejects')).status).toBe(404);
  });
});
