/**
 * GET /ingest/runs/{runId}/rejects[?kind=held]: a run's rejected records as
 * the CSV written beside the run (line, field, value, reason, fix), or its
 * held records with their reasons as JSON.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';
import { InvalidInputError } from '../shared/errors.js';
import { heldOfRun, rejectsOfRun, requireRun } from '../shared/identity/runs-report.js';
import { Id } from '../shared/model.js';
import { objectStore, tableStore } from './lib/env.js';
import {
  json,
  jsonErrors,
  pathParams,
  queryParams,
  type HttpResult,
} from './lib/http.js';

/** A Lambda response carries at most 6 MB; larger files are fetched from S3. */
export const MAX_INLINE_REJECTS_BYTES = 5 * 1024 * 1024;

const Params = z.object({ runId: Id });
const Query = z.object({ kind: z.enum(['rejects', 'held']).default('rejects') });

async function getRunRejects(event: APIGatewayProxyEventV2): Promise<HttpResult> {
  const { runId } = pathParams(event, Params);
  const { kind } = queryParams(event, Query);
  const store = tableStore();
  const run = await requireRun(store, runId);
  if (kind === 'held') return json(200, { runId, held: await heldOfRun(store, run) });

  const bucket = process.env.LABLINK_BUCKET ?? '';
  const stream = await rejectsOfRun(objectStore(), bucket, run);
  let body = 'line,field,value,reason,fix\n';
  if (stream) {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream) {
      const b = Buffer.from(chunk);
      size += b.length;
      if (size > MAX_INLINE_REJECTS_BYTES) {
        throw new InvalidInputError(
          `the rejects of run ${runId} exceed ${MAX_INLINE_REJECTS_BYTES} bytes; ` +
            `copy s3://<bucket>/${run.rejectsKey} with the AWS CLI`,
          { field: 'runId', runId, rejectsKey: run.rejectsKey },
        );
      }
      chunks.push(b);
    }
    body = Buffer.concat(chunks).toString('utf8');
  }
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="run-${runId}-rejects.csv"`,
    },
    body,
  };
}

export const handler = middy<APIGatewayProxyEventV2, HttpResult>(getRunRejects).use(
  jsonErrors(),
);
