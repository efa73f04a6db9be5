/**
 * A small district written straight through the store: two schools, three
 * classes, their teachers, a lab tutor, students with mastery on two
 * standards and timed evidence with minutes on task.
 *
 *   school S1: class C1 (teacher T1, lab staff L1, students s1-s4)
 *              class C2 (teacher T2, students s5, s6)
 *   school S2: class C3 (teacher T3, students s7)
 */
import type {
  Enrollment,
  Evidence,
  MasteryLevel,
  MasteryState,
} from '../../shared/model.js';
import type { DynamoStore } from '../../storage/dynamodb-store.js';

export const STANDARD_A = '6.SP.B.4';
export const STANDARD_B = '6.RP.A.3';
const COMPUTED_AT = '2025-03-01T00:00:00.000Z';

const enroll = (
  classId: string,
  schoolId: string,
  students: string[],
  staff: [string, 'teacher' | 'lab_staff'][],
): Enrollment[] => [
  ...students.map((userId) => ({ classId, userId, role: 'student' as const, schoolId })),
  ...staff.map(([userId, role]) => ({ classId, userId, role, schoolId })),
];

export const ENROLLMENTS: Enrollment[] = [
  ...enroll(
    'C1',
    'S1',
    ['s1', 's2', 's3', 's4'],
    [
      ['T1', 'teacher'],
      ['L1', 'lab_staff'],
    ],
  ),
  ...enroll('C2', 'S1', ['s5', 's6'], [['T2', 'teacher']]),
  ...enroll('C3', 'S2', ['s7'], [['T3', 'teacher']]),
];

const CLASS_OF: Record<string, string> = {
  s1: 'C1',
  s2: 'C1',
  s3: 'C1',
  s4: 'C1',
  s5: 'C2',
  s6: 'C2',
  s7: 'C3',
};

export function state(
  studentId: string,
  standard: string,
  level: MasteryLevel,
  value: number,
  lastEvidenceAt = '2025-02-12T15:00:00.000Z',
): MasteryState {
  return {
    studentId,
    standard,
    method: 'decaying-average',
    value,
    level,
    evidenceCount: 3,
    lastEvidenceAt,
    computedAt: COMPUTED_AT,
  };
}

/** s1 mastered A; s2 close on A; s3 developing on A and B; s4 has no evidence. */
export const STATES: MasteryState[] = [
  state('s1', STANDARD_A, 'mastered', 0.92),
  state('s1', STANDARD_B, 'developing', 0.4, '2025-01-20T15:00:00.000Z'),
  state('s2', STANDARD_A, 'approaching', 0.71),
  state('s2', STANDARD_B, 'developing', 0.35),
  state('s3', STANDARD_A, 'developing', 0.3),
  state('s3', STANDARD_B, 'developing', 0.2),
  state('s5', STANDARD_A, 'mastered', 0.95),
  state('s7', STANDARD_A, 'mastered', 0.88),
];

export function evidence(
  studentId: string,
  n: number,
  fields: Partial<Evidence> = {},
): Evidence {
  return {
    evidenceId: `${studentId}-e${n}`,
    studentId,
    programId: 'assistments',
    itemId: `item-${n}`,
    standards: [STANDARD_A],
    status: 'scored',
    score: 1,
    occurredAt: '2025-02-11T15:00:00.000Z',
    sequence: n,
    minutesOnTask: 20,
    weight: 1,
    source: {
      kind: 's3',
      uri: 's3://bucket/incoming/x.csv',
      line: n + 1,
      runId: 'run-1',
    },
    contentHash: `hash-${studentId}-${n}`,
    ...fields,
  };
}

/** Week of 2025-02-10: s1 has 20 + 50 minutes in two programs, s2 has 20. */
export const EVIDENCE: Evidence[] = [
  evidence('s1', 1),
  evidence('s1', 2, {
    programId: 'khan',
    minutesOnTask: 50,
    occurredAt: '2025-02-12T15:00:00.000Z',
  }),
  evidence('s1', 3, { occurredAt: '2025-02-18T15:00:00.000Z', minutesOnTask: 10 }),
  evidence('s2', 1),
  evidence('s3', 1, { occurredAt: undefined, minutesOnTask: 5 }),
];

export async function writeDistrict(store: DynamoStore): Promise<void> {
  await store.putEnrollments(ENROLLMENTS);
  for (const studentId of Object.keys(CLASS_OF)) {
    const states = STATES.filter((s) => s.studentId === studentId);
    if (states.length) await store.putMastery(states, [CLASS_OF[studentId] as string]);
  }
  await store.putEvidenceBatch(EVIDENCE);
}
