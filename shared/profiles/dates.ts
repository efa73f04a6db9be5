/**
 * Vendor dates to ISO instants. The profile fixes one reading for the whole
 * file: `03/04/2025` is never 3 March on one row and 4 March on the next.
 * Naive times are wall-clock times in the district's zone, so a date-only
 * value is the school's local midnight.
 */
import { DateTime } from 'luxon';
import type { Problem } from './numbers.js';
import type { DatesSpec, ProfileFormat } from './schema.js';

/** An ISO instant with the zone's offset, or why the text is not a date. */
export type DateReader = (text: string) => string | Problem;

const SECONDS_PER_DAY = 86_400;
/**
 * Excel's 1900 system counts a 29 February 1900 that never was; serials from
 * 61 (1 March 1900) on are right with the 1899-12-30 epoch, earlier ones are not.
 */
const FIRST_RELIABLE_1900_SERIAL = 61;
/** 9999-12-31, Excel's last date. */
const LAST_EXCEL_SERIAL = 2_958_465;
const EXCEL_EPOCH_MS = { '1900': Date.UTC(1899, 11, 30), '1904': Date.UTC(1904, 0, 1) };

const ISO =
  /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)? ?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const SLASHED =
  /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))? ?([AP]M)?)?$/i;

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

export function createDateReader(
  spec: DatesSpec,
  districtZone: string,
  decimal: ProfileFormat['decimal'],
): DateReader {
  const zone = spec.timeZone ?? districtZone;
  const allowed = new Set(spec.format);
  const order = allowed.has('day-first')
    ? 'day-first'
    : allowed.has('month-first')
      ? 'month-first'
      : undefined;
  const serial = new RegExp(`^\\d+(?:${decimal === ',' ? ',' : '\\.'}\\d+)?$`);
  const declared = spec.format.join(', ');

  const toInstant = (clock: WallClock, offset?: string): string | Problem => {
    const at = DateTime.fromObject(clock, { zone: offset ? offsetZone(offset) : zone });
    if (!at.isValid) {
      return {
        reason: `not a real date or time (${at.invalidExplanation ?? 'out of range'})`,
        fix: 'correct the value in the export',
      };
    }
    return at.toISO({ suppressMilliseconds: true }) ?? '';
  };

  return (text) => {
    const iso = ISO.exec(text);
    if (iso) {
      if (!allowed.has('iso')) return notAllowed('an ISO date', 'iso', declared);
      const [, y, , mo, d, h, mi, s, frac, offset] = iso;
      const millisecond = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
      return toInstant(clock(y, mo, d, h, mi, s, millisecond), offset);
    }

    const slashed = SLASHED.exec(text);
    if (slashed) {
      if (!order)
        return notAllowed(
          'a d/m/y or m/d/y date',
          'day-first" or "month-first',
          declared,
        );
      return readSlashed(slashed, order, spec.twoDigitYearStart, toInstant);
    }

    if (serial.test(text)) {
      if (!allowed.has('excel-serial'))
        return notAllowed('a number', 'excel-serial', declared);
      return readExcelSerial(Number(text.replace(',', '.')), spec.excelSystem, toInstant);
    }

    return {
      reason: `not a date in the declared formats (${declared})`,
      fix: 'correct the value, or declare the format the vendor writes in dates.format',
    };
  };
}

function readSlashed(
  match: RegExpExecArray,
  order: 'day-first' | 'month-first',
  twoDigitYearStart: number | undefined,
  toInstant: (clock: WallClock) => string | Problem,
): string | Problem {
  const [, a, , b, y, h, mi, s, meridiem] = match;
  const [day, month] = order === 'day-first' ? [a, b] : [b, a];
  if (Number(month) > 12) {
    const other = order === 'day-first' ? 'month-first' : 'day-first';
    return {
      reason: `month ${month} does not exist when read ${order}`,
      fix: `if the vendor writes ${other} dates, set dates.format to "${other}" (the whole file is then read that way)`,
    };
  }
  let year = Number(y);
  if (y!.length === 2) {
    if (twoDigitYearStart === undefined) {
      return {
        reason: 'has a 2-digit year, which could be any century',
        fix: 'export 4-digit years, or set "dates.twoDigitYearStart", e.g. 2000',
      };
    }
    year = twoDigitYearStart + ((year - (twoDigitYearStart % 100) + 100) % 100);
  }
  let hour = Number(h ?? 0);
  if (meridiem) {
    if (hour < 1 || hour > 12)
      return {
        reason: `hour ${hour} with ${meridiem}`,
        fix: 'correct the value in the export',
      };
    hour = (hour % 12) + (meridiem.toUpperCase() === 'PM' ? 12 : 0);
  }
  return toInstant(clock(String(year), month, day, String(hour), mi, s, 0));
}

function readExcelSerial(
  value: number,
  system: DatesSpec['excelSystem'],
  toInstant: (clock: WallClock) => string | Problem,
): string | Problem {
  const first = system === '1900' ? FIRST_RELIABLE_1900_SERIAL : 0;
  if (value < first || value > LAST_EXCEL_SERIAL) {
    return {
      reason: `Excel serial ${value} is outside ${first}..${LAST_EXCEL_SERIAL} (1900-03-01..9999-12-31)`,
      fix: "check the column holds dates; serials before 61 hit Excel's 1900 leap-year bug",
    };
  }
  // Whole seconds from the epoch, read back as UTC fields: the serial is a
  // wall-clock reading, so the zone only applies afterwards.
  const date = new Date(
    EXCEL_EPOCH_MS[system] + Math.round(value * SECONDS_PER_DAY) * 1000,
  );
  return toInstant({
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
    millisecond: 0,
  });
}

function clock(
  y?: string,
  mo?: string,
  d?: string,
  h?: string,
  mi?: string,
  s?: string,
  millisecond = 0,
): WallClock {
  return {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h ?? 0),
    minute: Number(mi ?? 0),
    second: Number(s ?? 0),
    millisecond,
  };
}

function offsetZone(offset: string): string {
  if (offset.toUpperCase() === 'Z') return 'UTC';
  const [, sign, hh, mm] = /^([+-])(\d{2}):?(\d{2})?$/.exec(offset)!;
  return `UTC${sign}${hh}:${mm ?? '00'}`;
}

function notAllowed(what: string, format: string, declared: string): Problem {
  return {
    reason: `is ${what}, which dates.format (${declared}) does not allow`,
    fix: `add "${format}" to dates.format if the vendor writes dates this way`,
  };
}
