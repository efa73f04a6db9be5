/**
 * The local stack fires scheduled handlers on the EventBridge expressions the
 * CDK stack uses, evaluated in UTC.
 */
import { startScheduler } from '../../infra/local/scheduler.js';
import { SCHEDULES } from '../../infra/schedules.js';

describe('Function: startScheduler', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('fires the rollup at minute 15 of each hour, UTC, with a scheduled event', async () => {
    jest.setSystemTime(new Date('2026-12-03T12:14:59.000Z'));
    const fired: { time: string; source: string }[] = [];
    const scheduler = startScheduler(
      () => undefined,
      { rollupMastery: async (event) => fired.push(event as never) },
      { rollupMastery: SCHEDULES.rollupMastery },
    );

    await jest.advanceTimersByTimeAsync(500);
    expect(fired).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({
      source: 'aws.events',
      time: '2026-12-03T12:15:00.000Z',
    });

    await jest.advanceTimersByTimeAsync(60 * 60 * 1000);
    expect(fired).toHaveLength(2);
    expect(fired[1]?.time).toBe('2026-12-03T13:15:00.000Z');
    scheduler.stop();
  });

  it('fires the schedules it is given, not only the builtin ones', async () => {
    jest.setSystemTime(new Date('2026-12-03T12:29:59.000Z'));
    const fired: string[] = [];
    const scheduler = startScheduler(
      () => undefined,
      { pullVendor: async (event) => fired.push((event as { time: string }).time) },
      { pullVendor: { expression: 'cron(30 * * * ? *)' } },
    );

    await jest.advanceTimersByTimeAsync(2_000);

    expect(fired).toEqual(['2026-12-03T12:30:00.000Z']);
    scheduler.stop();
  });

  it('reports a failing handler and keeps its schedule', async () => {
    jest.setSystemTime(new Date('2026-12-03T12:14:59.000Z'));
    const errors: string[] = [];
    let calls = 0;
    const scheduler = startScheduler(
      (name, error) => errors.push(`${name}: ${(error as Error).message}`),
      {
        rollupMastery: async () => {
          calls += 1;
          throw new Error('table unavailable');
        },
      },
      { rollupMastery: SCHEDULES.rollupMastery },
    );

    await jest.advanceTimersByTimeAsync(60 * 60 * 1000 + 2_000);

    expect(errors).toEqual([
      'rollupMastery: table unavailable',
      'rollupMastery: table unavailable',
    ]);
    expect(calls).toBe(2);
    scheduler.stop();
  });
});
