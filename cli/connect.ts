/**
 * How the CLI reaches Lablink. By default the local stack: the one `npm start`
 * runs from the same home if it is up, else an embedded one started for the
 * command (same data folder). With `--target aws` it uses the table and bucket
 * named by LABLINK_TABLE and LABLINK_BUCKET and the usual AWS credentials.
 */
import { logger, storeOptions } from '../functions/lib/env.js';
import { S3Client } from '@aws-sdk/client-s3';
import { createDocumentClient, DynamoStore } from '../storage/dynamodb-store.js';
import { S3Objects } from '../storage/s3-objects.js';
import { findRunningStack, lablinkHome } from '../infra/local/home.js';
import { startLocalStack, type LocalStack } from '../infra/local/stack.js';
import { applyDistrictConfig, localConfigPath } from '../infra/local/district-config.js';

export type Target = 'local' | 'aws';

export interface Connection {
  store: DynamoStore;
  objects: S3Objects;
  s3: S3Client;
  bucket: string;
  table: string;
  /** The in-process stack, when the CLI had to start one. */
  embedded?: LocalStack;
  close(): Promise<void>;
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`--target aws needs ${name}; take it from the stack outputs`);
  }
  return value;
}

export async function connect(target: Target): Promise<Connection> {
  let embedded: LocalStack | undefined;
  let table: string;
  let bucket: string;

  if (target === 'aws') {
    table = requiredEnv('LABLINK_TABLE');
    bucket = requiredEnv('LABLINK_BUCKET');
  } else {
    const home = lablinkHome();
    const running = findRunningStack(home);
    if (running) {
      Object.assign(process.env, running.env);
      ({ table, bucket } = running);
    } else {
      process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
      logger.setLogLevel(process.env.POWERTOOLS_LOG_LEVEL as 'WARN');
      // The handlers run in this process: give them what `npm start` gives its own.
      applyDistrictConfig(localConfigPath(), home);
      embedded = await startLocalStack({ home, schedules: false });
      ({ table, bucket } = embedded);
    }
  }

  const s3 = new S3Client({});
  return {
    // After the district configuration is applied: its retention is in the environment.
    store: new DynamoStore(createDocumentClient(), table, storeOptions()),
    objects: new S3Objects(s3),
    s3,
    bucket,
    table,
    embedded,
    async close() {
      s3.destroy();
      if (embedded) {
        await embedded.idle();
        await embedded.stop();
      }
    },
  };
}
