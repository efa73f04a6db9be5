/**
 * What the two push handlers share: their stores, built once per container,
 * and the vendor-key check. Kept beside the handlers (not in functions/lib)
 * because only the push routes need it.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createDocumentClient, DynamoStore } from '../storage/dynamodb-store.js';
import { DynamoEventRecords } from '../storage/statements.js';
import { DynamoVendorKeys } from '../storage/vendor-keys.js';
import type { EventDeps } from '../shared/events/ingest-events.js';
import type { PushResponse } from '../shared/events/push.js';
import { VENDOR_KEY_HEADER, verifyVendorKey } from '../shared/events/vendor-keys.js';
import type { Log } from '../shared/log.js';
import { objectStore, storeOptions } from './lib/env.js';
import { json, type HttpResult } from './lib/http.js';
import { publishRunMetrics } from './lib/run-metrics.js';

let deps: (EventDeps & { keys: DynamoVendorKeys }) | undefined;

export function pushDeps(log: Log): EventDeps & { keys: DynamoVendorKeys } {
  if (!deps) {
    const table = process.env.LABLINK_TABLE;
    if (!table) throw new Error('environment variable LABLINK_TABLE is not set');
    // Rejected statements and events go to the run's rejects CSV, as a file run's do.
    const bucket = process.env.LABLINK_BUCKET;
    if (!bucket) throw new Error('environment variable LABLINK_BUCKET is not set');
    const doc = createDocumentClient();
    const store = new DynamoStore(doc, table, storeOptions());
    deps = {
      evidence: store,
      mastery: store,
      roster: store,
      runs: store,
      held: store,
      events: new DynamoEventRecords(doc, table),
      identity: store.identity(),
      keys: new DynamoVendorKeys(doc, table),
      objects: objectStore(),
      bucket,
      log,
    };
  }
  return deps;
}

/** The program of the request's vendor key, or a 401 to answer. */
export async function authenticate(
  event: APIGatewayProxyEventV2,
  keys: DynamoVendorKeys,
): Promise<{ programId: string } | { response: HttpResult }> {
  const programId = await verifyVendorKey(keys, event.headers?.[VENDOR_KEY_HEADER]);
  if (programId) return { programId };
  return {
    response: json(401, {
      error: 'unauthorized',
      message: `send a valid vendor key in the ${VENDOR_KEY_HEADER} header`,
      details: {},
    }),
  };
}

export const bodyOf = (event: APIGatewayProxyEventV2) =>
  event.body === undefined
    ? ''
    : event.isBase64Encoded
      ? Buffer.from(event.body, 'base64').toString('utf8')
      : event.body;

/**
 * The HTTP answer. A request that recorded a run publishes its metrics first,
 * as file runs do, so a failed push raises the failed-runs alarm
 * (infra/operations.ts) and not only the API's 5xx count.
 */
export function answer(r: PushResponse): HttpResult {
  if (r.run) publishRunMetrics(r.run);
  return json(r.status, r.body);
}
