/**
 * A caller acts in each class with the lesser of their token's role and the
 * role the roster enrolls them with there, through the real local gateway
 * and dynalite. Two people the fixture district lacks:
 *
 *   T2 (teacher token) teaches C2 and tutors in C3 as lab staff;
 *   L2 (lab staff token) is enrolled in C3 as its teacher.
 *
 * Neither may read C3's usage, plan for it, or see its student's
 * demographics; T2 keeps all of that in C2. Changing the roster changes the
 * role at once.
 */
import type { Enrollment } from '../../shared/model.js';
import { startApiFixture, type ApiFixture } from './api-support.js';
import { STANDARD_A } from './roster-fixture.js';

let f: ApiFixture;
let L2: string;

const c3 = (userId: string, role: Enrollment['role']): Enrollment => ({
  classId: 'C3',
  userId,
  role,
  schoolId: 'S2',
});

const FOCUS = {
  entries: [{ standards: [STANDARD_A], from: '2025-02-10', to: '2025-02-21' }],
};

async function send(method: 'PUT' | 'POST', path: string, token: string, body: unknown) {
  const res = await fetch(`${f.t.stack.urls.api}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  f = await startApiFixture();
  await f.t.store.putEnrollments([c3('T2', 'lab_staff'), c3('L2', 'teacher')]);
  L2 = await f.t.token({ role: 'lab_staff', userId: 'L2', sub: 'sub-l2' });
  // The school's admin says what C3 teaches, so its focus and plan exist to read.
  expect((await send('PUT', '/classes/C3/focus', f.tokens.SA2, FOCUS)).status).toBe(200);
});

afterAll(async () => {
  await f.t.stack.stop();
});

const READ_ROUTES = [
  '/classes/C3/mastery',
  `/classes/C3/standards/${STANDARD_A}`,
  `/classes/C3/groups?standards=${STANDARD_A}`,
  '/classes/C3/focus',
  '/classes/C3/assignments/plan?week=2025-W07',
  '/students/s7/mastery',
];

describe('Roles per class', () => {
  it('lists each class with the role the caller acts with there', async () => {
    const classes = async (token: string) =>
      ((await f.t.get('/me/classes', { token })).body as { classes: unknown[] }).classes;

    expect(await classes(f.tokens.T2)).toEqual([
      { classId: 'C2', schoolId: 'S1', role: 'teacher', studentCount: 2 },
      { classId: 'C3', schoolId: 'S2', role: 'lab_staff', studentCount: 1 },
    ]);
    expect(await classes(L2)).toEqual([
      { classId: 'C3', schoolId: 'S2', role: 'lab_staff', studentCount: 1 },
    ]);
    expect(await classes(f.tokens.SA1)).toEqual([
      { classId: 'C1', schoolId: 'S1', role: 'school_admin', studentCount: 4 },
      { classId: 'C2', schoolId: 'S1', role: 'school_admin', studentCount: 2 },
    ]);
  });

  it.each(READ_ROUTES)('lets both read what lab staff may: %s', async (path) => {
    expect((await f.t.get(path, { token: f.tokens.T2 })).status).toBe(200);
    expect((await f.t.get(path, { token: L2 })).status).toBe(200);
  });

  it("refuses the lab's usage to a teacher who tutors there, and to lab staff enrolled as teacher", async () => {
    const usage = '/classes/C3/usage?from=2025-02-10&to=2025-02-23';
    const teacher = await f.t.get(usage, { token: f.tokens.T2 });
    const labStaff = await f.t.get(usage, { token: L2 });

    // Refused by the role held in the class, after the roster was read...
    expect(teacher.status).toBe(403);
    expect(teacher.body).toEqual({
      error: 'forbidden',
      message: 'a lab_staff in class C3 may not read usage',
      details: { role: 'lab_staff', capability: 'usage', classId: 'C3' },
    });
    // ...and a lab staff token before anything is read, whatever the roster says.
    expect(labStaff.status).toBe(403);
    expect(labStaff.body).toEqual({
      error: 'forbidden',
      message: 'a lab_staff may not read usage',
      details: { role: 'lab_staff', capability: 'usage' },
    });
    // The teacher's own class is untouched.
    expect(
      (
        await f.t.get('/classes/C2/usage?from=2025-02-10&to=2025-02-23', {
          token: f.tokens.T2,
        })
      ).status,
    ).toBe(200);
  });

  it('refuses planning in the lab with 403 and keeps it in the own class', async () => {
    const focus = await send('PUT', '/classes/C3/focus', f.tokens.T2, FOCUS);
    const approve = await send('POST', '/classes/C3/assignments', f.tokens.T2, {
      week: '2025-W07',
    });

    expect(focus).toMatchObject({
      status: 403,
      body: {
        message: 'a lab_staff in class C3 may not change plans or assignments',
        details: { role: 'lab_staff', capability: 'planning', classId: 'C3' },
      },
    });
    expect(approve).toMatchObject({
      status: 403,
      body: { details: { role: 'lab_staff', capability: 'planning', classId: 'C3' } },
    });
    // A lab staff token is refused before anything is read, whatever the roster says.
    expect(await send('PUT', '/classes/C3/focus', L2, FOCUS)).toMatchObject({
      status: 403,
      body: { details: { role: 'lab_staff', capability: 'planning' } },
    });
    expect((await send('PUT', '/classes/C2/focus', f.tokens.T2, FOCUS)).status).toBe(200);
  });

  it('leaves demographics out of a profile the caller meets only in a lab', async () => {
    const lab = await f.t.get('/students/s7', { token: f.tokens.T2 });
    const own = await f.t.get('/students/s5', { token: f.tokens.T2 });
    const asTeacherOfRecord = await f.t.get('/students/s7', { token: L2 });

    expect(lab.status).toBe(200);
    expect(lab.body).toMatchObject({ studentId: 's7', classIds: ['C3'] });
    expect(lab.body).not.toHaveProperty('demographics');
    expect(own.body).toMatchObject({
      classIds: ['C2'],
      demographics: { schoolIds: ['S1'] },
    });
    expect(asTeacherOfRecord.status).toBe(200);
    expect(asTeacherOfRecord.body).not.toHaveProperty('demographics');
  });

  it('follows the roster at once when the role in a class changes', async () => {
    const usage = () =>
      f.t.get('/classes/C3/usage?from=2025-02-10&to=2025-02-23', { token: f.tokens.T2 });

    await f.t.store.putEnrollments([c3('T2', 'teacher')]);
    const promoted = await usage();
    const profile = await f.t.get('/students/s7', { token: f.tokens.T2 });
    await f.t.store.putEnrollments([c3('T2', 'lab_staff')]);
    const demoted = await usage();

    expect(promoted.status).toBe(200);
    expect(profile.body).toMatchObject({ demographics: { schoolIds: ['S2'] } });
    expect(demoted.status).toBe(403);
  });
});
