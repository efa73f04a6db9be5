/**
 * Who may plan, approve and follow assignments, through the real local
 * gateway (JWT verified against the local issuer) and dynalite. Lab staff
 * may read a class's focus, plans and assignments but never change them; the
 * alignment analysis is for school admins (their school) and district admins.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Assignment } from '../../shared/assignments/model.js';
import { assignmentStoreFromEnv } from '../../storage/assignment-store.js';
import { createDocumentClient } from '../../storage/dynamodb-store.js';
import { startApiFixture, type ApiFixture } from './api-support.js';
import { STANDARD_A } from './roster-fixture.js';

type Caller = keyof ApiFixture['tokens'];

const WEEK = '2025-W07';
const FOCUS = {
  entries: [{ standards: [STANDARD_A], from: '2025-02-10', to: '2025-02-21' }],
};
const ASSIGNMENT: Assignment = {
  assignmentId: 'asg-c1-fixture',
  classId: 'C1',
  programId: 'assistments',
  contentId: 'PS-1',
  title: 'Box plots',
  standards: [STANDARD_A],
  studentIds: ['s1', 's2'],
  week: WEEK,
  dueAt: '2025-02-14T23:59:00-05:00',
  status: 'pending',
  attempts: 0,
  createdAt: '2025-02-10T12:00:00.000Z',
  updatedAt: '2025-02-10T12:00:00.000Z',
};

let f: ApiFixture;

beforeAll(async () => {
  f = await startApiFixture();
  await assignmentStoreFromEnv().createAssignment(ASSIGNMENT);
});

afterAll(async () => {
  await f.t.stack.stop();
});

/** A request through the gateway with a body; `caller` null sends no token. */
async function send(
  method: 'PUT' | 'POST',
  path: string,
  caller: Caller | null,
  body: unknown,
) {
  const res = await fetch(`${f.t.stack.urls.api}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(caller ? { authorization: `Bearer ${f.tokens[caller]}` } : {}),
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const get = (path: string, caller: Caller | null) =>
  f.t.get(path, { token: caller ? f.tokens[caller] : null });

/**
 * The JWT authorizer's own 401 (not the handler's `{ error, ... }`): the
 * route is `jwt` and the handler never ran.
 */
function expectGatewayRefusal(res: { status: number; body: unknown }) {
  expect(res).toMatchObject({ status: 401, body: { message: 'Unauthorized' } });
  expect(res.body).not.toHaveProperty('error');
}

const putFocus = (classId: string, caller: Caller | null) =>
  send('PUT', `/classes/${classId}/focus`, caller, FOCUS);
const approve = (classId: string, caller: Caller | null) =>
  send('POST', `/classes/${classId}/assignments`, caller, { week: WEEK });

describe('PUT /classes/{classId}/focus', () => {
  it('answers 401 without a token, at the gateway', async () => {
    expectGatewayRefusal(await putFocus('C1', null));
  });

  it('refuses lab staff with 403, on their own class as on any other', async () => {
    const own = await putFocus('C1', 'L1');
    const other = await putFocus('C2', 'L1');

    expect(own.status).toBe(403);
    expect(own.body).toMatchObject({
      error: 'forbidden',
      details: { role: 'lab_staff', capability: 'planning' },
    });
    expect(other).toEqual(own);
  });

  it.each<Caller>(['T2', 'SA2'])(
    'answers %s with the 404 of a class that does not exist',
    async (caller) => {
      const refused = await putFocus('C1', caller);
      const missing = await putFocus('nope', caller);

      expect(refused.status).toBe(404);
      expect(refused.body.error).toBe('not_found');
      expect(missing.status).toBe(404);
      expect(missing.body.error).toBe('not_found');
    },
  );

  it('lets the class teacher, the school admin and the district admin save it', async () => {
    for (const caller of ['SA1', 'DA', 'T1'] as const) {
      const res = await putFocus('C1', caller);

      expect({ caller, status: res.status }).toEqual({ caller, status: 200 });
      expect(res.body).toMatchObject({ classId: 'C1', entries: FOCUS.entries });
    }
  });
});

describe('GET /classes/{classId}/focus', () => {
  beforeAll(async () => {
    expect((await putFocus('C1', 'T1')).status).toBe(200);
  });

  it('answers 401 without a token, at the gateway', async () => {
    expectGatewayRefusal(await get('/classes/C1/focus', null));
  });

  it.each<Caller>(['T2', 'SA2'])('answers %s with 404', async (caller) => {
    expect((await get('/classes/C1/focus', caller)).status).toBe(404);
  });

  it('refuses lab staff the focus of a class outside their lab with 404', async () => {
    expect((await get('/classes/C2/focus', 'L1')).status).toBe(404);
  });

  it.each<Caller>(['T1', 'L1', 'SA1', 'DA'])('lets %s read it', async (caller) => {
    const res = await get('/classes/C1/focus', caller);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ classId: 'C1', entries: FOCUS.entries });
  });
});

describe('GET /classes/{classId}/assignments/plan', () => {
  const path = `/classes/C1/assignments/plan?week=${WEEK}`;

  beforeAll(async () => {
    expect((await putFocus('C1', 'T1')).status).toBe(200);
  });

  it('answers 401 without a token, at the gateway', async () => {
    expectGatewayRefusal(await get(path, null));
  });

  it.each<Caller>(['T2', 'SA2'])('answers %s with 404', async (caller) => {
    expect((await get(path, caller)).status).toBe(404);
  });

  it('refuses lab staff the plan of a class outside their lab with 404', async () => {
    const res = await get(`/classes/C2/assignments/plan?week=${WEEK}`, 'L1');

    expect(res.status).toBe(404);
  });

  it('lets the teacher and lab staff read it, and audits each read', async () => {
    const teacher = await get(path, 'T1');
    const lab = await get(path, 'L1');

    expect(teacher.status).toBe(200);
    expect(lab.body).toEqual(teacher.body);
    expect(
      (teacher.body as { students: { studentId: string }[] }).students.map(
        (s) => s.studentId,
      ),
    ).toEqual(['s1', 's2', 's3', 's4']);
    expect(await auditedActions('L1')).toContain(
      'GET /classes/{classId}/assignments/plan',
    );
  });
});

describe('POST /classes/{classId}/assignments', () => {
  beforeAll(async () => {
    expect((await putFocus('C1', 'T1')).status).toBe(200);
  });

  it('answers 401 without a token, at the gateway', async () => {
    expectGatewayRefusal(await approve('C1', null));
  });

  it('refuses lab staff with 403, before reading anything', async () => {
    const res = await approve('C1', 'L1');

    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      error: 'forbidden',
      details: { role: 'lab_staff' },
    });
  });

  it.each<Caller>(['T2', 'SA2'])('answers %s with 404', async (caller) => {
    expect((await approve('C1', caller)).status).toBe(404);
  });

  it('lets the class teacher approve the week', async () => {
    const res = await approve('C1', 'T1');

    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ classId: 'C1', week: WEEK });
  });
});

describe('GET /assignments/{assignmentId}', () => {
  const path = `/assignments/${ASSIGNMENT.assignmentId}`;

  it('answers 401 without a token, at the gateway', async () => {
    expectGatewayRefusal(await get(path, null));
  });

  it.each<Caller>(['T2', 'SA2'])(
    'answers %s exactly as for an assignment that does not exist',
    async (caller) => {
      const refused = await get(path, caller);
      const missing = await get('/assignments/asg-c1-fixture-x', caller);

      expect(refused.status).toBe(404);
      expect(refused.body).toEqual({
        error: 'not_found',
        message: `no assignment ${ASSIGNMENT.assignmentId}`,
        details: { assignmentId: ASSIGNMENT.assignmentId },
      });
      expect(missing.body).toEqual({
        error: 'not_found',
        message: 'no assignment asg-c1-fixture-x',
        details: { assignmentId: 'asg-c1-fixture-x' },
      });
    },
  );

  it.each<Caller>(['T1', 'L1', 'SA1', 'DA'])(
    'lets %s read its status',
    async (caller) => {
      const res = await get(path, caller);

      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ assignmentId: ASSIGNMENT.assignmentId });
    },
  );

  it('audits the read with the class and the number of students', async () => {
    await get(path, 'T1');

    expect(await auditItems('T1')).toContainEqual(
      expect.objectContaining({
        action: 'GET /assignments/{assignmentId}',
        classId: 'C1',
        studentCount: 2,
      }),
    );
  });
});

describe('GET /analysis/alignment', () => {
  const path = (school: string) =>
    `/analysis/alignment?school=${school}&from=2025-02-01&to=2025-03-01`;

  it('answers 401 without a token, at the gateway', async () => {
    expectGatewayRefusal(await get(path('S1'), null));
  });

  it.each<Caller>(['T1', 'L1'])('refuses %s with 403', async (caller) => {
    const res = await get(path('S1'), caller);

    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      error: 'forbidden',
      details: { capability: 'analysis' },
    });
  });

  it('refuses the admin of another school with the same 403 as for an unknown school', async () => {
    const other = await get(path('S1'), 'SA2');
    const unknown = await get(path('S9'), 'SA2');

    expect(other.status).toBe(403);
    expect(unknown).toMatchObject({ status: 403, body: other.body });
  });

  it('answers a repeated school with 400 before any access check, for its own admin too', async () => {
    const res = await get(
      '/analysis/alignment?school=S1&school=S2&from=2025-02-01&to=2025-03-01',
      'SA1',
    );

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      error: 'invalid_request',
      details: [
        {
          field: 'school',
          message: 'give one value (the parameter was repeated or contains a comma)',
        },
      ],
    });
  });

  it('names `to` for a reversed range, as every report route does', async () => {
    const res = await get(
      '/analysis/alignment?school=S1&from=2025-03-01&to=2025-02-01',
      'SA1',
    );

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      details: [{ field: 'to', message: 'must not be before from' }],
    });
  });

  it.each<Caller>(['SA1', 'DA'])('lets %s analyse school S1', async (caller) => {
    const res = await get(path('S1'), caller);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ schoolId: 'S1', classes: 2, students: 6 });
  });
});

async function auditItems(actorId: string): Promise<Record<string, unknown>[]> {
  const out = await createDocumentClient().send(
    new QueryCommand({
      TableName: f.t.stack.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `AUDIT#${actorId}` },
    }),
  );
  return out.Items ?? [];
}

async function auditedActions(actorId: string): Promise<string[]> {
  return (await auditItems(actorId)).map((i) => i.action as string);
}
