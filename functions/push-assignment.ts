/**
 * The assignment queue's consumer. Each record is one assignment; a record
 * that fails is reported in `batchItemFailures` so SQS redelivers only it
 * (the event source mapping has ReportBatchItemFailures on), and after the
 * queue's receive limit moves it to the dead-letter queue.
 */
import middy from '@middy/core';
import { S3Client } from '@aws-sdk/client-s3';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import {
  connectorFor,
  PushMessage,
  pushAssignment,
} from '../shared/assignments/index.js';
import { assignmentStoreFromEnv, S3TextWriter } from '../storage/assignment-store.js';
import { log } from './lib/env.js';

let writer: S3TextWriter | undefined;

async function pushAssignments(event: SQSEvent): Promise<SQSBatchResponse> {
  writer ??= new S3TextWriter(new S3Client({}));
  const deps = {
    store: assignmentStoreFromEnv(),
    connectorFor: (programId: string) =>
      connectorFor(programId, {
        env: process.env,
        writer: writer as S3TextWriter,
        defaultBucket: process.env.LABLINK_BUCKET,
      }),
    log,
  };
  const failures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      const { assignmentId } = PushMessage.parse(JSON.parse(record.body));
      const receiveCount = Number(record.attributes.ApproximateReceiveCount) || 1;
      await pushAssignment(deps, assignmentId, receiveCount);
    } catch {
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  log.info('push batch done', { records: event.Records.length, failed: failures.length });
  return { batchItemFailures: failures };
}

export const handler = middy<SQSEvent, SQSBatchResponse>(pushAssignments);
