/**
 * The teacher page's whole percent of a mastery value: cut, not rounded, so
 * it never shows the cut of a level the value has not reached.
 */
import { masteryPercent, percent } from '../../web/src/values';

describe('Function: masteryPercent', () => {
  it('cuts to a whole percent where rounding would reach the mastered cut', () => {
    expect(percent(0.795)).toBe('80%');

    expect([0.795, 0.8, 0.58, 0.869, 1, 0, 0.001].map(masteryPercent)).toEqual([
      '79%',
      '80%',
      '58%',
      '86%',
      '100%',
      '0%',
      '0%',
    ]);
    expect(masteryPercent(undefined)).toBe('–');
  });
});
