/**
 * Report reads and audit writes shared by concurrent requests
 * (storage/shared-calls.ts), against dynalite: the calls that reach the
 * emulator are counted by a client that passes every command on. Shared
 * reads are never older than the request, and every audit entry is stored
 * or its request fails.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  DeleteCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../../shared/auth/audit.js';
import { StorageWriteError } from '../../shared/errors.js';
import { DynamoAccessStore } from '../../storage/access-store.js';
import { createDocumentClient, DynamoStore } from '../../storage/dynamodb-store.js';
import { classPk, staffSk } from '../../storage/keys.js';
import { startTestStack, type TestStack } from '../support/stack.js';

let t: TestStack;
let doc: DynamoDBDocumentClient;

beforeAll(async () => {
  t = await startTestStack();
  doc = createDocumentClient();
  await t.store.putEnrollments([
    { classId: 'K1', userId: 'TK', role: 'teacher', schoolId: 'S1' },
    ...['k1', 'k2', 'k3'].map((userId) => ({
      classId: 'K1',
      userId,
      role: 'student' as const,
      schoolId: 'S1',
    })),
  ]);
});

afterAll(async () => {
  await t.stack.stop();
});

/** The real client, with the name of every command it sends written down. */
function countingClient(
  rewrite?: (
    name: string,
    out: Record<string, unknown>,
    input: Record<string, unknown>,
  ) => Record<string, unknown>,
) {
  const sent: string[] = [];
  const client = {
    send: async (command: { constructor: { name: string }; input: object }) => {
      const name = command.constructor.name;
      sent.push(name);
      const out = (await doc.send(command as never)) as Record<string, unknown>;
      return rewrite ? rewrite(name, out, command.input as Record<string, unknown>) : out;
    },
  } as unknown as DynamoDBDocumentClient;
  return { client, sent };
}

type Put = { PutRequest: { Item: Record<string, unknown> } };

const entry = (n: number): AuditEntry => ({
  actorId: 'TK',
  role: 'teacher',
  sub: 'sub-tk',
  action: 'GET /classes/{classId}/mastery',
  classId: 'K1',
  studentCount: 3,
  requestId: `req-${n}`,
  at: `2026-12-04T10:00:00.00${n}Z`,
});

const auditRequestIds = async (actorId: string) =>
  (
    (
      await doc.send(
        new QueryCommand({
          TableName: t.stack.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `AUDIT#${actorId}` },
          ConsistentRead: true,
        }),
      )
    ).Items ?? []
  )
    .map((i) => i.requestId as string)
    .sort();

describe('class report reads shared by concurrent requests', () => {
  it('answers ten requests of one turn with one query and one read', async () => {
    const { client, sent } = countingClient();
    const store = new DynamoStore(client, t.stack.table);

    const reads = await Promise.all(
      Array.from({ length: 10 }, () => store.readClassReport('K1')),
    );

    expect(sent).toEqual(['QueryCommand']);
    expect(new Set(reads).size).toBe(1);
    expect(reads[0]).toMatchObject({
      staff: [{ userId: 'TK', role: 'teacher' }],
      studentIds: ['k1', 'k2', 'k3'],
    });
  });

  it('never hands a request a read that was sent before it arrived', async () => {
    const { client, sent } = countingClient();
    const store = new DynamoStore(client, t.stack.table);
    const before = store.readClassReport('K1');
    await nextTurn();
    // The teacher leaves the class while that read is out.
    await doc.send(
      new DeleteCommand({
        TableName: t.stack.table,
        Key: { pk: classPk('K1'), sk: staffSk('TK') },
      }),
    );
    const after = await store.readClassReport('K1');
    await before;

    expect(sent).toEqual(['QueryCommand', 'QueryCommand']);
    expect(after.staff).toEqual([]);
    expect(after.studentIds).toEqual(['k1', 'k2', 'k3']);
  });
});

describe('audit entries written together', () => {
  it('stores the entries of six requests running at once with one batch write', async () => {
    const { client, sent } = countingClient();
    const audit = new DynamoAccessStore(client, t.stack.table);

    await Promise.all(
      [1, 2, 3, 4, 5, 6].map((n) => audit.putAudit(entry(n), 2_000_000_000)),
    );

    expect(sent).toEqual(['BatchWriteCommand']);
    expect(await auditRequestIds('TK')).toEqual([
      'req-1',
      'req-2',
      'req-3',
      'req-4',
      'req-5',
      'req-6',
    ]);
  });

  it('fails the request whose entry stays unwritten and no other', async () => {
    // DynamoDB may leave a batch's items unprocessed; dynalite never does,
    // so this client hands the request of req-8 back as unprocessed every time.
    const stuck = { ...entry(8), actorId: 'TX' };
    const { client, sent } = countingClient((name, out, input) => {
      if (name !== 'BatchWriteCommand') return out;
      const requests = (input.RequestItems as Record<string, Put[]>)[t.stack.table] ?? [];
      const left = requests.filter((r) => r.PutRequest.Item.requestId === 'req-8');
      return { ...out, UnprocessedItems: { [t.stack.table]: left } };
    });
    const audit = new DynamoAccessStore(client, t.stack.table);

    const [written, refused] = await Promise.allSettled([
      audit.putAudit({ ...entry(7), actorId: 'TX' }, 2_000_000_000),
      audit.putAudit(stuck, 2_000_000_000),
    ]);

    expect(written).toEqual({ status: 'fulfilled', value: undefined });
    expect(refused.status).toBe('rejected');
    const reason = (refused as PromiseRejectedResult).reason as StorageWriteError;
    expect(reason).toBeInstanceOf(StorageWriteError);
    expect(reason.message).toBe(
      'the audit entry of this read was not written after retries; ' +
        'the read is refused until it can be',
    );
    // The first send and seven retries of what it left, as for every batch write.
    expect(sent).toEqual(Array.from({ length: 8 }, () => 'BatchWriteCommand'));
    // The retries wrote req-8 too (this client only pretended otherwise).
    expect(await auditRequestIds('TX')).toEqual(['req-7', 'req-8']);
  });
});
