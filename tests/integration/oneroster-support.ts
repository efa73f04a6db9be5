/**
 * The stores of the roster and identity steps on the real emulators (dynalite
 * and s3rver), without the gateway: these suites test the domain against real
 * storage; the S3 drop and the HTTP routes are tested through the whole stack.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import {
  LOCAL_ACCESS_KEY,
  ensureTable,
  startDynalite,
  startS3rver,
} from '../../infra/local/emulators.js';
import { silentLog } from '../../shared/log.js';
import { createDocumentClient, DynamoStore } from '../../storage/dynamodb-store.js';
import { S3Objects } from '../../storage/s3-objects.js';

export const TEST_BUCKET = 'lablink-test';
let tableCount = 0;

export interface EmulatedStores {
  store: DynamoStore;
  s3: S3Client;
  bucket: string;
  /** Every dependency of the roster, identity and ingest steps. */
  deps(): ReturnType<typeof depsOf>;
  /** A fresh, empty table on the same emulator. */
  freshTable(): Promise<void>;
  stop(): Promise<void>;
}

function depsOf(store: DynamoStore, s3: S3Client) {
  const identity = store.identity();
  return {
    evidence: store,
    mastery: store,
    roster: store,
    runs: store,
    held: store,
    identity,
    entities: identity,
    objects: new S3Objects(s3),
    log: silentLog,
    timeZone: 'America/New_York',
  };
}

export async function startEmulatedStores(): Promise<EmulatedStores> {
  const dir = await mkdtemp(join(tmpdir(), 'lablink-roster-'));
  const dynamo = await startDynalite(0);
  const s3rver = await startS3rver(0, dir, [TEST_BUCKET]);
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: LOCAL_ACCESS_KEY,
    AWS_SECRET_ACCESS_KEY: LOCAL_ACCESS_KEY,
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
  });
  const s3 = new S3Client({ endpoint: s3rver.url, forcePathStyle: true });
  const doc = createDocumentClient({ endpoint: dynamo.url });
  const stores: EmulatedStores = {
    store: new DynamoStore(doc, 'unused'),
    s3,
    bucket: TEST_BUCKET,
    deps: () => depsOf(stores.store, s3),
    async freshTable() {
      tableCount += 1;
      const table = `roster-${tableCount}`;
      await ensureTable(dynamo.url, table);
      stores.store = new DynamoStore(doc, table);
    },
    async stop() {
      s3.destroy();
      await s3rver.stop();
      await dynamo.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  await stores.freshTable();
  return stores;
}

// Bundles are zipped the way the demo district zips its roster.
export { zipOf } from '../../shared/demo/csv.js';
