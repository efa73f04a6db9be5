/**
 * Interaction activities (xAPI appendix C): which component lists each
 * interaction type may carry, and the response patterns that have a fixed
 * vocabulary (true-false).
 */
import type { z } from 'zod';

const COMPONENTS = ['choices', 'scale', 'source', 'target', 'steps'] as const;

/** Component lists allowed per interaction type. */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  choice: ['choices'],
  sequencing: ['choices'],
  likert: ['scale'],
  matching: ['source', 'target'],
  performance: ['steps'],
};

interface InteractionInput {
  interactionType?: string;
  correctResponsesPattern?: string[];
  [component: string]: unknown;
}

export function checkInteraction(def: InteractionInput, ctx: z.RefinementCtx): void {
  const present = COMPONENTS.filter((c) => def[c] !== undefined);
  if (def.interactionType === undefined) {
    if (present.length > 0 || def.correctResponsesPattern !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['interactionType'],
        message: 'is required when a response pattern or components are given',
      });
    }
    return;
  }
  const allowed = ALLOWED[def.interactionType] ?? [];
  for (const component of present) {
    if (!allowed.includes(component)) {
      ctx.addIssue({
        code: 'custom',
        path: [component],
        message: `is not allowed for a ${def.interactionType} interaction`,
      });
    }
  }
  if (def.interactionType === 'true-false') {
    for (const [i, p] of (def.correctResponsesPattern ?? []).entries()) {
      if (p !== 'true' && p !== 'false') {
        ctx.addIssue({
          code: 'custom',
          path: ['correctResponsesPattern', i],
          message: 'must be "true" or "false"',
        });
      }
    }
  }
}
