/** Pull dependencies on a running local stack, for tests that drive runPull directly. */
import { S3Client } from '@aws-sdk/client-s3';
import { silentLog } from '../../shared/log.js';
import type { PullDeps } from '../../shared/pull/pull-run.js';
import { createDocumentClient, DynamoStore } from '../../storage/dynamodb-store.js';
import { DynamoPullStore, S3RawArchive } from '../../storage/pull-store.js';
import { S3Objects } from '../../storage/s3-objects.js';
import { EnvSecretSource } from '../../storage/secrets.js';
import type { LocalStack } from '../../infra/local/stack.js';

export function pullDeps(stack: LocalStack, overrides: Partial<PullDeps> = {}): PullDeps {
  const store = new DynamoStore(createDocumentClient(), stack.table);
  const s3 = new S3Client({});
  return {
    evidence: store,
    mastery: store,
    roster: store,
    runs: store,
    held: store,
    objects: new S3Objects(s3),
    log: silentLog,
    timeZone: 'UTC',
    pulls: new DynamoPullStore(createDocumentClient(), stack.table),
    raw: new S3RawArchive(s3),
    secrets: new EnvSecretSource(process.env),
    bucket: stack.bucket,
    ...overrides,
  };
}

/** A clock that only moves when the code under test sleeps: budgets become exact. */
export function fakeClock(startIso: string) {
  let ms = Date.parse(startIso);
  return {
    now: () => new Date(ms),
    sleep: async (wait: number) => {
      ms += wait;
    },
  };
}
