/**
 * Drops a file into the ingest bucket the way a district's data team does on
 * AWS, then waits for the run the drop starts. Used by `npm start` and by
 * `lablink ingest`; both go through the real S3 event path.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { runIdFor } from '../../shared/ingest/ingest-object.js';
import { INCOMING_PREFIX } from '../../shared/programs.js';
import type { IngestRun } from '../../shared/model.js';
import type { RunStore } from '../../shared/ports.js';

/** How often a waiting caller looks at the run record. */
export const RUN_POLL_MS = 200;
/** How long a caller waits for a run before giving up (the run goes on). */
export const RUN_WAIT_MS = 15 * 60 * 1000;

export interface DropResult {
  key: string;
  runId: string;
  /** False when the same bytes already sat under the same key. */
  uploaded: boolean;
}

async function md5Of(path: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export const dropKey = (programId: string, path: string) =>
  `${INCOMING_PREFIX}${programId}/${basename(path)}`;

/**
 * Uploads `path` under `incoming/<programId>/`. If the same bytes are already
 * there, nothing is uploaded: the earlier run stands (that is what makes a
 * second `npm start` not ingest the demo twice).
 */
export async function dropFile(
  s3: S3Client,
  bucket: string,
  programId: string,
  path: string,
): Promise<DropResult> {
  const key = dropKey(programId, path);
  const md5 = await md5Of(path);
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    const eTag = head.ETag?.replace(/"/g, '');
    if (eTag === md5) {
      return {
        key,
        runId: runIdFor({ bucket, key, eTag, versionId: head.VersionId }),
        uploaded: false,
      };
    }
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata;
    if (status?.httpStatusCode !== 404) throw error;
  }

  const { size } = await stat(path);
  const put = await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: createReadStream(path),
      ContentLength: size,
      ContentType: 'text/csv',
    }),
  );
  const eTag = put.ETag?.replace(/"/g, '') ?? md5;
  return {
    key,
    runId: runIdFor({ bucket, key, eTag, versionId: put.VersionId }),
    uploaded: true,
  };
}

/** Waits until the run has finished (completed, failed, or held for an unknown layout). */
export async function waitForRun(
  runs: RunStore,
  runId: string,
  timeoutMs = RUN_WAIT_MS,
): Promise<IngestRun> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await runs.getRun(runId);
    if (run && run.status !== 'running') return run;
    if (Date.now() > deadline) {
      throw new Error(
        `run ${runId} has not finished after ${timeoutMs / 1000}s; it goes on`,
      );
    }
    await sleep(RUN_POLL_MS);
  }
}
