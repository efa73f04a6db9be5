/** The shape of a program's content catalog file (`data/catalogs/<program>.json`). */
import { z } from 'zod';
import { Id } from '../model.js';

export const ContentProvenance = z.object({
  /** Where the item or its standards came from: a file, a vendor list, evidence. */
  source: z.string().min(1),
  note: z.string().optional(),
});
export type ContentProvenance = z.infer<typeof ContentProvenance>;

export const ContentItem = z.object({
  contentId: Id,
  title: z.string().min(1),
  /** lesson, skill, problem_set, activity... as the vendor calls it. */
  kind: z.string().min(1),
  standards: z.array(z.string().min(1)).min(1),
  grade: z.string().min(1),
  estimatedMinutes: z.number().positive(),
  provenance: ContentProvenance,
});
export type ContentItem = z.infer<typeof ContentItem>;

export const ContentCatalogFile = z.object({
  programId: Id,
  description: z.string(),
  /** Minutes a student is asked to spend in the program per week. */
  weeklyMinutes: z.number().positive(),
  provenance: z.object({ source: z.string(), date: z.string(), method: z.string() }),
  items: z.array(ContentItem),
});
export type ContentCatalogFile = z.infer<typeof ContentCatalogFile>;

/** A program's content as planning uses it: items by id, plus the budget. */
export interface ProgramContent {
  programId: string;
  weeklyMinutes: number;
  items: ContentItem[];
}
