/**
 * The emulators behind the local stack: dynalite (DynamoDB wire protocol) and
 * s3rver (S3 wire protocol), both on 127.0.0.1. Everything that talks to them
 * goes through the AWS SDK and the standard endpoint variables.
 */
import { fork } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import S3rver from 's3rver';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { TABLE_DESIGN } from '../table-design.js';

/** s3rver accepts only this access key id; it does not check the secret. */
export const LOCAL_ACCESS_KEY = 'S3RVER';

/**
 * dynalite in a child process (see dynalite-process.cjs): its JavaScript
 * would otherwise share one core with the gateway and the handlers, which
 * halves what the local stack can serve. LevelDB allows one process per
 * folder, which the stack file (home.ts) already guarantees.
 */
export async function startDynalite(port: number, dataDir?: string) {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const child = fork(
    join(__dirname, 'dynalite-process.cjs'),
    [String(port), dataDir ?? ''],
    {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      execArgv: [],
    },
  );
  const bound = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port?: number; error?: string }) =>
      m.port ? resolve(m.port) : reject(new Error(`dynalite did not start: ${m.error}`)),
    );
    child.once('exit', (code) => reject(new Error(`dynalite exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${bound}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send('stop');
      }),
  };
}

export async function startS3rver(port: number, dataDir: string, buckets: string[]) {
  await mkdir(dataDir, { recursive: true });
  const s3 = new S3rver({
    address: '127.0.0.1',
    port,
    directory: dataDir,
    silent: true,
    configureBuckets: buckets.map((name) => ({ name, configs: [] })),
  });
  const { port: bound } = (await s3.run()) as AddressInfo;
  return { s3, url: `http://127.0.0.1:${bound}`, stop: () => s3.close() };
}

/** Creates the table as the CDK stack defines it, unless it exists. */
export async function ensureTable(endpoint: string, tableName: string) {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: LOCAL_ACCESS_KEY, secretAccessKey: LOCAL_ACCESS_KEY },
  });
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const { partitionKey, sortKey, gsi1 } = TABLE_DESIGN;
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [partitionKey, sortKey, gsi1.partitionKey, gsi1.sortKey].map(
        (name) => ({ AttributeName: name, AttributeType: 'S' }),
      ),
      KeySchema: [
        { AttributeName: partitionKey, KeyType: 'HASH' },
        { AttributeName: sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: gsi1.name,
          KeySchema: [
            { AttributeName: gsi1.partitionKey, KeyType: 'HASH' },
            { AttributeName: gsi1.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    }),
  );
  client.destroy();
}

export const dataDirs = (home: string) => ({
  dynamodb: join(home, 'dynamodb'),
  s3: join(home, 's3'),
});
