/**
 * GET /students/{studentId}/standards/{code} (why a student stands where
 * they do) follows the student profile: the student must be in one of the
 * caller's classes, any role with mastery may read it, and each read is
 * audited. Through the real local gateway and dynalite.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../storage/dynamodb-store.js';
import { startApiFixture, type ApiFixture } from './api-support.js';
import { STANDARD_A } from './roster-fixture.js';

type Caller = keyof ApiFixture['tokens'];

let f: ApiFixture;

beforeAll(async () => {
  f = await startApiFixture();
});

afterAll(async () => {
  await f.t.stack.stop();
});

const explain = (studentId: string, caller: Caller | null) =>
  f.t.get(`/students/${studentId}/standards/${STANDARD_A}`, {
    token: caller ? f.tokens[caller] : null,
  });

describe('GET /students/{studentId}/standards/{code}', () => {
  it('answers 401 without a token, with the gateway body', async () => {
    const res = await explain('s1', null);

    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: 'Unauthorized' });
  });

  it.each<Caller>(['T2', 'SA2'])(
    'answers %s exactly as for a student that does not exist',
    async (caller) => {
      const refused = await explain('s1', caller);
      const missing = await explain('nope', caller);

      expect(refused.status).toBe(404);
      expect(refused.body).toEqual({
        error: 'not_found',
        message: 'student s1 not found',
        details: { studentId: 's1' },
      });
      expect(missing.body).toEqual({
        error: 'not_found',
        message: 'student nope not found',
        details: { studentId: 'nope' },
      });
    },
  );

  it('refuses the teacher and lab staff a student outside their classes with 404', async () => {
    expect((await explain('s5', 'T1')).status).toBe(404);
    expect((await explain('s7', 'L1')).status).toBe(404);
  });

  it.each<Caller>(['T1', 'L1', 'SA1', 'DA'])('lets %s read it', async (caller) => {
    const res = await explain('s1', caller);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      studentId: 's1',
      level: 'mastered',
      value: 0.92,
    });
  });

  it('writes the read to the audit trail', async () => {
    await explain('s2', 'L1');

    const out = await createDocumentClient().send(
      new QueryCommand({
        TableName: f.t.stack.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'AUDIT#L1' },
      }),
    );
    expect(out.Items).toContainEqual(
      expect.objectContaining({
        action: 'GET /students/{studentId}/standards/{code}',
        role: 'lab_staff',
        studentId: 's2',
        studentCount: 1,
      }),
    );
  });
});
