/**
 * Run metrics for the operations alarms and dashboard (infra/operations.ts):
 * one set per finished run, as CloudWatch embedded metrics through
 * Powertools. Counts only; nothing about any student.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { IngestRun } from '../../shared/model.js';
import { SERVICE_NAME } from './env.js';

/** Must match METRICS_NAMESPACE in infra/operations.ts, where the alarms read them. */
export const METRICS_NAMESPACE = 'Lablink';

// Created at first use, not at import: Powertools reads POWERTOOLS_METRICS_DISABLED
// when it is constructed, and the local stack sets it after the handlers load.
let metrics: Metrics | undefined;

const metricsOnce = () =>
  (metrics ??= new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME }));

/**
 * The run's outcome metric: `RunsFailed` raises the alarm; `RunsHeld` (a file
 * of an unknown layout, waiting for a profile) is graphed, not alarmed.
 */
export function runOutcomeMetric(run: Pick<IngestRun, 'status'>): string {
  if (run.status === 'failed') return 'RunsFailed';
  return run.status === 'held' ? 'RunsHeld' : 'RunsCompleted';
}

export function publishRunMetrics(run: IngestRun): void {
  const m = metricsOnce();
  m.addMetric(runOutcomeMetric(run), MetricUnit.Count, 1);
  m.addMetric('RecordsAccepted', MetricUnit.Count, run.counts.accepted);
  m.addMetric('RecordsRejected', MetricUnit.Count, run.counts.rejected);
  m.addMetric('RecordsHeld', MetricUnit.Count, run.counts.held);
  m.addMetric('RecordsDuplicate', MetricUnit.Count, run.counts.duplicates);
  m.publishStoredMetrics();
}

/**
 * What a release of held files did: `HeldFilesWaiting` is how many still
 * wait for a profile after it (graphed as a level, not a count of events).
 */
export function publishHeldFileMetrics(release: {
  released: number;
  stillHeld: number;
}): void {
  const m = metricsOnce();
  m.addMetric('HeldFilesReleased', MetricUnit.Count, release.released);
  m.addMetric('HeldFilesWaiting', MetricUnit.Count, release.stillHeld);
  m.publishStoredMetrics();
}
