/** A local stack in memory for one test file, and clients pointed at it. */
import { S3Client } from '@aws-sdk/client-s3';
import { createDocumentClient, DynamoStore } from '../../storage/dynamodb-store.js';
import { DynamoHeldFiles } from '../../storage/held-files.js';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.js';
import type { TokenRequest } from '../../infra/local/issuer.js';

export interface GetOptions {
  /** A bearer token; by default a district admin's, who may read everything. */
  token?: string | null;
  headers?: Record<string, string>;
}

export interface TestStack {
  stack: LocalStack;
  s3: S3Client;
  store: DynamoStore;
  /** Markers of files held for an unknown layout. */
  heldFiles: DynamoHeldFiles;
  /** Mints a token from the stack's local issuer. */
  token(request: TokenRequest): Promise<string>;
  get(
    path: string,
    options?: GetOptions,
  ): Promise<{ status: number; body: unknown; headers: Headers; text: string }>;
}

export async function startTestStack(): Promise<TestStack> {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  const stack = await startLocalStack({ schedules: false, onError: () => undefined });
  const s3 = new S3Client({});
  const store = new DynamoStore(createDocumentClient(), stack.table);
  const admin = await stack.issuer.sign({ role: 'district_admin', sub: 'test-admin' });
  return {
    stack,
    s3,
    store,
    heldFiles: new DynamoHeldFiles(createDocumentClient(), stack.table),
    token: (request) => stack.issuer.sign(request),
    async get(path, options = {}) {
      const token = options.token === undefined ? admin : options.token;
      const res = await fetch(`${stack.urls.api}${path}`, {
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...options.headers,
        },
      });
      const text = await res.text();
      const json = (res.headers.get('content-type') ?? '').includes('json');
      return {
        status: res.status,
        body: text && json ? JSON.parse(text) : undefined,
        headers: res.headers,
        text,
      };
    },
  };
}
