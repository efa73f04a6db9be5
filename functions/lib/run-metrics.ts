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

export function publishRunMetrics(run: IngestRun): void {
  metrics ??= new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
  const failed = run.status === 'failed';
  metrics.addMetric(failed ? 'RunsFailed' : 'RunsCompleted', MetricUnit.Count, 1);
  metrics.addMetric('RecordsAccepted', MetricUnit.Count, run.counts.accepted);
  metrics.addMetric('RecordsRejected', MetricUnit.Count, run.counts.rejected);
  metrics.addMetric('RecordsHeld', MetricUnit.Count, run.counts.held);
  metrics.addMetric('RecordsDuplicate', MetricUnit.Count, run.counts.duplicates);
  metrics.publishStoredMetrics();
}
