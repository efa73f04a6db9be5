/**
 * One rounding rule for every value printed for people (CLI tables, report
 * CSV cells, rounded API values): half away from zero on the decimal value.
 *
 * `toFixed` rounds the binary double, so 0.965 (stored as 0.96499999...)
 * prints 0.96 while 0.195 (stored as 0.19500000...) prints 0.20. Here the
 * number is first written as its shortest decimal (what `String` prints and
 * what a reader sees: `0.965`), and that decimal is rounded, so 0.965 is
 * 0.97, 0.195 is 0.20 and -0.965 is -0.97.
 */

/** The shortest decimal digits of `abs` (>= 0) and where its point falls. */
function decimalDigits(abs: number): { digits: string; pointAt: number } {
  const [mantissa = '0', exponent = '0'] = String(abs).split('e');
  const [whole = '0', fraction = ''] = mantissa.split('.');
  return { digits: whole + fraction, pointAt: whole.length + Number(exponent) };
}

/** `units` of 10^-decimals written with its point; a zero has no sign. */
function writeUnits(units: bigint, decimals: number, negative: boolean): string {
  const text = units.toString().padStart(decimals + 1, '0');
  const whole = text.slice(0, text.length - decimals);
  const fraction = text.slice(text.length - decimals);
  const sign = negative && units > 0n ? '-' : '';
  return decimals > 0 ? `${sign}${whole}.${fraction}` : `${sign}${whole}`;
}

/**
 * `value` with exactly `decimals` digits after the point, rounded half away
 * from zero on its decimal value; a rounded zero has no sign.
 *
 * @example
 *   formatDecimal(0.965, 2); // '0.97' (toFixed gives '0.96')
 */
export function formatDecimal(value: number, decimals: number): string {
  if (!Number.isFinite(value)) return String(value);
  const { digits, pointAt } = decimalDigits(Math.abs(value));
  const kept = pointAt + decimals;
  let units = 0n;
  if (kept >= 0) {
    const padded = digits.padEnd(kept + 1, '0');
    units = BigInt(padded.slice(0, kept) || '0');
    if ((padded[kept] ?? '0') >= '5') units += 1n;
  }
  return writeUnits(units, decimals, value < 0);
}

/**
 * `value` with exactly `decimals` digits after the point, cut toward zero on
 * its decimal value (0.869 to two decimals is 0.86). For a shorter view of a
 * value whose precise form is shown elsewhere: cutting keeps it on the same
 * side of every threshold written with at most `decimals` digits, where
 * rounding would carry 0.795 up to a threshold of 0.80 it has not reached.
 */
export function truncateDecimal(value: number, decimals: number): string {
  if (!Number.isFinite(value)) return String(value);
  const { digits, pointAt } = decimalDigits(Math.abs(value));
  const kept = pointAt + decimals;
  const units = kept > 0 ? BigInt(digits.padEnd(kept, '0').slice(0, kept)) : 0n;
  return writeUnits(units, decimals, value < 0);
}

/** `value` rounded as formatDecimal rounds it, as a number (for JSON answers). */
export const roundDecimal = (value: number, decimals: number): number =>
  Number(formatDecimal(value, decimals));

/**
 * Each of `values` (>= 0) with `decimals` digits, so that they add up to
 * their exact decimal sum rounded half away from zero: each is cut to
 * `decimals` first, and the units still missing go, one each, to the values
 * that lost the most (ties to the earlier value). Rounding each on its own
 * can miss the total by a unit per value (10.25 + 10.25 is 20.5, rounded one
 * by one 10.3 + 10.3 = 20.6), and a reader who adds the parts in a
 * spreadsheet should get the total shown beside them. The sum is taken on
 * the values' decimals, not as doubles, so 0.1 + 0.2 is 0.3 here.
 *
 * @example
 *   apportionDecimal([10.25, 10.25], 1); // [10.3, 10.2]
 */
export function apportionDecimal(values: readonly number[], decimals: number): number[] {
  const split = values.map((value) => {
    const { digits, pointAt } = decimalDigits(Math.abs(value));
    const kept = Math.max(pointAt + decimals, 0);
    const padded = digits
      .padStart(digits.length + Math.max(-(pointAt + decimals), 0), '0')
      .padEnd(kept, '0');
    // What was cut, as decimal digits after the kept ones.
    return { units: BigInt(padded.slice(0, kept) || '0'), rest: padded.slice(kept) };
  });
  const width = Math.max(0, ...split.map((p) => p.rest.length));
  const parts = split.map((p) => ({ units: p.units, rest: p.rest.padEnd(width, '0') }));
  const unit = 10n ** BigInt(width);
  const cut = parts.reduce((a, p) => a + BigInt(p.rest || '0'), 0n);
  // Half away from zero on the exact sum: the cut parts round up at a half.
  let missing = cut / unit + (2n * (cut % unit) >= unit && cut % unit > 0n ? 1n : 0n);
  const order = parts
    .map((p, i) => ({ i, rest: p.rest }))
    .filter((p) => /[1-9]/.test(p.rest))
    .sort((a, b) => (a.rest > b.rest ? -1 : a.rest < b.rest ? 1 : a.i - b.i));
  for (const { i } of order) {
    if (missing <= 0n) break;
    (parts[i] as { units: bigint }).units += 1n;
    missing -= 1n;
  }
  const scale = 10 ** decimals;
  return parts.map((p) => Number(p.units) / scale);
}

/**
 * A sum of decimals taken as doubles, without the binary noise it gathered:
 * 0.35 + 0.35 + 0.35 is 1.0499999999999998, which rounds to 1.0 where the
 * decimal sum 1.05 rounds to 1.1. Twelve significant digits keep every digit
 * a count of minutes or a score can mean and drop the noise in the last few.
 */
export const withoutDoubleNoise = (sum: number): number =>
  Number.isFinite(sum) ? Number(sum.toPrecision(12)) : sum;
