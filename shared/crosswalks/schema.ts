/**
 * A crosswalk: which standards a vendor's skills give evidence on, with who
 * decided it and how sure they were. One per program and framework.
 */
import { z } from 'zod';
import {
  parseConfig,
  parseJsonConfig,
  type FixHints,
} from '../profiles/config-issues.js';

export const CrosswalkProvenance = z.strictObject({
  /** Where the mapping comes from: a vendor document, a review, a judgement. */
  source: z.string().min(1),
  author: z.string().min(1),
  /** When it was decided, `YYYY-MM-DD`. */
  date: z.iso.date(),
  /** 1 when the vendor states it; lower for inference from skill names. */
  confidence: z.number().min(0).max(1),
  /** Why these standards: what a reviewer needs to agree or correct it. */
  note: z.string().default(''),
});
export type CrosswalkProvenance = z.output<typeof CrosswalkProvenance>;

export const CrosswalkMapping = z.strictObject({
  /** The skill as the vendor writes it; matched trimmed and case-insensitively. */
  vendorSkill: z.string().trim().min(1),
  /**
   * Standard codes in any accepted spelling; validation normalizes them. An
   * empty list records a skill reviewed and found to match no standard.
   */
  standards: z.array(z.string().min(1)),
  provenance: CrosswalkProvenance,
});
export type CrosswalkMapping = z.output<typeof CrosswalkMapping>;

export const Crosswalk = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes'),
    programId: z.string().min(1),
    /**
     * Other programs with the same skill vocabulary (several export layouts
     * of one tutor) that use this crosswalk too.
     */
    sharedWith: z.array(z.string().min(1)).default([]),
    /** The framework every code belongs to, e.g. `CCSS.MATH`. */
    framework: z.string().min(1),
    description: z.string().default(''),
    mappings: z.array(CrosswalkMapping),
  })
  .superRefine((crosswalk, ctx) => {
    const seen = new Map<string, number>();
    crosswalk.mappings.forEach((mapping, index) => {
      const key = skillKey(mapping.vendorSkill);
      const first = seen.get(key);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['mappings', index, 'vendorSkill'],
          message: `"${mapping.vendorSkill}" is already mapped at mappings[${first}]`,
          params: { fix: 'merge the two entries into one with all their standards' },
        });
      } else {
        seen.set(key, index);
      }
    });
  });
export type Crosswalk = z.output<typeof Crosswalk>;

/** Whether `programId` may use this crosswalk. */
export const crosswalkServes = (crosswalk: Crosswalk, programId: string): boolean =>
  crosswalk.programId === programId || crosswalk.sharedWith.includes(programId);

/** How vendor skills are compared: trimmed and case-insensitive. */
export const skillKey = (skill: string): string => skill.trim().toLowerCase();

const CROSSWALK_HINTS: FixHints = {
  id: 'use lower-case letters, digits and dashes, e.g. "id": "vendor-ccss"',
  programId: 'name the program whose skills these are, e.g. "programId": "assistments"',
  framework: 'name the framework of the codes, e.g. "framework": "CCSS.MATH"',
  mappings:
    'list mappings, e.g. [{"vendorSkill": "...", "standards": ["6.SP.B.4"], "provenance": {...}}]',
};

/** Validates a crosswalk (JSON text or parsed value); throws ConfigError with paths. */
export function parseCrosswalk(json: unknown, fileName: string): Crosswalk {
  return parseConfig(
    Crosswalk,
    parseJsonConfig(json, fileName),
    fileName,
    CROSSWALK_HINTS,
  );
}
