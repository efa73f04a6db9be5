/**
 * Schedules as data, read by the AWS stack (EventBridge rules) and by the local
 * stack (which fires the same expression through a standard cron library).
 *
 * EventBridge evaluates rule schedules in UTC, so a local runner must evaluate
 * the converted expression in `SCHEDULE_TIME_ZONE` too, not the machine's zone.
 */

/** The fields of `events.CronOptions`; unset fields mean "every". */
export interface CronFields {
  readonly minute?: string;
  readonly hour?: string;
  readonly day?: string;
  readonly month?: string;
  readonly weekDay?: string;
  readonly year?: string;
}

export interface ScheduleDefinition {
  /** Fields for `events.Schedule.cron`; they must produce `expression`. */
  readonly cron: CronFields;
  /** The EventBridge schedule expression, `cron(m h dom mon dow yr)`. */
  readonly expression: string;
  readonly description: string;
}

/** Time zone in which every schedule here is evaluated. */
export const SCHEDULE_TIME_ZONE = 'UTC';

export const SCHEDULES = {
  rollupMastery: {
    cron: { minute: '15', hour: '*' },
    expression: 'cron(15 * * * ? *)',
    description: 'Recomputes class mastery rollups every hour at minute 15 (UTC).',
  },
  releaseHeldFiles: {
    cron: { minute: '45', hour: '*' },
    expression: 'cron(45 * * * ? *)',
    description:
      'Reads again, every hour at minute 45 (UTC), the files held for an unknown layout.',
  },
} as const satisfies Record<string, ScheduleDefinition>;

export type ScheduleName = keyof typeof SCHEDULES;

/** An EventBridge expression that has no standard cron equivalent. */
export class ScheduleExpressionError extends Error {
  constructor(
    message: string,
    readonly expression: string,
  ) {
    super(`${message} (in "${expression}")`);
    this.name = 'ScheduleExpressionError';
  }
}

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Upper-case names the field accepts, by their EventBridge number. */
  readonly names?: Readonly<Record<string, number>>;
  /** Added to EventBridge numbers to get standard cron numbers. */
  readonly offset: number;
}

// prettier-ignore
const MONTH_NAMES = {
  JAN: 1, FEB: 2, MAR: 3, APR: 4, MAY: 5, JUN: 6,
  JUL: 7, AUG: 8, SEP: 9, OCT: 10, NOV: 11, DEC: 12,
};

/** EventBridge counts 1-7 from Sunday; standard cron counts 0-6 from Sunday. */
const DAY_NAMES = { SUN: 1, MON: 2, TUE: 3, WED: 4, THU: 5, FRI: 6, SAT: 7 };

const MINUTE: FieldSpec = { name: 'minute', min: 0, max: 59, offset: 0 };
const HOUR: FieldSpec = { name: 'hour', min: 0, max: 23, offset: 0 };
const DAY_OF_MONTH: FieldSpec = { name: 'day-of-month', min: 1, max: 31, offset: 0 };
const MONTH: FieldSpec = {
  name: 'month',
  min: 1,
  max: 12,
  names: MONTH_NAMES,
  offset: 0,
};
const DAY_OF_WEEK: FieldSpec = {
  name: 'day-of-week',
  min: 1,
  max: 7,
  names: DAY_NAMES,
  offset: -1,
};

const CRON_EXPRESSION = /^cron\((.*)\)$/;
type SixFields = [string, string, string, string, string, string];
const EVENTBRIDGE_FIELD_COUNT = 6;

/**
 * Converts an EventBridge `cron(m h dom mon dow yr)` expression into a
 * five-field standard cron string with the same firing times (in UTC).
 *
 * `?` becomes `*`, day-of-week numbers shift from 1-7 to 0-6, month and day
 * names become numbers, and `a/n` becomes `a-max/n`. Throws
 * `ScheduleExpressionError` for what standard cron cannot say: `L`, `W`, `#`,
 * a restricted year, `rate(...)`, or a field out of range.
 *
 * @example toLocalCron('cron(0 8 ? * MON-FRI *)') // '0 8 * * 1-5'
 */
export function toLocalCron(expression: string): string {
  const body = CRON_EXPRESSION.exec(expression.trim())?.[1];
  if (body === undefined) {
    throw new ScheduleExpressionError('only cron(...) expressions convert', expression);
  }

  const fields = body.trim().split(/\s+/);
  if (fields.length !== EVENTBRIDGE_FIELD_COUNT) {
    throw new ScheduleExpressionError(
      `expected ${EVENTBRIDGE_FIELD_COUNT} fields (m h dom mon dow yr), got ${fields.length}`,
      expression,
    );
  }
  const [minute, hour, dayOfMonth, month, dayOfWeek, year] = fields as SixFields;

  if (year !== '*') {
    throw new ScheduleExpressionError(
      `the year field must be "*": standard cron has no year, got "${year}"`,
      expression,
    );
  }
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    throw new ScheduleExpressionError(
      'exactly one of day-of-month and day-of-week must be "?"',
      expression,
    );
  }

  return [
    convertField(minute, MINUTE, expression),
    convertField(hour, HOUR, expression),
    convertField(dayOfMonth, DAY_OF_MONTH, expression),
    convertField(month, MONTH, expression),
    convertField(dayOfWeek, DAY_OF_WEEK, expression),
  ].join(' ');
}

function convertField(field: string, spec: FieldSpec, expression: string): string {
  if (field === '?') {
    return '*';
  }

  const unsupported = /[LW#]/i.exec(stripNames(field, spec));
  if (unsupported) {
    throw new ScheduleExpressionError(
      `"${unsupported[0]}" in the ${spec.name} field (last, weekday or nth) ` +
        'has no standard cron equivalent',
      expression,
    );
  }

  return field
    .split(',')
    .map((item) => convertItem(item, spec, expression))
    .join(',');
}

/** Removes the field's names so their letters (the L of JUL) are not flagged. */
function stripNames(field: string, spec: FieldSpec): string {
  const names = Object.keys(spec.names ?? {});
  if (names.length === 0) return field;
  return field.replace(new RegExp(names.join('|'), 'gi'), '');
}

function convertItem(item: string, spec: FieldSpec, expression: string): string {
  const [range, step, extra] = item.split('/');
  if (range === undefined || range === '' || extra !== undefined) {
    throw new ScheduleExpressionError(
      `"${item}" is not a valid ${spec.name}`,
      expression,
    );
  }

  const stepSuffix = step === undefined ? '' : `/${parseStep(step, spec, expression)}`;
  if (range === '*') {
    // Spelled out for day-of-week: some cron libraries read `*` there as 0-7.
    return spec.offset === 0 || step === undefined
      ? `*${stepSuffix}`
      : `${spec.min + spec.offset}-${spec.max + spec.offset}${stepSuffix}`;
  }

  const [first, last, more] = range.split('-');
  if (first === undefined || more !== undefined) {
    throw new ScheduleExpressionError(
      `"${item}" is not a valid ${spec.name}`,
      expression,
    );
  }
  const start = parseValue(first, spec, expression);
  // EventBridge reads `a/n` as "from a to the end, every n"; say so explicitly.
  const end =
    last !== undefined
      ? parseValue(last, spec, expression)
      : step !== undefined
        ? spec.max
        : undefined;

  if (end === undefined) {
    return `${start + spec.offset}${stepSuffix}`;
  }
  if (end < start) {
    throw new ScheduleExpressionError(
      `the ${spec.name} range "${range}" wraps around, which standard cron cannot express`,
      expression,
    );
  }
  return `${start + spec.offset}-${end + spec.offset}${stepSuffix}`;
}

function parseValue(text: string, spec: FieldSpec, expression: string): number {
  const named = spec.names?.[text.toUpperCase()];
  const value = named ?? (/^\d+$/.test(text) ? Number(text) : Number.NaN);
  if (!Number.isInteger(value) || value < spec.min || value > spec.max) {
    throw new ScheduleExpressionError(
      `${spec.name} "${text}" is outside ${spec.min}-${spec.max}`,
      expression,
    );
  }
  return value;
}

function parseStep(text: string, spec: FieldSpec, expression: string): number {
  const step = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(step) || step < 1 || step > spec.max) {
    throw new ScheduleExpressionError(
      `the ${spec.name} step "${text}" must be a whole number from 1 to ${spec.max}`,
      expression,
    );
  }
  return step;
}
