/** zod issues in a caller's words: the same for the API's 400 and the CLI. */
import { z } from 'zod';
import { describeZodError, fieldIssueOf } from '../../shared/zod-issues';

const Decision = z.object({
  reason: z.string().trim().min(1),
  score: z.number().min(0).max(1),
  format: z.enum(['json', 'csv']),
  items: z.array(z.string()).max(2),
  by: z.string(),
});

describe('Function: describeZodError', () => {
  it("says what to send instead of zod's type wording", () => {
    const result = Decision.safeParse({
      reason: '  ',
      score: 1.5,
      format: 'xml',
      items: ['a', 'b', 'c'],
    });
    if (result.success) throw new Error('the input was meant to be refused');

    expect(describeZodError(result.error)).toBe(
      'reason: must not be empty; score: must be at most 1; ' +
        'format: must be one of json, csv; items: must have at most 2 items; by: required',
    );
    expect(result.error.issues.map(fieldIssueOf)[2]).toEqual({
      field: 'format',
      message: 'must be one of json, csv',
      allowed: ['json', 'csv'],
    });
  });

  it('keeps a message the schema wrote itself, and names a number sent as text', () => {
    const Own = z.object({ n: z.number().min(1, 'give one or more') });

    expect(describeZodError(Own.safeParse({ n: 0 }).error as z.ZodError)).toBe(
      'n: give one or more',
    );
    expect(describeZodError(Own.safeParse({ n: Number('x') }).error as z.ZodError)).toBe(
      'n: must be a number',
    );
  });
});
