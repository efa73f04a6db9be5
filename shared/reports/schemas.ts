/**
 * The report API's response shapes: one zod schema each, the only
 * definition. Handlers return what the use cases build from these types, the
 * OpenAPI document is generated from them, and the API tests parse every
 * response with them (strict objects: an undocumented field fails a test).
 */
import { z } from 'zod';
import { ClassRollup, EvidenceStatus, IsoInstant, MasteryLevel } from '../model.js';
import { ROLES } from '../auth/principal.js';

const nextCursor = z
  .string()
  .optional()
  .meta({ description: 'Pass as `cursor` for the next page; absent on the last page.' });

export const FieldIssue = z
  .looseObject({
    field: z.string().meta({
      description: 'The query or path parameter, or a dotted path into the body.',
      example: 'grade',
    }),
    message: z.string().meta({ example: '99: not a grade of the standards catalog' }),
  })
  .meta({
    id: 'FieldIssue',
    description:
      'One thing wrong with the request. Other properties are context: `value` (what ' +
      'was sent), `allowed` or `accepted` (valid values), `suggestion`.',
  });

/** A 400: `details` lists every issue found, one shape on every route. */
export const InvalidRequestBody = z
  .strictObject({
    error: z.literal('invalid_request'),
    message: z.string().meta({ description: 'Every issue, `field: message; ...`.' }),
    details: z.array(FieldIssue).min(1),
  })
  .meta({ id: 'InvalidRequest' });

/**
 * The authorizer's refusal of a missing, expired or invalid token: API
 * Gateway's own body (the local gateway answers the same), written before
 * any handler runs, hence not the shape of the handlers' errors.
 */
export const UnauthorizedBody = z
  .strictObject({ message: z.literal('Unauthorized') })
  .meta({ id: 'Unauthorized' });

/** 403, 404 and 500: `details` is an object of context (ids, the role). */
export const ErrorBody = z
  .strictObject({
    error: z.string().meta({ example: 'not_found' }),
    message: z.string(),
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'Error' });

export const Health = z.strictObject({ status: z.literal('ok'), service: z.string() });

export const StandardSummary = z
  .strictObject({
    code: z.string().meta({ example: '6.SP.B.4' }),
    grade: z.string().optional(),
    domain: z.string().optional(),
    description: z.string().optional(),
  })
  .meta({ id: 'StandardSummary' });
export type StandardSummary = z.infer<typeof StandardSummary>;

export const GridCell = z
  .strictObject({
    level: MasteryLevel,
    value: z.number().min(0).max(1).optional(),
    evidenceCount: z.number().int().nonnegative(),
  })
  .meta({ id: 'GridCell' });
export type GridCell = z.infer<typeof GridCell>;

export const ClassMasteryGrid = z
  .strictObject({
    classId: z.string(),
    standards: z.array(StandardSummary),
    students: z.array(
      z.strictObject({
        studentId: z.string(),
        cells: z.record(z.string(), GridCell).meta({ description: 'By standard code.' }),
      }),
    ),
    rollups: z.array(ClassRollup.omit({ classId: true }).strict()),
    nextCursor,
  })
  .meta({ id: 'ClassMasteryGrid' });
export type ClassMasteryGrid = z.infer<typeof ClassMasteryGrid>;

export const StudentStandardMastery = StandardSummary.extend({
  level: MasteryLevel,
  value: z.number().min(0).max(1).optional(),
  evidenceCount: z.number().int().nonnegative(),
  method: z.string(),
  lastEvidenceAt: IsoInstant.optional(),
});

export const StudentMastery = z.strictObject({
  studentId: z.string(),
  classIds: z.array(z.string()),
  standards: z.array(StudentStandardMastery),
});
export type StudentMastery = z.infer<typeof StudentMastery>;

export const MyClasses = z
  .strictObject({
    classes: z.array(
      z.strictObject({
        classId: z.string(),
        schoolId: z.string().optional(),
        role: z.enum(ROLES).meta({
          description:
            "The caller's role in this class: the lesser of the token's role and the " +
            "roster's (a teacher enrolled as lab staff acts as lab staff there).",
        }),
        studentCount: z.number().int().nonnegative(),
      }),
    ),
    nextCursor,
  })
  .meta({ id: 'MyClasses' });
export type MyClasses = z.infer<typeof MyClasses>;

const StudentOnStandard = z.strictObject({
  studentId: z.string(),
  level: MasteryLevel,
  value: z.number().min(0).max(1).optional(),
  evidenceCount: z.number().int().nonnegative(),
});

export const ClassStandard = z
  .strictObject({
    classId: z.string(),
    standard: StandardSummary,
    mastered: z.array(StudentOnStandard),
    close: z
      .array(StudentOnStandard)
      .meta({ description: 'Approaching mastery: the next to get there.' }),
    working: z
      .array(StudentOnStandard)
      .meta({ description: 'Developing or not started.' }),
    noEvidence: z.array(z.strictObject({ studentId: z.string() })),
  })
  .meta({ id: 'ClassStandard' });
export type ClassStandard = z.infer<typeof ClassStandard>;

export const RecentEvidence = z.strictObject({
  evidenceId: z.string(),
  programId: z.string(),
  itemId: z.string(),
  standards: z.array(z.string()),
  status: EvidenceStatus,
  score: z.number().min(0).max(1).optional(),
  occurredAt: IsoInstant.optional(),
  sequence: z.number().optional(),
  minutesOnTask: z.number().nonnegative().optional(),
});

export const StudentProfile = z
  .strictObject({
    studentId: z.string(),
    classIds: z
      .array(z.string())
      .meta({ description: "The student's classes the caller may see." }),
    standards: z.array(StudentStandardMastery),
    recentEvidence: z
      .array(RecentEvidence)
      .meta({ description: 'Newest first, across all programs.' }),
    demographics: z
      .strictObject({ schoolIds: z.array(z.string()) })
      .optional()
      .meta({ description: 'Absent for lab staff.' }),
  })
  .meta({ id: 'StudentProfile' });
export type StudentProfile = z.infer<typeof StudentProfile>;

const UsageWeek = z.strictObject({
  weekStart: z.iso.date(),
  minutes: z.number().nonnegative(),
  byProgram: z.record(z.string(), z.number().nonnegative()),
  programsBelowTarget: z.array(z.string()).meta({
    description:
      'Programs with their own weekly target that this student uses (minutes in the ' +
      'range) but spent less than that target in this week.',
  }),
});

export const ClassUsage = z
  .strictObject({
    classId: z.string(),
    from: z.iso.date(),
    to: z.iso.date(),
    timeZone: z.string(),
    targetMinutesPerWeek: z.number().nonnegative(),
    programTargets: z
      .record(z.string(), z.number().positive())
      .meta({ description: "Each program's own weekly target, in minutes." }),
    weekStarts: z.array(z.iso.date()).meta({ description: 'Mondays, in the time zone.' }),
    students: z.array(
      z.strictObject({
        studentId: z.string(),
        weeks: z.array(UsageWeek),
        totalMinutes: z.number().nonnegative(),
        undatedMinutes: z.number().nonnegative().meta({
          description: 'Minutes of evidence without a time (it fits no week).',
        }),
        weeksBelowTarget: z.array(z.iso.date()),
        belowTarget: z.boolean().meta({
          description:
            'A week under the target, or a week under a program target of a program ' +
            'the student uses.',
        }),
      }),
    ),
    nextCursor,
  })
  .meta({ id: 'ClassUsage' });
export type ClassUsage = z.infer<typeof ClassUsage>;

export const ClassGroups = z
  .strictObject({
    classId: z.string(),
    standards: z.array(z.string()),
    minSize: z.number().int().positive(),
    maxSize: z.number().int().positive(),
    groups: z.array(
      z.strictObject({
        groupId: z.string(),
        focusStandard: z.string(),
        studentIds: z.array(z.string()),
        sharedStandards: z
          .array(z.string())
          .meta({ description: 'Unmastered by every member, among those asked.' }),
        reason: z.string(),
      }),
    ),
    ungrouped: z.array(z.strictObject({ studentId: z.string(), reason: z.string() })),
  })
  .meta({ id: 'ClassGroups' });
export type ClassGroups = z.infer<typeof ClassGroups>;
