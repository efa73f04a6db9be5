/**
 * Who may read what, through the real local gateway (JWT verified against the
 * local issuer's JWKS), the real handlers and dynalite. A class or student
 * the caller may not see answers exactly like one that does not exist.
 */
import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../storage/dynamodb-store.js';
import { startIssuer } from '../../infra/local/issuer.js';
import { startApiFixture, type ApiFixture } from './api-support.js';

let f: ApiFixture;

beforeAll(async () => {
  f = await startApiFixture();
});

afterAll(async () => {
  await f.t.stack.stop();
});

const CLASS_ROUTES = [
  '/classes/C1/mastery',
  '/classes/C1/standards/6.SP.B.4',
  '/classes/C1/usage?from=2025-02-10&to=2025-02-23',
  '/classes/C1/groups?standards=6.SP.B.4',
];
const STUDENT_ROUTES = ['/students/s1', '/students/s1/mastery'];
const TEACHER_ROUTES = ['/me/classes', ...CLASS_ROUTES, ...STUDENT_ROUTES];

describe('Authentication at the gateway', () => {
  it.each(TEACHER_ROUTES)('answers 401 without a token: %s', async (path) => {
    const res = await f.t.get(path, { token: null });

    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: 'Unauthorized' });
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('answers 401 to an expired token', async () => {
    const expired = await f.t.token({
      role: 'teacher',
      userId: 'T1',
      expiresAt: new Date(Date.now() - 60_000),
    });

    expect((await f.t.get('/me/classes', { token: expired })).status).toBe(401);
  });

  it('answers 401 to a token signed by another key, another issuer or audience', async () => {
    const other = await startIssuer();
    const forged = await other.sign({
      role: 'district_admin',
      issuer: f.t.stack.issuer.issuer,
    });
    const wrongAudience = await f.t.token({
      role: 'district_admin',
      audience: 'other-app',
    });
    const wrongIssuer = await f.t.token({ role: 'district_admin', issuer: other.issuer });
    await other.stop();

    for (const token of [forged, wrongAudience, wrongIssuer, 'not.a.jwt']) {
      expect((await f.t.get('/classes/C1/mastery', { token })).status).toBe(401);
    }
  });

  it('answers 403 to a valid token without a role or without a roster id', async () => {
    const noUserId = await f.t.token({ role: 'teacher' });
    const res = await f.t.get('/me/classes', { token: noUserId });

    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      error: 'forbidden',
      details: { claim: 'custom:lablink_user_id' },
    });
  });

  it('leaves /health and /openapi.json open', async () => {
    expect((await f.t.get('/health', { token: null })).status).toBe(200);
    expect((await f.t.get('/openapi.json', { token: null })).status).toBe(200);
  });
});

describe('Authorization by roster', () => {
  it.each(TEACHER_ROUTES)('lets the class teacher read %s', async (path) => {
    expect((await f.t.get(path, { token: f.tokens.T1 })).status).toBe(200);
  });

  it('reads the role from cognito:groups as API Gateway flattens it', async () => {
    expect(
      (await f.t.get('/classes/C1/mastery', { token: f.tokens.T1group })).status,
    ).toBe(200);
  });

  it.each([...CLASS_ROUTES, ...STUDENT_ROUTES])(
    "answers another teacher's request for %s with 404, as for a missing one",
    async (path) => {
      const refused = await f.t.get(path, { token: f.tokens.T2 });
      const missing = await f.t.get(path.replace(/C1|s1/, 'nope'), {
        token: f.tokens.T2,
      });

      expect(refused.status).toBe(404);
      expect(missing.status).toBe(404);
      expect(Object.keys(refused.body as object)).toEqual([
        'error',
        'message',
        'details',
      ]);
      expect((refused.body as { error: string }).error).toBe(
        (missing.body as { error: string }).error,
      );
    },
  );

  it.each([...CLASS_ROUTES, ...STUDENT_ROUTES])(
    'refuses %s to the admin of another school with 404',
    async (path) => {
      expect((await f.t.get(path, { token: f.tokens.SA2 })).status).toBe(404);
    },
  );

  it.each([...CLASS_ROUTES, ...STUDENT_ROUTES])(
    'lets the school admin and the district admin read %s',
    async (path) => {
      expect((await f.t.get(path, { token: f.tokens.SA1 })).status).toBe(200);
      expect((await f.t.get(path, { token: f.tokens.DA })).status).toBe(200);
    },
  );

  it('refuses a student outside the teacher classes with 404', async () => {
    expect((await f.t.get('/students/s5', { token: f.tokens.T1 })).status).toBe(404);
    expect((await f.t.get('/students/s7/mastery', { token: f.tokens.T1 })).status).toBe(
      404,
    );
  });

  it('gives lab staff mastery and groups of their lab, without demographics or usage', async () => {
    const profile = await f.t.get('/students/s1', { token: f.tokens.L1 });
    const usage = await f.t.get('/classes/C1/usage', { token: f.tokens.L1 });

    expect(profile.status).toBe(200);
    expect(profile.body).not.toHaveProperty('demographics');
    expect(
      (await f.t.get('/classes/C1/groups?standards=6.SP.B.4', { token: f.tokens.L1 }))
        .status,
    ).toBe(200);
    expect(usage.status).toBe(403);
    expect(usage.body).toMatchObject({
      error: 'forbidden',
      details: { capability: 'usage' },
    });
    expect((await f.t.get('/classes/C2/mastery', { token: f.tokens.L1 })).status).toBe(
      404,
    );
  });

  it('lists the caller classes by role', async () => {
    const ids = async (token: string) =>
      (
        (await f.t.get('/me/classes', { token })).body as {
          classes: { classId: string }[];
        }
      ).classes.map((c) => c.classId);

    expect(await ids(f.tokens.T1)).toEqual(['C1']);
    expect(await ids(f.tokens.L1)).toEqual(['C1']);
    expect(await ids(f.tokens.SA1)).toEqual(['C1', 'C2']);
    expect(await ids(f.tokens.DA)).toEqual(['C1', 'C2', 'C3']);
  });
});

describe('Audit trail', () => {
  it('records who read which class, with a TTL from the retention setting', async () => {
    const doc = createDocumentClient();
    await f.t.get('/classes/C1/mastery', { token: f.tokens.T1 });

    const out = await doc.send(
      new QueryCommand({
        TableName: f.t.stack.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'AUDIT#T1' },
      }),
    );
    const item = out.Items?.find((i) => i.action === 'GET /classes/{classId}/mastery');
    const days = ((item?.expiresAt as number) - Date.now() / 1000) / 86_400;

    expect(item).toMatchObject({
      actorId: 'T1',
      role: 'teacher',
      sub: 'sub-t1',
      classId: 'C1',
      studentCount: 4,
    });
    expect(Math.round(days)).toBe(365);
  });
});

describe('Audit trail under concurrent reads', () => {
  it('answers twenty requests at once, each with its own audit entry', async () => {
    const doc = createDocumentClient();
    const entries = async () =>
      (
        await doc.send(
          new QueryCommand({
            TableName: f.t.stack.table,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': 'AUDIT#L1' },
            ConsistentRead: true,
          }),
        )
      ).Items ?? [];
    const before = (await entries()).length;

    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        f.t.get('/classes/C1/mastery', { token: f.tokens.L1 }),
      ),
    );

    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 20 }, () => 200));
    const written = await entries();
    expect(written.length - before).toBe(20);
    expect(new Set(written.map((i) => i.requestId)).size).toBe(written.length);
  });
});

describe('Roster changes', () => {
  it('takes a class away from a teacher at once when they are removed from it', async () => {
    const doc = createDocumentClient();
    expect((await f.t.get('/classes/C1/mastery', { token: f.tokens.T1 })).status).toBe(
      200,
    );

    for (const Key of [
      { pk: 'STAFF#T1', sk: 'CLASS#C1' },
      { pk: 'CLASS#C1', sk: 'STAFF#T1' },
    ]) {
      await doc.send(new DeleteCommand({ TableName: f.t.stack.table, Key }));
    }

    expect((await f.t.get('/classes/C1/mastery', { token: f.tokens.T1 })).status).toBe(
      404,
    );
    expect((await f.t.get('/students/s1', { token: f.tokens.T1 })).status).toBe(404);
  });
});
