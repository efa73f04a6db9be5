/** Connector failures: whether a retry can help decides retry or fail. */
import { LablinkError } from '../errors.js';

/** Timeouts, lost responses, 429 and 5xx: worth another attempt. */
export class VendorUnavailableError extends LablinkError {
  readonly retryable = true;
}

/** A 4xx other than 409 and 429, or a connector misconfigured: retrying cannot help. */
export class VendorRejectedError extends LablinkError {
  readonly retryable = false;
}

export const isRetryable = (error: unknown): boolean =>
  !(error instanceof VendorRejectedError);
