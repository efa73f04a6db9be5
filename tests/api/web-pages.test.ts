/**
 * The teacher page's paging (web/src/pages.ts) against the real local API:
 * a class larger than a page comes back whole, in the API's order.
 */
import { allPages } from '../../web/src/pages.js';
import { startTestStack, type TestStack } from '../support/stack.js';

const STUDENTS = 7;
const PAGE = 3;
let t: TestStack;
let token: string;

beforeAll(async () => {
  t = await startTestStack();
  await t.store.putEnrollments([
    { classId: 'BIG', userId: 'T9', role: 'teacher', schoolId: 'S1' },
    ...Array.from({ length: STUDENTS }, (_, i) => ({
      classId: 'BIG',
      userId: `b${i}`,
      role: 'student' as const,
      schoolId: 'S1',
    })),
  ]);
  token = await t.token({ role: 'teacher', userId: 'T9', sub: 'sub-t9' });
});
afterAll(() => t.stack.stop());

async function get<R>(path: string): Promise<R> {
  const res = await t.get(path, { token });
  expect({ path, status: res.status }).toEqual({ path, status: 200 });
  return res.body as R;
}

it.each(['mastery', 'usage'])(
  'joins every page of the class %s report',
  async (report) => {
    const pages: string[] = [];
    const recording = <R>(path: string) => {
      pages.push(path);
      return get<R>(path);
    };

    const whole = await allPages<{
      students: { studentId: string }[];
      nextCursor?: string;
    }>(recording, `/classes/BIG/${report}`, PAGE);

    expect(whole.students.map((s) => s.studentId)).toEqual([
      'b0',
      'b1',
      'b2',
      'b3',
      'b4',
      'b5',
      'b6',
    ]);
    expect(whole.nextCursor).toBeUndefined();
    expect(pages).toHaveLength(3);
  },
);
