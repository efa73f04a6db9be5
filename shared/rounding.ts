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
  const text = units.toString().padStart(decimals + 1, '0');
  const whole = text.slice(0, text.length - decimals);
  const fraction = text.slice(text.length - decimals);
  const sign = value < 0 && units > 0n ? '-' : '';
  return decimals > 0 ? `${sign}${whole}.${fraction}` : `${sign}${whole}`;
}

/** `value` rounded as formatDecimal rounds it, as a number (for JSON answers). */
export const roundDecimal = (value: number, decimals: number): number =>
  Number(formatDecimal(value, decimals));
