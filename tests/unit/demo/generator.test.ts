/**
 * The demo district generator: deterministic from a seed and a size, built
 * around the real ASSISTments owners, and consistent across programs.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  buildDistrict,
  correctionFile,
  dayFirstFile,
  diagnosticFile,
  expectedDistrict,
  focusOn,
  lessonFile,
  mappingFile,
  parseAssistmentsResponses,
  parseScopeBlocks,
  rosterBundle,
  simulateStudent,
  simulateTerms,
  statementBatches,
  type AssistmentsResponse,
  type DemoNames,
  type DemoOptions,
} from '../../../shared/demo/index.js';

const names = JSON.parse(
  readFileSync(resolve('data/demo/district/names.json'), 'utf8'),
) as DemoNames;
const scope = parseScopeBlocks(
  readFileSync(resolve('data/demo/district/scope-and-sequence.csv'), 'utf8'),
);

/** A small real-shaped file: two classes, one student in both. */
const response = (
  userId: string,
  classId: string,
  correct: number,
  skill = 'Box and Whisker',
): AssistmentsResponse => ({
  userId,
  classId,
  teacherId: `t${classId}`,
  schoolId: classId === 'c1' ? 's1' : 's2',
  skill,
  correct,
});
const responses = [
  response('100', 'c1', 1),
  response('100', 'c1', 1),
  response('200', 'c1', 0, 'Table'),
  response('200', 'c2', 0),
  response('300', 'c2', 1),
];
const options = (more: Partial<DemoOptions> = {}): DemoOptions => ({
  assistments: responses,
  scope,
  names,
  unmappedLessonStudents: 1,
  rosterGapStudents: 1,
  ...more,
});
const lines = (gen: Iterable<string>) => [...gen].join('').trimEnd().split('\n');

describe('buildDistrict', () => {
  it('keeps every ASSISTments owner: student ids, classes, teachers and schools', () => {
    const district = buildDistrict(options());

    expect(district.students.map((s) => [s.studentId, s.classIds])).toEqual([
      ['100', ['c1']],
      ['200', ['c1', 'c2']],
      ['300', ['c2']],
    ]);
    expect(district.classes.map((c) => [c.classId, c.schoolId, c.teacherIds])).toEqual([
      ['c1', 's1', ['tc1']],
      ['c2', 's2', ['tc2']],
    ]);
  });

  it('grows to the size asked for with synthetic classes of 25', () => {
    const district = buildDistrict(options({ students: 53 }));

    expect(district.students).toHaveLength(53);
    expect(district.classes.map((c) => c.classId)).toEqual([
      'c1',
      'c2',
      'demo-class-1',
      'demo-class-2',
    ]);
  });

  it('builds a synthetic district without ASSISTments responses', () => {
    const district = buildDistrict(options({ assistments: [], students: 30 }));

    expect([district.students.length, district.classes.length]).toEqual([30, 2]);
  });

  it('gives the same district and files for the same seed, others for another', () => {
    const a = buildDistrict(options({ seed: 7 }));
    const b = buildDistrict(options({ seed: 7 }));
    const c = buildDistrict(options({ seed: 8 }));

    expect(lines(lessonFile(a))).toEqual(lines(lessonFile(b)));
    expect(lines(diagnosticFile(a))).not.toEqual(lines(diagnosticFile(c)));
  });
});

describe('the simulated programs', () => {
  it('scores a student strong in ASSISTments above a weak one, on average', () => {
    const strong = Array.from({ length: 40 }, () => response('900', 'c1', 1));
    const weak = Array.from({ length: 40 }, () => response('901', 'c1', 0));
    const district = buildDistrict(options({ assistments: [...strong, ...weak] }));
    const mean = (studentId: string) => {
      const student = district.students.find((s) => s.studentId === studentId);
      const scores = Array.from({ length: 30 }, (_, seed) =>
        simulateStudent({ ...district, seed }, student as never).diagnostic.map(
          (d) => d.percent,
        ),
      ).flat();
      return scores.reduce((n, x) => n + x, 0) / scores.length;
    };

    expect(mean('900')).toBeGreaterThan(mean('901') + 30);
  });

  it('writes each layout its builtin profile reads', () => {
    const district = buildDistrict(options());

    expect(lines(lessonFile(district))[0]).toBe(
      'Student ID,Subject,Lesson ID,Lesson Name,Score,Passed or Not Passed,' +
        'Completion Date,Total Time on Lesson (min)',
    );
    expect(lines(diagnosticFile(district))[0]).toBe(
      'StudentIdentifier,AssessmentID,CompletedDate,DomainName,StandardName,' +
        'StandardPercentMastery,StandardMasteryLevel',
    );
    expect(lines(dayFirstFile(district))[1]).toMatch(/,(1[3-9]|2\d|3[01])\/11\/2025,/);
  });

  it('rescores the corrected lessons and keeps their lesson and date', () => {
    const district = buildDistrict(options({ correctedLessons: 2 }));
    const original = lines(lessonFile(district)).slice(1);
    const corrected = lines(correctionFile(district)).slice(1);
    const key = (line: string) => line.split(',').filter((_, i) => i !== 4 && i !== 5);

    expect(corrected).toHaveLength(2);
    for (const line of corrected) {
      const before = original.find((o) => key(o).join() === key(line).join());
      expect(before?.split(',')[4]).not.toBe(line.split(',')[4]);
    }
  });

  it('maps every i-Ready id but the held ones, which the late file names', () => {
    const district = buildDistrict(options());
    const held = [...district.unmappedLessonStudents];

    const first = lines(mappingFile(district, false)).slice(1);
    const late = lines(mappingFile(district, true)).slice(1);

    expect(first).toHaveLength(2);
    expect(late.map((l) => l.split(',')[2])).toEqual(held);
  });

  it('batches statements for the push endpoint', () => {
    const district = buildDistrict(options({ assistments: [], students: 5 }));

    expect([...statementBatches(district, 2)].map((b) => b.length)).toEqual([2, 2, 1]);
  });
});

describe('rosterBundle', () => {
  it('writes OneRoster 1.1 files whose rows the expected figures count', () => {
    const district = buildDistrict(options());
    const bundle = rosterBundle(district);
    const rows = Object.entries(bundle)
      .filter(([name]) => name !== 'manifest.csv')
      .reduce((n, [, text]) => n + text.trimEnd().split('\n').length - 1, 0);

    expect(bundle['manifest.csv']).toContain('oneroster.version,1.1');
    expect(rows).toBe(expectedDistrict(district, responses.length).runs.roster.parsed);
  });

  it('leaves the SIS id out for the roster-gap student only', () => {
    const district = buildDistrict(options());
    const gap = [...district.rosterGapStudents][0];
    const users = (rosterBundle(district)['users.csv'] as string).trimEnd().split('\n');
    const blank = users.filter((u) => u.endsWith(',') && u.includes(',student,'));

    expect(blank.map((u) => u.split(',')[0])).toEqual([gap]);
  });
});

describe('parseAssistmentsResponses', () => {
  it('reads the real export', () => {
    const rows = parseAssistmentsResponses(
      readFileSync(
        resolve(
          'data/demo/assistments-2009/skill_builder_data_subset_table_boxwhisker.csv',
        ),
        'utf8',
      ),
    );
    const district = buildDistrict(options({ assistments: rows }));

    expect([rows.length, district.students.length, district.classes.length]).toEqual([
      10791, 902, 54,
    ]);
  });
});

describe('the i-Ready term', () => {
  it("puts each standard's unit in one block of the scope, about half where the class teaches it", () => {
    const district = buildDistrict(
      options({ assistments: [], students: 200, lessonsPerStandard: 10 }),
    );
    let units = 0;
    let oneBlock = 0;
    let aligned = 0;
    let lessons = 0;

    for (const term of simulateTerms(district)) {
      for (const standard of district.standards) {
        const unit = term.lessons.filter((l) => l.standard === standard);
        const blocks = new Set(
          unit.map((l) => scope.findIndex((b) => b.from <= l.date && l.date <= b.to)),
        );
        units += 1;
        lessons += unit.length;
        if (blocks.size === 1) oneBlock += 1;
        if (unit.every((l) => focusOn(scope, l.date) === standard)) aligned += 1;
      }
    }

    // 10 lessons a unit, 9 in the first block (2-12 September has 9 school days).
    expect({ units, oneBlock, aligned, lessons }).toEqual({
      units: 1000,
      oneBlock: 1000,
      aligned: 524,
      lessons: 9845,
    });
  });

  it('teaches the standards of the scope it is given, in the order first taught', () => {
    const district = buildDistrict(options());

    expect(district.standards).toEqual([
      '6.RP.A.1',
      '6.RP.A.2',
      '6.RP.A.3.A',
      '6.SP.B.4',
      '6.SP.B.5',
    ]);
  });

  it('makes one class of the size asked for', () => {
    const district = buildDistrict(
      options({ assistments: [], students: 30, classSize: 30 }),
    );

    expect(district.classes.map((c) => c.classId)).toEqual(['demo-class-1']);
  });

  it('names the option and the fix when lessons per standard is not a whole number', () => {
    expect(() => buildDistrict(options({ lessonsPerStandard: 0 }))).toThrow(
      'lessonsPerStandard: 0 is not a whole number from 1 to 25, e.g. 8',
    );
  });
});
