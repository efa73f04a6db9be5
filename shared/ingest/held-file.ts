/**
 * A held file: a dropped object whose layout no profile reads yet. Its run
 * ends `held` (nothing read, counts 0) and this marker remembers the object,
 * so a release can read it once a profile matches without anyone dropping it
 * again. The marker lives while its run is held (and until a release
 * re-drives writes lost after the file became readable).
 */
import { z } from 'zod';
import { Id, IsoInstant } from '../model.js';

export const HeldFile = z.object({
  runId: Id,
  /** The object as its run saw it: the same identity gives the same run id. */
  source: z.object({
    bucket: z.string(),
    key: z.string(),
    versionId: z.string().optional(),
    eTag: z.string().optional(),
  }),
  /** The program folder of the key, or `auto` when the header was to decide. */
  programId: Id,
  heldAt: IsoInstant,
});
export type HeldFile = z.infer<typeof HeldFile>;

export interface HeldFileStore {
  /** Idempotent by run id: holding the same file again keeps one marker. */
  putHeldFile(file: HeldFile): Promise<void>;
  /** Every held file, by run id; they are few (one per file, not per record). */
  listHeldFiles(): Promise<HeldFile[]>;
  deleteHeldFile(runId: string): Promise<void>;
}
