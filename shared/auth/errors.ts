/** Authentication and authorization failures, mapped to 401 and 403 by HTTP. */
import { LablinkError } from '../errors.js';

/** No valid credentials: HTTP 401. */
export class UnauthorizedError extends LablinkError {}

/**
 * Valid credentials that may not do this, whatever the resource: HTTP 403.
 * Never thrown for a resource the caller cannot see: that is a 404, so a
 * refusal does not reveal that a class or student exists.
 */
export class ForbiddenError extends LablinkError {}
