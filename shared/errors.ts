/**
 * One base error for the domain. Subclasses carry the context a caller needs
 * to fix the input; `cause` is always kept.
 */
export class LablinkError extends Error {
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Input that cannot be used as given; HTTP maps it to 400. */
export class InvalidInputError extends LablinkError {}

/**
 * A file whose header matches no profile it may be read with. Its run is
 * held, not failed: a profile the district adds later can read it
 * (shared/ingest/release-held-files.ts).
 */
export class UnknownLayoutError extends InvalidInputError {}

/** A named thing (class, student, profile) that does not exist; HTTP 404. */
export class NotFoundError extends LablinkError {}

/** A configuration file (profile, crosswalk, policy) that does not validate. */
export class ConfigError extends LablinkError {}

/** A storage write that never succeeded after the SDK's retries. */
export class StorageWriteError extends LablinkError {}
