/**
 * A method's incremental state as storage keeps it: plain numbers and strings
 * (DynamoDB has no infinities), without the policy, which is stored beside it.
 */
import { z } from 'zod';
import type { MethodState } from './methods.js';
import type { OrderKey } from './order.js';
import type { MasteryPolicy } from './policy.js';

const StoredOrderKey = z.object({
  /** null: evidence without a clock (sorts first). */
  at: z.number().nullable(),
  /** null: evidence without a vendor sequence (sorts last at its instant). */
  sequence: z.number().nullable(),
  uri: z.string(),
  line: z.number(),
  evidenceId: z.string(),
});

/** Counts, sums, the running value or the BKT posterior, and the last key. */
export const StoredMethodState = z
  .object({
    count: z.number().int().nonnegative(),
    lastKey: StoredOrderKey.optional(),
    lastEvidenceAt: z.string().optional(),
  })
  .catchall(z.number());
export type StoredMethodState = z.infer<typeof StoredMethodState>;

/** The storable part of a state. */
export function toStoredState(state: MethodState): StoredMethodState {
  const { method: _m, policy: _p, lastKey, ...rest } = state;
  const stored = { ...rest } as StoredMethodState;
  if (lastKey) {
    stored.lastKey = {
      ...lastKey,
      at: Number.isFinite(lastKey.at) ? lastKey.at : null,
      sequence: Number.isFinite(lastKey.sequence) ? lastKey.sequence : null,
    };
  }
  return stored;
}

/** The state again, under the policy it was computed with. */
export function fromStoredState(
  policy: MasteryPolicy,
  stored: StoredMethodState,
): MethodState {
  const { lastKey, ...rest } = stored;
  const state = { ...rest, method: policy.method, policy } as MethodState;
  if (lastKey) {
    const key: OrderKey = {
      ...lastKey,
      at: lastKey.at ?? Number.NEGATIVE_INFINITY,
      sequence: lastKey.sequence ?? Number.POSITIVE_INFINITY,
    };
    state.lastKey = key;
  }
  return state;
}
