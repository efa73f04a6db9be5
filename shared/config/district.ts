/**
 * The district configuration: one file (YAML or JSON) that drives both the
 * CDK stack at synth time and the local stack, so what a district tries
 * locally is what it deploys. Errors point at the file's line and say how to
 * fix it.
 */
import { z } from 'zod';
import { isKnownTimeZone } from './time-zones.js';
import { MasteryPolicyConfigSchema } from '../mastery/resolver.js';

const Id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and dashes');

/** EventBridge `cron(...)`: the stack and the local scheduler share it. */
const Cron = z
  .string()
  .regex(
    /^cron\(\S+( \S+){5}\)$/,
    'write an EventBridge cron, e.g. "cron(15 * * * ? *)"',
  );

/** A JSON file next to the configuration, or below it. */
const JsonFile = z
  .string()
  .regex(/\.json$/i, 'name a .json file, e.g. "crosswalks/lessons-ccss.json"');

export const ProgramConfig = z.strictObject({
  programId: Id,
  name: z.string().min(1),
  vendor: z.string().min(1),
  /** A builtin profile id (shared/profiles/builtin) or one of `profiles`. */
  profile: z.string().min(1),
  /** A builtin crosswalk id (shared/crosswalks/builtin) or one of `crosswalks`. */
  crosswalk: z.string().min(1).optional(),
  /** Weekly minutes a student should spend in this program (usage report). */
  weeklyMinutesTarget: z.number().int().positive().optional(),
});
export type ProgramConfig = z.infer<typeof ProgramConfig>;

export const RetentionConfig = z.strictObject({
  /** Evidence and mastery states: days after the school year ends. */
  evidenceDays: z
    .number()
    .int()
    .min(30)
    .default(3 * 365),
  /** Audit trail of reads of student data. */
  auditDays: z.number().int().min(30).default(365),
  /** Raw files and pulled pages in the bucket. */
  rawDays: z.number().int().min(1).default(90),
});

export const DistrictConfig = z.strictObject({
  /** Version of this file's shape, for future migrations. */
  version: z.literal(1),
  district: z.strictObject({
    name: z.string().min(1),
    timeZone: z
      .string()
      .refine(isKnownTimeZone, 'use an IANA time zone, e.g. "America/Chicago"'),
  }),
  programs: z
    .array(ProgramConfig)
    .min(1, 'list at least one program')
    .refine(
      (ps) => new Set(ps.map((p) => p.programId)).size === ps.length,
      'programId values must be unique',
    ),
  /**
   * The district's own profile files (JSON, paths relative to this file),
   * each a whole profile or `{"id", "extends": "<profile id>", ...overrides}`.
   */
  profiles: z.array(JsonFile).default([]),
  /** The district's own crosswalk files (JSON, paths relative to this file). */
  crosswalks: z.array(JsonFile).default([]),
  mastery: MasteryPolicyConfigSchema.optional(),
  schedules: z
    .strictObject({ rollupMastery: Cron.default('cron(15 * * * ? *)') })
    .default({ rollupMastery: 'cron(15 * * * ? *)' }),
  retention: RetentionConfig.default({
    evidenceDays: 3 * 365,
    auditDays: 365,
    rawDays: 90,
  }),
  /** User ids (roster sourcedIds) with the district admin role. */
  admins: z.array(z.string().min(1)).default([]),
  api: z
    .strictObject({
      /** Steady requests per second the API accepts before throttling. */
      rateLimitPerSecond: z.number().int().positive().default(50),
      burstLimit: z.number().int().positive().default(100),
    })
    .refine((api) => api.burstLimit >= api.rateLimitPerSecond, {
      message:
        'burstLimit must be at least rateLimitPerSecond (a burst is above the steady rate)',
      path: ['burstLimit'],
    })
    .default({ rateLimitPerSecond: 50, burstLimit: 100 }),
  usage: z
    .strictObject({
      /**
       * Minutes a week every student should spend in the lab's programs
       * together; each program may add its own `weeklyMinutesTarget`.
       */
      weeklyMinutesTarget: z.number().int().positive().default(60),
    })
    .default({ weeklyMinutesTarget: 60 }),
});
export type DistrictConfig = z.infer<typeof DistrictConfig>;
