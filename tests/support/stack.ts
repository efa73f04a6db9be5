/** A local stack in memory for one test file, and clients pointed at it. */
import { S3Client } from '@aws-sdk/client-s3';
import { createDocumentClient, DynamoStore } from '../../storage/dynamodb-store.js';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.js';

export interface TestStack {
  stack: LocalStack;
  s3: S3Client;
  store: DynamoStore;
  get(path: string): Promise<{ status: number; body: unknown; headers: Headers }>;
}

export async function startTestStack(): Promise<TestStack> {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  const stack = await startLocalStack({ schedules: false, onError: () => undefined });
  const s3 = new S3Client({});
  const store = new DynamoStore(createDocumentClient(), stack.table);
  return {
    stack,
    s3,
    store,
    async get(path: string) {
      const res = await fetch(`${stack.urls.api}${path}`);
      const text = await res.text();
      return {
        status: res.status,
        body: text ? JSON.parse(text) : undefined,
        headers: res.headers,
      };
    },
  };
}
