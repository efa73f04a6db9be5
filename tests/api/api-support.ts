/** A test stack with the fixture district written and a token per caller. */
import { startTestStack, type TestStack } from '../support/stack.js';
import { writeDistrict } from './roster-fixture.js';

export interface ApiFixture {
  t: TestStack;
  tokens: Record<'T1' | 'T2' | 'T1group' | 'L1' | 'SA1' | 'SA2' | 'DA', string>;
}

export async function startApiFixture(): Promise<ApiFixture> {
  const t = await startTestStack();
  await writeDistrict(t.store);
  const tokens = {
    T1: await t.token({ role: 'teacher', userId: 'T1', sub: 'sub-t1' }),
    T2: await t.token({ role: 'teacher', userId: 'T2', sub: 'sub-t2' }),
    T1group: await t.token({ role: 'teacher', userId: 'T1', asGroup: true }),
    L1: await t.token({ role: 'lab_staff', userId: 'L1', sub: 'sub-l1' }),
    SA1: await t.token({ role: 'school_admin', schoolId: 'S1' }),
    SA2: await t.token({ role: 'school_admin', schoolId: 'S2' }),
    DA: await t.token({ role: 'district_admin' }),
  };
  return { t, tokens };
}
