/**
 * Mastery policies: which method turns a standard's evidence into a value,
 * with the parameters schools know, and the cuts that turn a value into a
 * level. Each zod schema is the only definition; its type is inferred beside it.
 */
import { z } from 'zod';
import { ConfigError } from '../errors.js';
import type { MasteryLevel } from '../model.js';
import { roundDecimal } from '../rounding.js';

/**
 * Decimals a mastery value is reported with (API, CSV); more is false
 * precision. A value is compared with its level's cuts at this precision, so
 * the reported value and its level never disagree: 0.7996 is reported as
 * 0.8 and is mastered at a cut of 0.8, not approaching beside an 0.8.
 */
export const VALUE_DECIMALS = 3;

/** A cut is compared with values of VALUE_DECIMALS, so it has no more than that. */
const atValuePrecision = (cut: number) => roundDecimal(cut, VALUE_DECIMALS) === cut;
const CUT_PRECISION = `give at most ${VALUE_DECIMALS} decimals (values are compared at that precision)`;

const unit = z
  .number({ error: 'must be a number between 0 and 1' })
  .min(0, 'must be at least 0 (scores are on a 0-1 scale)')
  .max(1, 'must be at most 1 (scores are on a 0-1 scale)');

/** Probabilities that must stay strictly inside (0,1) so no state becomes certain. */
const openUnit = z
  .number({ error: 'must be a number strictly between 0 and 1' })
  .gt(0, 'must be greater than 0')
  .lt(1, 'must be less than 1');

const cut = unit.refine(atValuePrecision, CUT_PRECISION);

export const LevelCutsSchema = z
  .object({
    /** Lowest value that is `approaching`. */
    approaching: cut,
    /** Lowest value that is `mastered`. */
    mastered: cut,
  })
  .refine((c) => c.approaching < c.mastered, {
    message:
      'approaching must be below mastered, e.g. { approaching: 0.6, mastered: 0.8 }',
    path: ['approaching'],
  });
export type LevelCuts = z.infer<typeof LevelCutsSchema>;

export const DEFAULT_LEVEL_CUTS: LevelCuts = { approaching: 0.6, mastered: 0.8 };

/** @default 0.65, the weight Canvas and most gradebooks ship with. */
export const DEFAULT_RECENT_WEIGHT = 0.65;
export const DEFAULT_N_MASTERY_COUNT = 3;
export const DEFAULT_BKT_THRESHOLD = 0.95;

const cuts = LevelCutsSchema.default(DEFAULT_LEVEL_CUTS);

export const LatestPolicySchema = z.object({ method: z.literal('latest'), cuts });
export const HighestPolicySchema = z.object({ method: z.literal('highest'), cuts });
export const AveragePolicySchema = z.object({
  method: z.literal('average'),
  /**
   * Each earlier score's weight shrinks by this factor per newer score; 1 is
   * the plain (evidence-weighted) mean.
   * @default 1
   */
  decay: z
    .number({ error: 'must be a number between 0.5 and 1' })
    .min(0.5, 'must be at least 0.5 (below that use decaying_average)')
    .max(1, 'must be at most 1 (1 is the plain mean)')
    .default(1),
  /**
   * A starting value counted as `strength` scores, e.g. the standard's usual
   * score, so one lucky answer is not mastery. Absent: no prior.
   */
  prior: z
    .object({ value: unit, strength: z.number().positive('must be above 0').max(100) })
    .optional(),
  cuts,
});

export const WeightedLatestPolicySchema = z.object({
  method: z.literal('weighted_latest'),
  /** Weight of the latest score; the mean of all earlier scores gets 1 - weight. */
  weight: openUnit.default(DEFAULT_RECENT_WEIGHT),
  cuts,
});

export const DecayingAveragePolicySchema = z.object({
  method: z.literal('decaying_average'),
  /** Weight of each new score against the running value, 0.5-0.99. */
  weight: z
    .number({ error: 'must be a number between 0.5 and 0.99' })
    .min(0.5, 'must be at least 0.5 (below that older work outweighs new work)')
    .max(0.99, 'must be at most 0.99 (use method "latest" to keep only the last score)')
    .default(DEFAULT_RECENT_WEIGHT),
  cuts,
});

export const NMasteryPolicySchema = z
  .object({
    method: z.literal('n_mastery'),
    /** Scores at or above the threshold needed before the standard is mastered. */
    count: z
      .number()
      .int('must be a whole number of scores')
      .min(1, 'must be at least 1')
      .max(100, 'must be at most 100')
      .default(DEFAULT_N_MASTERY_COUNT),
    /** Lowest score that counts towards mastery; defaults to cuts.mastered. */
    threshold: unit.optional(),
    cuts,
  })
  .transform((p) => ({ ...p, threshold: p.threshold ?? p.cuts.mastered }));

export const BktParamsSchema = z
  .object({
    /** P(known) before any evidence. */
    prior: openUnit.default(0.3),
    /** P(unknown -> known) after each opportunity. */
    learn: openUnit.default(0.1),
    /** P(correct | unknown). */
    guess: openUnit
      .max(0.5, 'must be below 0.5, or a wrong answer would signal knowledge')
      .default(0.2),
    /** P(incorrect | known). */
    slip: openUnit
      .max(0.5, 'must be below 0.5, or a right answer would signal no knowledge')
      .default(0.1),
    /** P(known -> unknown) after each opportunity; 0 is standard BKT. */
    forget: unit.max(0.5, 'must be below 0.5').default(0),
  })
  .refine((p) => p.guess + p.slip < 1, {
    message: 'guess + slip must be below 1, or answers carry no information',
    path: ['slip'],
  });
export type BktParams = z.infer<typeof BktParamsSchema>;

export const DEFAULT_BKT_PARAMS: BktParams = BktParamsSchema.parse({});

export const BktPolicySchema = z
  .object({
    method: z.literal('bkt'),
    params: BktParamsSchema.default(DEFAULT_BKT_PARAMS),
    /** P(known) at which the standard is mastered. */
    threshold: openUnit
      .refine(atValuePrecision, CUT_PRECISION)
      .default(DEFAULT_BKT_THRESHOLD),
    /** Lowest P(known) that is `approaching`. */
    approaching: cut.default(0.6),
  })
  .refine((p) => p.approaching < p.threshold, {
    message:
      'approaching must be below threshold, e.g. { approaching: 0.6, threshold: 0.95 }',
    path: ['approaching'],
  })
  // BKT's cuts are its threshold, so the level rule is the same for every method.
  .transform((p) => ({
    ...p,
    cuts: { approaching: p.approaching, mastered: p.threshold },
  }));

export const MasteryPolicySchema = z.discriminatedUnion('method', [
  LatestPolicySchema,
  HighestPolicySchema,
  AveragePolicySchema,
  WeightedLatestPolicySchema,
  DecayingAveragePolicySchema,
  NMasteryPolicySchema,
  BktPolicySchema,
]);
/** A validated policy; build one with {@link parseMasteryPolicy}. */
export type MasteryPolicy = z.output<typeof MasteryPolicySchema>;
/** A policy as written in configuration, defaults not yet filled in. */
export type MasteryPolicyInput = z.input<typeof MasteryPolicySchema>;
export type MasteryMethod = MasteryPolicy['method'];
export type DecayingAveragePolicy = z.output<typeof DecayingAveragePolicySchema>;
export type WeightedLatestPolicy = z.output<typeof WeightedLatestPolicySchema>;
export type NMasteryPolicy = z.output<typeof NMasteryPolicySchema>;
export type BktPolicy = z.output<typeof BktPolicySchema>;
export type AveragePolicy = z.output<typeof AveragePolicySchema>;

export const MASTERY_METHODS: readonly MasteryMethod[] = [
  'latest',
  'highest',
  'average',
  'weighted_latest',
  'decaying_average',
  'n_mastery',
  'bkt',
];

export const DEFAULT_POLICY: MasteryPolicy = {
  method: 'decaying_average',
  weight: DEFAULT_RECENT_WEIGHT,
  cuts: DEFAULT_LEVEL_CUTS,
};

/** Turns zod issues into one message a district admin can act on. */
export function describeIssues(error: z.ZodError, prefix = ''): string {
  return error.issues
    .map((i) => {
      const path = [prefix, ...i.path.map(String)].filter(Boolean).join('.');
      const known =
        i.code === 'invalid_union' ? ` (one of: ${MASTERY_METHODS.join(', ')})` : '';
      return `${path || 'policy'}: ${i.message}${known}`;
    })
    .join('; ');
}

/** Validates a policy from configuration and fills in the defaults. */
export function parseMasteryPolicy(input: unknown, where = 'policy'): MasteryPolicy {
  const parsed = MasteryPolicySchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    `invalid mastery policy: ${describeIssues(parsed.error, where)}`,
    {
      issues: parsed.error.issues,
    },
  );
}

/** The level a value falls in; no value means no scored evidence yet. */
export function levelFor(value: number | undefined, cuts: LevelCuts): MasteryLevel {
  if (value === undefined) return 'not_started';
  const reported = roundDecimal(value, VALUE_DECIMALS);
  if (reported >= cuts.mastered) return 'mastered';
  if (reported >= cuts.approaching) return 'approaching';
  return 'developing';
}
