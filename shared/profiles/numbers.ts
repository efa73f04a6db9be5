/**
 * Numbers in the profile's locale, strictly: `1,5` under a `.` decimal is
 * refused, never read as 15 or 1. A misread number is worse than a rejected
 * row because nobody sees it.
 */
import type { ProfileFormat } from './schema.js';

/** NaN when the text is not a number in the profile's locale. */
export type NumberParser = (text: string) => number;

export interface Problem {
  reason: string;
  fix: string;
}

type Decimal = ProfileFormat['decimal'];
type Thousands = ProfileFormat['thousands'];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Spaces as thousands separators also come as no-break and narrow no-break spaces. */
const thousandsClass = (t: NonNullable<Thousands>) =>
  t === ' ' ? '[ \\u00A0\\u202F]' : escape(t);

export function createNumberParser(
  decimal: Decimal,
  thousands?: Thousands,
): NumberParser {
  const d = escape(decimal);
  const plain = new RegExp(`^[+-]?(?:\\d+(?:${d}\\d*)?|${d}\\d+)$`);
  if (decimal === '.' && !thousands) {
    return (text) => (plain.test(text) ? Number(text) : NaN);
  }
  const grouped = thousands
    ? new RegExp(`^[+-]?\\d{1,3}(?:${thousandsClass(thousands)}\\d{3})+(?:${d}\\d*)?$`)
    : undefined;
  const separators = thousands ? new RegExp(thousandsClass(thousands), 'g') : undefined;
  return (text) => {
    if (plain.test(text)) return Number(decimal === ',' ? text.replace(',', '.') : text);
    if (grouped?.test(text) && separators) {
      const digits = text.replace(separators, '');
      return Number(decimal === ',' ? digits.replace(',', '.') : digits);
    }
    return NaN;
  };
}

/** Why `text` is not a number under the profile, and what to change. Only on failure. */
export function explainBadNumber(
  text: string,
  decimal: Decimal,
  thousands?: Thousands,
): Problem {
  if (text.includes('%')) {
    return {
      reason: 'has a percent sign',
      fix: 'for scores set "score": {"scale": "percent"}; elsewhere remove the sign in the export',
    };
  }
  const other = decimal === '.' ? ',' : '.';
  if (new RegExp(`^[+-]?\\d+${escape(other)}\\d+$`).test(text)) {
    return {
      reason: `uses "${other}" but the profile's decimal separator is "${decimal}"`,
      fix:
        `if the vendor writes decimals with "${other}" set "format.decimal": "${other}"; ` +
        `if it groups thousands with "${other}" set "format.thousands": "${other}"`,
    };
  }
  if (/^[+-]?\d{1,3}([ ,.'\u00A0\u202F])\d{3}/.test(text)) {
    return {
      reason: thousands
        ? `groups digits in a way the profile (thousands "${thousands}") does not declare`
        : 'has a thousands separator the profile does not declare',
      fix: 'set "format.thousands" to the separator the vendor writes',
    };
  }
  return { reason: 'not a number', fix: 'correct the value in the export' };
}
