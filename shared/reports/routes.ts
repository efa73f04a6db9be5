/**
 * Path and query schemas of the report routes: the handlers validate with
 * them and the OpenAPI document is generated from them, so the two cannot
 * drift apart.
 */
import { z } from 'zod';
import { Id } from '../model.js';
import {
  DEFAULT_GROUP_MAX_SIZE,
  DEFAULT_GROUP_MIN_SIZE,
  MAX_GROUP_SIZE,
} from './groups.js';
import {
  checkRange,
  domainList,
  Format,
  gradeList,
  isoDate,
  Paging,
  single,
  standardList,
} from './query.js';
import { requireStandardCode } from './standards.js';

export const ClassPath = z.object({ classId: Id });
export const StudentPath = z.object({ studentId: Id });
export const ClassStandardPath = z.object({
  classId: Id,
  code: z
    .string()
    .meta({
      description: 'A standard code, e.g. 6.SP.B.4 or CCSS.Math.Content.6.SP.B.4.',
    })
    .transform((raw) => requireStandardCode(raw, 'code')),
});

export const PagingQuery = z.object(Paging);

export const GridQuery = z
  .object({
    standards: standardList().optional(),
    grade: gradeList().optional(),
    domain: domainList().optional(),
    from: isoDate()
      .optional()
      .meta({ description: 'Last evidence on or after (YYYY-MM-DD).' }),
    to: isoDate()
      .optional()
      .meta({ description: 'Last evidence on or before (YYYY-MM-DD).' }),
    format: Format,
    ...Paging,
  })
  .superRefine(checkRange);

export const StudentMasteryQuery = z.object({
  standard: single().optional().meta({ description: 'One standard code; give it once.' }),
});

const minutes = single()
  .regex(/^[0-9]+(\.[0-9]+)?$/, {
    message: 'must be minutes as a number, e.g. 60 or 42.5',
    abort: true,
  })
  .transform(Number)
  .pipe(
    z
      .number()
      .min(0)
      .max(7 * 24 * 60),
  );

export const UsageQuery = z
  .object({
    from: isoDate()
      .optional()
      .meta({
        description:
          'Default: the Monday three weeks before the week of `to` (four whole weeks). ' +
          'A week the range cuts counts only its days in the range.',
      }),
    to: isoDate()
      .optional()
      .meta({ description: 'Default: today in the district zone.' }),
    targetMinutes: minutes.optional().meta({
      description:
        "Weekly target in minutes; default: the district configuration's usage.weeklyMinutesTarget (60 unless set).",
    }),
    format: Format,
    ...Paging,
  })
  .superRefine(checkRange);

const groupSize = single()
  .regex(/^[0-9]+$/, { message: 'must be a whole number', abort: true })
  .transform(Number)
  .pipe(z.number().int().min(1).max(MAX_GROUP_SIZE));

export const GroupsQuery = z
  .object({
    standards: standardList().pipe(
      z.array(z.string()).min(1, 'give at least one standard'),
    ),
    minSize: groupSize
      .optional()
      .meta({ description: `Default ${DEFAULT_GROUP_MIN_SIZE}.` }),
    maxSize: groupSize
      .optional()
      .meta({ description: `Default ${DEFAULT_GROUP_MAX_SIZE}.` }),
  })
  .superRefine((q, ctx) => {
    if ((q.minSize ?? DEFAULT_GROUP_MIN_SIZE) > (q.maxSize ?? DEFAULT_GROUP_MAX_SIZE)) {
      ctx.addIssue({
        code: 'custom',
        path: ['minSize'],
        message: 'must not exceed maxSize',
      });
    }
  });

export const FormatQuery = z.object({ format: Format });

/** A route that takes no query parameters: any one given is refused. */
export const NoQuery = z.object({});

/**
 * The explain route decodes `code` itself (it may arrive percent-encoded
 * once more), so the path schema only requires it.
 */
export const StudentStandardPath = z.object({
  studentId: Id,
  code: z.string().min(1).meta({
    description: 'A standard code, e.g. 6.SP.B.4 or CCSS.Math.Content.6.SP.B.4.',
  }),
});

export const AssignmentPath = z.object({ assignmentId: Id });

export const PlanQuery = z.object({
  week: z.string().min(1, 'give an ISO week like 2025-W12'),
});

export const AlignmentQuery = z
  .object({
    // A repeated school is a 400 here, before the access check could call it another school's.
    school: single().pipe(Id),
    from: isoDate().meta({ description: 'First day (YYYY-MM-DD).' }),
    to: isoDate().meta({ description: 'Last day (YYYY-MM-DD).' }),
  })
  .superRefine(checkRange);
