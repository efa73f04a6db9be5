/**
 * Backoff with full jitter inside one delivery: a short outage is absorbed
 * here; a longer one goes back to the queue (visibility timeout), and after
 * the queue's receive limit to the dead-letter queue.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { isRetryable } from './errors.js';

/** Attempts of one delivery before the message goes back to the queue. */
export const ATTEMPTS_PER_DELIVERY = 3;
/** First backoff ceiling; doubles per attempt. */
export const RETRY_BASE_MS = 200;
/** No single backoff waits longer than this. */
export const RETRY_MAX_MS = 5_000;

export interface RetryOptions {
  attempts?: number;
  baseMs?: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<unknown>;
  onRetry?: (attempt: number, error: unknown) => void;
}

/** Full jitter: a uniform wait in [0, min(max, base * 2^attempt)). */
export function backoffMs(attempt: number, baseMs: number, random: () => number): number {
  return Math.floor(random() * Math.min(RETRY_MAX_MS, baseMs * 2 ** attempt));
}

/** Runs `work` until it succeeds, fails for good, or the attempts are spent. */
export async function withRetries<T>(work: () => Promise<T>, options: RetryOptions = {}) {
  const attempts = options.attempts ?? ATTEMPTS_PER_DELIVERY;
  const random = options.random ?? Math.random;
  const wait = options.sleep ?? sleep;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (!isRetryable(error) || attempt + 1 >= attempts) throw error;
      options.onRetry?.(attempt + 1, error);
      await wait(backoffMs(attempt, options.baseMs ?? RETRY_BASE_MS, random));
    }
  }
}
