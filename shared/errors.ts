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

/**
 * One thing wrong with a request, as a 400's `details` lists it: the field
 * (a parameter, or a path into the body), what is wrong with it, and any
 * context that helps fix it (the value sent, valid values, a suggestion).
 */
export interface FieldIssue {
  field: string;
  message: string;
  [context: string]: unknown;
}

/**
 * Input that cannot be used as given; HTTP maps it to 400. With `details.field`
 * it is one issue of that field; `InvalidInputError.of` carries several.
 */
export class InvalidInputError extends LablinkError {
  /** Several issues at once; the message names each field. */
  static of(issues: readonly FieldIssue[], message?: string): InvalidInputError {
    return new InvalidInputError(
      message ?? issues.map((i) => `${i.field}: ${i.message}`).join('; '),
      { issues },
    );
  }
}

/**
 * A file whose header matches no profile it may be read with. Its run is
 * held, not failed: a profile the district adds later can read it
 * (shared/ingest/release-held-files.ts).
 */
export class UnknownLayoutError extends InvalidInputError {}

/**
 * A file that is not text in any supported encoding (a spreadsheet, zip or
 * image saved as .csv). Its run fails at once: no profile will ever read it,
 * so holding it for one would only retry it every hour.
 */
export class NotTextError extends InvalidInputError {}

/** A named thing (class, student, profile) that does not exist; HTTP 404. */
export class NotFoundError extends LablinkError {}

/** A configuration file (profile, crosswalk, policy) that does not validate. */
export class ConfigError extends LablinkError {}

/** A storage write that never succeeded after the SDK's retries. */
export class StorageWriteError extends LablinkError {}
