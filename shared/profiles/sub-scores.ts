/**
 * Where a wide layout's sub-scores sit in a record: each sub-score column
 * (and the column naming its skill) is read under a field name of its own,
 * so the reader, detection and the mapper agree on one spelling.
 */
import type { z } from 'zod';
import type { ColumnSpec } from './schema.js';

/** What the reader and detection need of a profile's sub-scores. */
export interface SubScoreColumnsInput {
  scores: readonly {
    id: string;
    score?: z.input<typeof ColumnSpec>;
    skillColumn?: z.input<typeof ColumnSpec>;
    occurredAt?: z.input<typeof ColumnSpec>;
  }[];
}

/** The record field of a sub-score's value. */
export const subScoreField = (id: string) => `subScores.${id}`;
/** The record field of the column naming a sub-score's skill. */
export const subSkillField = (id: string) => `subScores.${id}.skill`;
/** The record field of the column dating a sub-score of its own. */
export const subDateField = (id: string) => `subScores.${id}.occurredAt`;

/** Every column the sub-scores read, by record field. */
export function subScoreColumns(
  subScores: SubScoreColumnsInput | undefined,
): { name: string; spec: z.input<typeof ColumnSpec> }[] {
  const out: { name: string; spec: z.input<typeof ColumnSpec> }[] = [];
  for (const sub of subScores?.scores ?? []) {
    if (sub.score !== undefined)
      out.push({ name: subScoreField(sub.id), spec: sub.score });
    if (sub.skillColumn !== undefined)
      out.push({ name: subSkillField(sub.id), spec: sub.skillColumn });
    if (sub.occurredAt !== undefined)
      out.push({ name: subDateField(sub.id), spec: sub.occurredAt });
  }
  return out;
}
