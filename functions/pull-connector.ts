/**
 * Scheduled: one pull run of the connector its EventBridge rule carries
 * (the rule's input is the connector's validated configuration, so the
 * function needs no configuration file). A run stopped by its time budget or
 * a vendor outage is not retried here: the next schedule resumes it.
 */
import middy from '@middy/core';
import { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { parseConnector } from '../shared/pull/connector.js';
import { runPull, type PullStop } from '../shared/pull/pull-run.js';
import { DynamoPullStore } from '../storage/pull-store.js';
import { S3RawArchive } from '../storage/pull-store.js';
import { createDocumentClient } from '../storage/dynamodb-store.js';
import { createSecretSource } from '../storage/secrets.js';
import { districtTimeZone, log, logger, objectStore, tableStore } from './lib/env.js';

const PullEvent = z.object({
  connector: z.unknown(),
  /** Backfill from this instant (a hand-run pull); schedules never set it. */
  since: z.iso.datetime({ offset: true }).optional(),
});

let pulls: DynamoPullStore | undefined;
let raw: S3RawArchive | undefined;
const secrets = createSecretSource();

async function pullConnector(
  event: unknown,
): Promise<{ runId: string; stop: PullStop; pages: number }> {
  const input = PullEvent.parse(event);
  const connector = parseConnector(input.connector, 'the schedule input');
  const table = process.env.LABLINK_TABLE ?? '';
  const store = tableStore();
  pulls ??= new DynamoPullStore(createDocumentClient(), table);
  raw ??= new S3RawArchive(new S3Client({}));
  // Per-call attributes, not appendKeys: the logger outlives this invocation.
  logger.info('pull starting', { connectorId: connector.id });

  const outcome = await runPull(
    {
      evidence: store,
      mastery: store,
      roster: store,
      runs: store,
      held: store,
      objects: objectStore(),
      log,
      timeZone: districtTimeZone(),
      pulls,
      raw,
      secrets,
      bucket: process.env.LABLINK_BUCKET ?? '',
    },
    connector,
    { since: input.since },
  );
  return { runId: outcome.run.runId, stop: outcome.stop, pages: outcome.pages };
}

export const handler = middy(pullConnector);
