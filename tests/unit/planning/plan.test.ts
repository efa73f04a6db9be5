import type { ProgramContent } from '../../../shared/catalog-content/index.js';
import { loadContentCatalog } from '../../../shared/catalog-content/index.js';
import { parseIsoWeek } from '../../../shared/focus/index.js';
import type { MasteryState } from '../../../shared/model.js';
import {
  planWeek,
  prerequisitesOf,
  type PlanInput,
} from '../../../shared/planning/index.js';

const cell = (studentId: string, standard: string, value?: number): MasteryState => ({
  studentId,
  standard,
  method: 'decaying_average',
  ...(value === undefined ? {} : { value }),
  level:
    value === undefined
      ? 'not_started'
      : value >= 0.8
        ? 'mastered'
        : value >= 0.6
          ? 'approaching'
          : 'developing',
  evidenceCount: value === undefined ? 0 : 4,
  computedAt: '2025-03-01T00:00:00Z',
});

const item = (contentId: string, standards: string[], minutes: number) => ({
  contentId,
  title: `Lesson ${contentId}`,
  kind: 'lesson',
  standards,
  grade: '6',
  estimatedMinutes: minutes,
  provenance: { source: 'test' },
});

const mathlab: ProgramContent = {
  programId: 'mathlab',
  weeklyMinutes: 30,
  items: [
    item('L1', ['6.SP.B.4'], 10),
    item('L2', ['6.SP.B.4'], 15),
    item('L3', ['6.RP.A.3.A'], 10),
    item('L4', ['6.RP.A.1'], 10),
    item('L5', ['6.RP.A.2'], 10),
  ],
};

function input(overrides: Partial<PlanInput> = {}): PlanInput {
  return {
    classId: 'c1',
    week: parseIsoWeek('2025-W12', 'America/New_York'),
    focus: {
      classId: 'c1',
      updatedAt: '2025-03-01T00:00:00Z',
      entries: [
        {
          standards: ['6.SP.B.4', '6.RP.A.3.A'],
          from: '2025-03-17',
          to: '2025-03-28',
          unit: 'Data',
        },
      ],
    },
    cells: [
      cell('s1', '6.SP.B.4', 0.9),
      cell('s1', '6.RP.A.3.A', 0.5),
      cell('s2', '6.SP.B.4', 0.65),
      cell('s3', '6.RP.A.3.A', 0.2),
    ],
    students: ['s3', 's1', 's2', 's4'],
    studentPrograms: new Map([
      ['s1', new Set(['mathlab'])],
      ['s2', new Set(['mathlab'])],
      ['s3', new Set(['mathlab'])],
    ]),
    catalog: new Map([['mathlab', mathlab]]),
    ...overrides,
  };
}

describe('Planning a week', () => {
  it('assigns only unmastered focus standards, within the weekly budget, each with a reason', () => {
    const plan = planWeek(input());
    const s1 = plan.students.find((s) => s.studentId === 's1');
    const s2 = plan.students.find((s) => s.studentId === 's2');

    expect(plan.focus.map((f) => f.standard)).toEqual(['6.RP.A.3.A', '6.SP.B.4']);
    expect(s1?.items.map((i) => i.contentId)).toEqual(['L3']);
    expect(s1?.notes).toEqual(['6.SP.B.4: already mastered, nothing assigned']);
    expect(s2?.items.map((i) => i.contentId)).toEqual(['L3', 'L1']);
    for (const s of plan.students) {
      expect(s.minutesByProgram.mathlab ?? 0).toBeLessThanOrEqual(30);
      for (const i of s.items) expect(i.reason.length).toBeGreaterThan(40);
    }
    expect(s2?.items[1]?.reason).toBe(
      "6.SP.B.4 is this week's focus (Data, taught 2025-03-17 to 2025-03-28); the student is " +
        'approaching (0.65 after 4 evidence); Lesson L1 teaches 6.SP.B.4 (10 min, 20 of 30 min this week in mathlab)',
    );
  });

  it('puts standards without evidence first, then the lowest mastery, and stops at the budget', () => {
    const s3 = planWeek(input()).students.find((s) => s.studentId === 's3');

    expect(prerequisitesOf('6.RP.A.3.A')).toEqual([]);
    expect(prerequisitesOf('6.RP.A.3')).toEqual(['6.RP.A.2', '6.RP.A.1']);
    expect(s3?.items.map((i) => [i.contentId, i.purpose])).toEqual([
      ['L1', 'focus'],
      ['L3', 'focus'],
    ]);
    expect(s3?.minutesByProgram).toEqual({ mathlab: 20 });
  });

  it('plans prerequisites first-class when the catalog knows earlier standards', () => {
    const plan = planWeek(
      input({
        focus: {
          classId: 'c1',
          updatedAt: '2025-03-01T00:00:00Z',
          entries: [{ standards: ['6.RP.A.3'], from: '2025-03-17', to: '2025-03-21' }],
        },
        cells: [cell('s3', '6.RP.A.3', 0.2)],
        catalog: new Map([
          [
            'mathlab',
            { ...mathlab, items: [...mathlab.items, item('L6', ['6.RP.A.3'], 10)] },
          ],
        ]),
      }),
    );
    const s3 = plan.students.find((s) => s.studentId === 's3');

    expect(s3?.items.map((i) => [i.contentId, i.purpose, i.forStandard])).toEqual([
      ['L6', 'focus', '6.RP.A.3'],
      ['L5', 'prerequisite', '6.RP.A.3'],
      ['L4', 'prerequisite', '6.RP.A.3'],
    ]);
    expect(s3?.items[1]?.reason).toContain('far behind on 6.RP.A.3 (0.20 < 0.4)');
  });

  it('says why a student without a program gets nothing', () => {
    const s4 = planWeek(input()).students.find((s) => s.studentId === 's4');

    expect(s4?.items).toEqual([]);
    expect(s4?.notes).toEqual([
      'the student has no evidence in a program with a content catalog',
    ]);
  });

  it('gives the same plan whatever the order of its inputs', () => {
    const a = planWeek(input());
    const b = planWeek(
      input({
        cells: [...input().cells].reverse(),
        students: ['s4', 's2', 's1', 's3'],
        catalog: new Map([
          ['mathlab', { ...mathlab, items: [...mathlab.items].reverse() }],
        ]),
      }),
    );

    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });
});

describe('The ASSISTments content catalog', () => {
  it('has the demo problem sets with standards, minutes and provenance', () => {
    const content = loadContentCatalog().get('assistments');

    expect(content?.weeklyMinutes).toBe(60);
    expect(content?.items).toHaveLength(27);
    expect(content?.items.find((i) => i.contentId === '5948')?.standards).toEqual([
      '6.SP.B.4',
    ]);
    expect(content?.items.find((i) => i.contentId === '5922')?.standards).toEqual([
      '6.RP.A.3.A',
    ]);
    for (const i of content?.items ?? [])
      expect(i.provenance.note).toMatch(/first responses/);
  });
});
