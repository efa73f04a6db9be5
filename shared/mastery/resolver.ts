/**
 * Which policy applies to a standard: a standard's own policy beats its
 * subject's, which beats the district default.
 */
import { z } from 'zod';
import { ConfigError } from '../errors.js';
import {
  DEFAULT_POLICY,
  MasteryPolicySchema,
  describeIssues,
  type MasteryPolicy,
} from './policy.js';

export const MasteryPolicyConfigSchema = z.object({
  /** The district default; the built-in default when absent. */
  district: MasteryPolicySchema.default(DEFAULT_POLICY),
  /** By subject, e.g. `math`, `ela`. */
  subjects: z.record(z.string().min(1), MasteryPolicySchema).default({}),
  /** By standard code, e.g. `6.SP.B.4`. */
  standards: z.record(z.string().min(1), MasteryPolicySchema).default({}),
});
export type MasteryPolicyConfig = z.output<typeof MasteryPolicyConfigSchema>;

/** Validates a district's policy configuration, naming each bad field. */
export function parseMasteryPolicyConfig(input: unknown): MasteryPolicyConfig {
  const parsed = MasteryPolicyConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    `invalid mastery policy configuration: ${describeIssues(parsed.error)}`,
    {
      issues: parsed.error.issues,
    },
  );
}

export interface ResolvedPolicy {
  policy: MasteryPolicy;
  /** Where it came from, so a teacher can be told why this method applies. */
  from: 'standard' | 'subject' | 'district';
}

/** The policy for one standard. */
export function resolvePolicy(
  config: MasteryPolicyConfig,
  target: { standard: string; subject?: string },
): ResolvedPolicy {
  const own = config.standards[target.standard];
  if (own) return { policy: own, from: 'standard' };
  const subject =
    target.subject === undefined ? undefined : config.subjects[target.subject];
  if (subject) return { policy: subject, from: 'subject' };
  return { policy: config.district, from: 'district' };
}
