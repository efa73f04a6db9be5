/**
 * What an xAPI score means, beyond its schema (case C10). A score that
 * validates can still be meaningless: placeholder zeros (`max: 0`), a raw
 * outside its range, a scaled value that disagrees with raw/max, a raw with
 * no range (points or percent?). Such a score never becomes a number on the
 * mastery scale: the statement is held with the reasons, never read as 0%.
 */
export interface XapiScore {
  scaled?: number;
  raw?: number;
  min?: number;
  max?: number;
}

/** How far scaled may differ from (raw-min)/(max-min): rounding by senders. */
export const SCALED_TOLERANCE = 0.005;

/** Problems with a score's meaning; empty when it is consistent. */
export function scoreProblems(score: XapiScore): string[] {
  const problems: string[] = [];
  const { scaled, raw, min, max } = score;
  // An absent min reads as 0, as fractionOf reads it: the checks must judge
  // the range the fraction is taken over, or {raw: 0, max: 0} passes them
  // and divides 0 by 0.
  const low = min ?? 0;
  const lowName = min === undefined ? 'score.min (0 when absent)' : 'score.min';
  if (max !== undefined && (raw !== undefined || min !== undefined) && max <= low) {
    problems.push(`score.max must be greater than ${lowName}`);
    if (scaled !== undefined && raw !== undefined)
      problems.push('score.scaled cannot be checked against raw without a valid range');
    return problems;
  }
  if (raw !== undefined && (raw < low || (max !== undefined && raw > max))) {
    problems.push(`score.raw must lie within [${lowName}, score.max]`);
  }
  if (scaled !== undefined && raw !== undefined && max !== undefined) {
    const expected = (raw - (min ?? 0)) / (max - (min ?? 0));
    if (Math.abs(expected - scaled) > SCALED_TOLERANCE) {
      problems.push(`score.scaled ${scaled} disagrees with raw/max (${round(expected)})`);
    }
  }
  if (scaled === undefined && raw !== undefined && max === undefined) {
    problems.push(
      'score.raw without score.max or score.scaled: points and percent cannot be told apart',
    );
  }
  if (scaled !== undefined && scaled < 0) {
    problems.push('a negative score.scaled has no place on the 0-1 mastery scale');
  }
  return problems;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/** The score on [0,1] of a consistent score, or undefined when it has none. */
export function fractionOf(score: XapiScore): number | undefined {
  if (score.scaled !== undefined) return score.scaled;
  if (score.raw !== undefined && score.max !== undefined) {
    const min = score.min ?? 0;
    return (score.raw - min) / (score.max - min);
  }
  return undefined;
}
