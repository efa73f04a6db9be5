/**
 * The demo district's roster as OneRoster 1.1 CSV bundles: the bulk bundle
 * of the school year, and a later delta that fills in the SIS ids the first
 * one lacked (which releases the evidence held for those students).
 */
import { csvText } from './csv.js';
import type { DemoDistrict, DemoStudent } from './model.js';

export const SCHOOL_YEAR = {
  sourcedId: 'demo-sy-2025-2026',
  title: '2025-2026',
  startDate: '2025-08-25',
  endDate: '2026-06-12',
};
const MODIFIED = '2025-08-20T00:00:00Z';
const USER_HEADER = [
  'sourcedId',
  'status',
  'dateLastModified',
  'enabledUser',
  'orgSourcedIds',
  'role',
  'username',
  'userIds',
  'givenName',
  'familyName',
  'identifier',
];

function manifest(modes: Record<string, 'bulk' | 'delta' | 'absent'>): string {
  const rows: string[][] = [
    ['manifest.version', '1.0'],
    ['oneroster.version', '1.1'],
    ...Object.entries(modes).map(([file, mode]) => [`file.${file}`, mode]),
    ['source.systemName', 'Lablink demo district generator'],
  ];
  return csvText(['propertyName', 'value'], rows);
}

function studentRow(district: DemoDistrict, s: DemoStudent, withSisId: boolean) {
  return [
    s.studentId,
    'active',
    MODIFIED,
    'true',
    s.schoolIds.join(','),
    'student',
    `demo.${s.studentId}`,
    `{sis:${s.sisId}}`,
    s.givenName,
    s.familyName,
    withSisId ? s.sisId : '',
  ];
}

/** The bulk bundle of the school year: file name to CSV text. */
export function rosterBundle(district: DemoDistrict): Record<string, string> {
  const d = district.names.district;
  const orgs = [
    [d.sourcedId, 'active', MODIFIED, d.name, 'district', ''],
    ...district.schools.map((s) => [
      s.schoolId,
      'active',
      MODIFIED,
      s.name,
      'school',
      d.sourcedId,
    ]),
  ];
  const courses = district.schools.map((s) => [
    `demo-course-${s.schoolId}`,
    'active',
    MODIFIED,
    SCHOOL_YEAR.sourcedId,
    'Grade 6 Mathematics',
    s.schoolId,
  ]);
  const classes = district.classes.map((c) => [
    c.classId,
    'active',
    MODIFIED,
    c.title,
    '6',
    `demo-course-${c.schoolId}`,
    'scheduled',
    c.schoolId,
    SCHOOL_YEAR.sourcedId,
  ]);
  const users = [
    ...district.teachers.map((t) => [
      t.teacherId,
      'active',
      MODIFIED,
      'true',
      t.schoolIds.join(','),
      'teacher',
      `demo.${t.teacherId}`,
      '',
      t.givenName,
      t.familyName,
      '',
    ]),
    ...district.students.map((s) =>
      studentRow(district, s, !district.rosterGapStudents.has(s.studentId)),
    ),
  ];
  const enrollments = district.classes.flatMap((c) =>
    c.teacherIds.map((t) => [
      `e-${c.classId}-${t}`,
      'active',
      MODIFIED,
      c.classId,
      c.schoolId,
      t,
      'teacher',
    ]),
  );
  const schoolOf = new Map(district.classes.map((c) => [c.classId, c.schoolId]));
  for (const s of district.students) {
    for (const classId of s.classIds) {
      const schoolId = schoolOf.get(classId) ?? '';
      enrollments.push([
        `e-${classId}-${s.studentId}`,
        'active',
        MODIFIED,
        classId,
        schoolId,
        s.studentId,
        'student',
      ]);
    }
  }

  return {
    'manifest.csv': manifest({
      academicSessions: 'bulk',
      orgs: 'bulk',
      courses: 'bulk',
      classes: 'bulk',
      users: 'bulk',
      enrollments: 'bulk',
    }),
    'academicSessions.csv': csvText(
      [
        'sourcedId',
        'status',
        'dateLastModified',
        'title',
        'type',
        'startDate',
        'endDate',
        'parentSourcedId',
        'schoolYear',
      ],
      [
        [
          SCHOOL_YEAR.sourcedId,
          'active',
          MODIFIED,
          SCHOOL_YEAR.title,
          'schoolYear',
          SCHOOL_YEAR.startDate,
          SCHOOL_YEAR.endDate,
          '',
          '2026',
        ],
      ],
    ),
    'orgs.csv': csvText(
      ['sourcedId', 'status', 'dateLastModified', 'name', 'type', 'parentSourcedId'],
      orgs,
    ),
    'courses.csv': csvText(
      [
        'sourcedId',
        'status',
        'dateLastModified',
        'schoolYearSourcedId',
        'title',
        'orgSourcedId',
      ],
      courses,
    ),
    'classes.csv': csvText(
      [
        'sourcedId',
        'status',
        'dateLastModified',
        'title',
        'grades',
        'courseSourcedId',
        'classType',
        'schoolSourcedId',
        'termSourcedIds',
      ],
      classes,
    ),
    'users.csv': csvText(USER_HEADER, users),
    'enrollments.csv': csvText(
      [
        'sourcedId',
        'status',
        'dateLastModified',
        'classSourcedId',
        'schoolSourcedId',
        'userSourcedId',
        'role',
      ],
      enrollments,
    ),
  };
}

/** The delta that names the SIS ids the bulk bundle lacked. */
export function rosterDelta(district: DemoDistrict): Record<string, string> {
  const fixed = district.students.filter((s) =>
    district.rosterGapStudents.has(s.studentId),
  );
  return {
    'manifest.csv': manifest({ users: 'delta' }),
    'users.csv': csvText(
      USER_HEADER,
      fixed.map((s) => studentRow(district, s, true)),
    ),
  };
}
