/**
 * The roster reads that decide access (shared/auth/access.ts) against
 * dynalite, with every command's input written down: each one is strongly
 * consistent, for every role, so an un-enrollment or a class's move to
 * another school a moment ago counts. dynalite is always consistent, so
 * what is checked is that DynamoDB is asked to be.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { requireClass, requireStudent } from '../../shared/auth/access.js';
import type { Principal } from '../../shared/auth/principal.js';
import { DynamoAccessStore } from '../../storage/access-store.js';
import { createDocumentClient, DynamoStore } from '../../storage/dynamodb-store.js';
import { startTestStack, type TestStack } from '../support/stack.js';

let t: TestStack;

beforeAll(async () => {
  t = await startTestStack();
  await t.store.putEnrollments([
    { classId: 'Q1', userId: 'TQ', role: 'teacher', schoolId: 'SQ' },
    { classId: 'Q1', userId: 'q1', role: 'student', schoolId: 'SQ' },
  ]);
});

afterAll(async () => {
  await t.stack.stop();
});

type Input = {
  Key?: { pk?: string };
  ExpressionAttributeValues?: Record<string, unknown>;
  ConsistentRead?: boolean;
};

/** Stores on the real client; each read is written down as `command pk consistent`. */
function recordingDeps() {
  const doc = createDocumentClient();
  const reads: string[] = [];
  const client = {
    send: (command: { constructor: { name: string }; input: Input }) => {
      const { input } = command;
      const pk = input.Key?.pk ?? input.ExpressionAttributeValues?.[':pk'];
      reads.push(
        `${command.constructor.name} ${String(pk)} ${input.ConsistentRead === true}`,
      );
      return doc.send(command as never);
    },
  } as unknown as DynamoDBDocumentClient;
  const store = new DynamoStore(client, t.stack.table);
  return {
    reads,
    deps: { roster: store, directory: new DynamoAccessStore(client, t.stack.table) },
  };
}

const teacher: Principal = { role: 'teacher', sub: 'sub-tq', userId: 'TQ' };
const schoolAdmin: Principal = { role: 'school_admin', sub: 'sub-sq', schoolId: 'SQ' };

describe('roster reads behind access', () => {
  it('reads a class for a teacher and a school admin consistently', async () => {
    const { reads, deps } = recordingDeps();

    expect(await requireClass(deps, teacher, 'Q1', 'usage')).toBe('teacher');
    expect(await requireClass(deps, schoolAdmin, 'Q1', 'usage')).toBe('school_admin');

    expect(reads).toEqual(['GetCommand CLASS#Q1 true', 'GetCommand CLASSES true']);
  });

  it('reads a student for a teacher and a school admin consistently', async () => {
    const { reads, deps } = recordingDeps();

    expect((await requireStudent(deps, teacher, 'q1', 'mastery')).classIds).toEqual([
      'Q1',
    ]);
    expect((await requireStudent(deps, schoolAdmin, 'q1', 'mastery')).classIds).toEqual([
      'Q1',
    ]);

    expect(reads).toEqual([
      'QueryCommand STUDENT#q1 true',
      'QueryCommand STAFF#TQ true',
      'QueryCommand STUDENT#q1 true',
      'QueryCommand STUDENT#q1 true',
    ]);
  });
});
