import { Schedule } from 'aws-cdk-lib/aws-events';
import { CronExpressionParser } from 'cron-parser';
import {
  SCHEDULE_TIME_ZONE,
  SCHEDULES,
  ScheduleExpressionError,
  toLocalCron,
} from '../../infra/schedules';

/** The next `count` firing times of a standard cron string, from a fixed instant. */
function nextFirings(cron: string, from: string, count: number): string[] {
  const expression = CronExpressionParser.parse(cron, {
    tz: SCHEDULE_TIME_ZONE,
    currentDate: from,
  });
  return expression.take(count).map((date) => date.toISOString() ?? '');
}

describe('SCHEDULES', () => {
  it.each(Object.entries(SCHEDULES))(
    'gives %s cron fields that build exactly its expression',
    (_name, schedule) => {
      expect(Schedule.cron(schedule.cron).expressionString).toBe(schedule.expression);
    },
  );

  it.each(Object.entries(SCHEDULES))(
    'gives %s an expression that converts',
    (_, schedule) => {
      expect(() => toLocalCron(schedule.expression)).not.toThrow();
    },
  );

  it('fires the mastery rollup at minute 15 of every hour', () => {
    const local = toLocalCron(SCHEDULES.rollupMastery.expression);

    expect(local).toBe('15 * * * *');
    expect(nextFirings(local, '2026-03-01T10:20:00Z', 2)).toEqual([
      '2026-03-01T11:15:00.000Z',
      '2026-03-01T12:15:00.000Z',
    ]);
  });

  it('releases held files at minute 45 of every hour, half an hour from the rollup', () => {
    const local = toLocalCron(SCHEDULES.releaseHeldFiles.expression);

    expect(local).toBe('45 * * * *');
    expect(nextFirings(local, '2026-03-01T10:20:00Z', 2)).toEqual([
      '2026-03-01T10:45:00.000Z',
      '2026-03-01T11:45:00.000Z',
    ]);
  });
});

describe('toLocalCron', () => {
  it.each([
    ['cron(15 * * * ? *)', '15 * * * *'],
    ['cron(0 8 ? * 2-6 *)', '0 8 * * 1-5'],
    ['cron(0 8 ? * MON-FRI *)', '0 8 * * 1-5'],
    ['cron(0 8 ? * mon-fri *)', '0 8 * * 1-5'],
    ['cron(30 6 ? * 1,7 *)', '30 6 * * 0,6'],
    ['cron(30 6 ? * SUN,SAT *)', '30 6 * * 0,6'],
    ['cron(0 0 1 JAN,JUL ? *)', '0 0 1 1,7 *'],
    ['cron(0 12 ? * * *)', '0 12 * * *'],
    ['cron(0/15 * * * ? *)', '0-59/15 * * * *'],
    ['cron(*/10 9-17 ? * 2-6 *)', '*/10 9-17 * * 1-5'],
    ['cron(0 0 ? * 2/2 *)', '0 0 * * 1-6/2'],
    ['cron(0 0 ? * */2 *)', '0 0 * * 0-6/2'],
    ['cron(5 4 1-15/7 * ? *)', '5 4 1-15/7 * *'],
    ['  cron( 0  3 * * ? * )  ', '0 3 * * *'],
  ])('converts %s into "%s"', (expression, expected) => {
    expect(toLocalCron(expression)).toBe(expected);
  });

  it('keeps weekday schedules on the same days (EventBridge 2-6 is Monday to Friday)', () => {
    const local = toLocalCron('cron(0 8 ? * 2-6 *)');

    // 2026-03-06 is a Friday: the next firings skip the weekend.
    expect(nextFirings(local, '2026-03-06T09:00:00Z', 2)).toEqual([
      '2026-03-09T08:00:00.000Z',
      '2026-03-10T08:00:00.000Z',
    ]);
  });

  it('keeps Sunday as Sunday (EventBridge 1, standard 0)', () => {
    const local = toLocalCron('cron(0 3 ? * 1 *)');

    expect(local).toBe('0 3 * * 0');
    expect(nextFirings(local, '2026-03-02T00:00:00Z', 1)).toEqual([
      '2026-03-08T03:00:00.000Z',
    ]);
  });

  it.each([
    ['cron(0 0 L * ? *)', /"L" in the day-of-month field/],
    ['cron(0 0 ? * 6L *)', /"L" in the day-of-week field/],
    ['cron(0 0 15W * ? *)', /"W" in the day-of-month field/],
    ['cron(0 0 ? * 3#2 *)', /"#" in the day-of-week field/],
    ['cron(0 0 * * ? 2027)', /year field must be "\*"/],
    ['cron(0 0 * * * *)', /exactly one of day-of-month and day-of-week/],
    ['cron(0 0 ? * ? *)', /exactly one of day-of-month and day-of-week/],
    ['rate(5 minutes)', /only cron\(\.\.\.\) expressions convert/],
    ['0 0 * * *', /only cron\(\.\.\.\) expressions convert/],
    ['cron(0 0 * * ?)', /expected 6 fields/],
    ['cron(60 0 * * ? *)', /minute "60" is outside 0-59/],
    ['cron(0 24 * * ? *)', /hour "24" is outside 0-23/],
    ['cron(0 0 0 * ? *)', /day-of-month "0" is outside 1-31/],
    ['cron(0 0 ? * 0 *)', /day-of-week "0" is outside 1-7/],
    ['cron(0 0 ? * 8 *)', /day-of-week "8" is outside 1-7/],
    ['cron(0 0 ? * FRI-MON *)', /range "FRI-MON" wraps around/],
    ['cron(0/0 * * * ? *)', /step "0" must be a whole number/],
    ['cron(0 0 ? * MONDAY *)', /day-of-week "MONDAY" is outside 1-7/],
  ])('rejects %s', (expression, message) => {
    expect(() => toLocalCron(expression)).toThrow(ScheduleExpressionError);
    expect(() => toLocalCron(expression)).toThrow(message);
  });

  it('names the whole expression in its error', () => {
    expect(() => toLocalCron('cron(0 0 L * ? *)')).toThrow('(in "cron(0 0 L * ? *)")');
  });
});
