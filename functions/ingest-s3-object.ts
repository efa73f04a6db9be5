/**
 * Ingests objects dropped under `incoming/<programId>/` when S3 reports them.
 * Delivery is at least once: a redelivered event finds its run completed and
 * does nothing.
 */
import middy from '@middy/core';
import type { S3Event } from 'aws-lambda';
import { z } from 'zod';
import { ingestObject } from '../shared/ingest/ingest-object.js';
import { decodeS3Key } from '../shared/ingest/s3-key.js';
import { ingestRosterObject } from '../shared/oneroster/ingest-roster.js';
import { INCOMING_PREFIX, ONEROSTER_PROGRAM_ID } from '../shared/programs.js';
import type { IngestRun } from '../shared/model.js';
import { publishRunMetrics } from './lib/run-metrics.js';
import {
  districtTimeZone,
  eventRecordStore,
  heldFileStore,
  log,
  objectStore,
  tableStore,
} from './lib/env.js';

const S3EventSchema = z.object({
  Records: z.array(
    z.object({
      eventName: z.string(),
      s3: z.object({
        bucket: z.object({ name: z.string() }),
        object: z.object({
          key: z.string(),
          versionId: z.string().optional(),
          eTag: z.string().optional(),
        }),
      }),
    }),
  ),
});

async function ingestS3Object(event: S3Event): Promise<{ runs: IngestRun[] }> {
  const { Records } = S3EventSchema.parse(event);
  const store = tableStore();
  const runs: IngestRun[] = [];

  for (const record of Records) {
    if (!record.eventName.startsWith('ObjectCreated:')) continue;
    const key = decodeS3Key(record.s3.object.key);
    // Per-call attributes, not appendKeys: the logger outlives this event in a
    // warm container (and is shared by every handler in the local stack).
    log.info('ingesting object', { key });
    const identity = store.identity();
    const deps = {
      evidence: store,
      mastery: store,
      roster: store,
      runs: store,
      held: store,
      identity,
      entities: identity,
      // A roster import releases held pushed events through their records.
      events: eventRecordStore(),
      objects: objectStore(),
      heldFiles: heldFileStore(),
      log,
      timeZone: districtTimeZone(),
    };
    const source = {
      bucket: record.s3.bucket.name,
      key,
      versionId: record.s3.object.versionId,
      eTag: record.s3.object.eTag,
    };
    // A OneRoster bundle is a zip of many files, not one vendor file.
    const run = key.startsWith(`${INCOMING_PREFIX}${ONEROSTER_PROGRAM_ID}/`)
      ? await ingestRosterObject(deps, source)
      : await ingestObject(deps, source);
    runs.push(run);
    publishRunMetrics(run);

    // Only writes that failed after the SDK's retries warrant Lambda's own
    // retry (and then the dead-letter queue); bad input never gets better.
    if (run.status === 'failed' && run.counts.unwritten > 0) {
      throw new Error(`run ${run.runId} left ${run.counts.unwritten} records unwritten`);
    }
  }
  return { runs };
}

export const handler = middy(ingestS3Object);
