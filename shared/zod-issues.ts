/**
 * zod issues in the words a caller acts on, for every surface that reports
 * them: the API's 400 `details` (functions/lib/http.ts) and the CLI's
 * refusals (cli/main.ts) say the same thing of the same mistake.
 */
import type { z } from 'zod';
import type { FieldIssue } from './errors.js';

/**
 * zod's own wording is about types ("Invalid input: expected number,
 * received NaN"); a caller needs to hear what to send. Messages a schema
 * wrote itself pass through.
 */
export function issueMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.message.endsWith('received undefined')) return 'required';
      if (issue.expected === 'number' || issue.expected === 'int')
        return issue.message.startsWith('Invalid input')
          ? 'must be a number'
          : issue.message;
      return issue.message;
    case 'invalid_value':
      return issue.message.startsWith('Invalid option')
        ? `must be one of ${issue.values.map(String).join(', ')}`
        : issue.message;
    case 'too_small':
      if (
        issue.origin === 'string' &&
        Number(issue.minimum) === 1 &&
        issue.inclusive !== false
      )
        return issue.message.startsWith('Too small')
          ? 'must not be empty'
          : issue.message;
      return issue.message.startsWith('Too small')
        ? limit(
            issue.origin,
            issue.inclusive === false ? 'more than' : 'at least',
            issue.minimum,
          )
        : issue.message;
    case 'too_big':
      return issue.message.startsWith('Too big')
        ? limit(
            issue.origin,
            issue.inclusive === false ? 'less than' : 'at most',
            issue.maximum,
          )
        : issue.message;
    default:
      return issue.message;
  }
}

/** `must be at least 1`, `must have at most 50 items`. */
const limit = (origin: string, relation: string, value: unknown) =>
  `${bound(origin)} ${relation} ${String(value)}${unitOf(origin)}`;
const bound = (origin: string) =>
  origin === 'string' || origin === 'array' || origin === 'set' ? 'must have' : 'must be';
const unitOf = (origin: string) =>
  origin === 'string'
    ? ' characters'
    : origin === 'array' || origin === 'set'
      ? ' items'
      : '';

/** A zod issue as a field issue; a refinement's `params` are its context. */
export function fieldIssueOf(issue: z.core.$ZodIssue): FieldIssue {
  const context =
    issue.code === 'custom'
      ? (issue.params ?? {})
      : issue.code === 'invalid_value'
        ? { allowed: issue.values }
        : {};
  return {
    field: issue.path.join('.') || 'request',
    message: issueMessage(issue),
    ...context,
  };
}

/** A ZodError as one line: `field: message; field: message`. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map(fieldIssueOf)
    .map((i) => `${i.field}: ${i.message}`)
    .join('; ');
}
