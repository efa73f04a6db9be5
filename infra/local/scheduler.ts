/**
 * Fires the scheduled handlers on the same cron expressions the CDK stack
 * gives EventBridge, converted to standard cron and evaluated in the same zone.
 */
import { CronExpressionParser } from 'cron-parser';
import type { ScheduledEvent } from 'aws-lambda';
import { SCHEDULES, SCHEDULE_TIME_ZONE, toLocalCron } from '../schedules.js';
import { localContext, SCHEDULED_HANDLERS, type LocalHandler } from './handlers.js';

export interface LocalScheduler {
  stop(): void;
  /** Fires one schedule now, as EventBridge would; used by the main job and tests. */
  fire(name: string): Promise<unknown>;
}

export function scheduledEvent(name: string, at: Date): ScheduledEvent {
  return {
    version: '0',
    id: `local-${name}-${at.getTime()}`,
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: at.toISOString(),
    region: 'local',
    resources: [`arn:aws:events:local:000000000000:rule/${name}`],
    detail: {},
  };
}

export function startScheduler(
  onError: (name: string, error: unknown) => void,
  handlers: Readonly<Record<string, LocalHandler>> = SCHEDULED_HANDLERS,
  schedules: Readonly<Record<string, { expression: string }>> = SCHEDULES,
): LocalScheduler {
  const timers = new Map<string, NodeJS.Timeout>();
  let stopped = false;

  const fire = async (name: string) => {
    const handler = handlers[name];
    if (!handler) throw new Error(`no scheduled handler named ${name}`);
    return handler(scheduledEvent(name, new Date()) as never, localContext(name));
  };

  const arm = (name: string, expression: string) => {
    if (stopped) return;
    const cron = CronExpressionParser.parse(toLocalCron(expression), {
      tz: SCHEDULE_TIME_ZONE,
    });
    const delay = Math.max(0, cron.next().getTime() - Date.now());
    const timer = setTimeout(() => {
      fire(name)
        .catch((error) => onError(name, error))
        .finally(() => arm(name, expression));
    }, delay);
    timer.unref();
    timers.set(name, timer);
  };

  for (const [name, schedule] of Object.entries(schedules))
    arm(name, schedule.expression);

  return {
    stop() {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
    },
    fire,
  };
}
