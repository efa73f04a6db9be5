/**
 * What a district's operator watches: alarms on failed ingest runs, records
 * left in the ingest dead-letter queue, API 5xx, throttled ingest and table, all
 * to one encrypted SNS topic, and a dashboard with the same figures. Metrics
 * of runs come from the ingest, held-release and push handlers (Powertools,
 * namespace `Lablink`), so a failed push run raises the same alarm as a
 * failed file run.
 * Held files (an unknown layout, waiting for a profile) are graphed, never
 * alarmed: a district adding a vendor's profile is not an outage.
 */
import { Duration } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** The namespace the handlers publish run metrics to. */
export const METRICS_NAMESPACE = 'Lablink';
/** The service dimension Powertools adds to every metric. */
export const METRICS_SERVICE = 'lablink';
/** Period over which each alarm looks, in minutes. */
export const ALARM_PERIOD_IN_MINUTES = 5;
/** API 5xx responses in one period that raise the alarm. */
export const API_5XX_THRESHOLD = 5;

export interface OperationsProps {
  readonly ingestFunction: lambda.IFunction;
  readonly ingestFailureQueue: sqs.IQueue;
  readonly table: dynamodb.ITable;
  readonly api: apigw.HttpApi;
  /** Functions whose throttles raise the alarm. */
  readonly functions: readonly lambda.IFunction[];
}

export class Operations extends Construct {
  readonly alarmTopic: sns.Topic;
  readonly dashboard: cloudwatch.Dashboard;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    const period = Duration.minutes(ALARM_PERIOD_IN_MINUTES);

    this.alarmTopic = new sns.Topic(this, 'Alarms', {
      displayName: 'Lablink alarms',
      masterKey: kms.Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns'),
      enforceSSL: true,
    });

    const runMetric = (name: string, statistic = 'Sum') =>
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: name,
        dimensionsMap: { service: METRICS_SERVICE },
        statistic,
        period,
      });
    const failedRuns = runMetric('RunsFailed');
    const rejected = runMetric('RecordsRejected');
    const held = runMetric('RecordsHeld');
    const accepted = runMetric('RecordsAccepted');
    const heldRuns = runMetric('RunsHeld');
    const heldReleased = runMetric('HeldFilesReleased');
    // A level each release reports, not a count of events: the latest counts.
    const heldWaiting = runMetric('HeldFilesWaiting', 'Maximum');
    const deadLetters = props.ingestFailureQueue.metricApproximateNumberOfMessagesVisible(
      {
        period,
        statistic: 'Maximum',
      },
    );
    const api5xx = props.api.metricServerError({ period, statistic: 'Sum' });
    // An alarm's math may combine at most 10 metrics: alarm on the function
    // whose concurrency is capped (ingest) and on the table; graph the rest.
    const ingestThrottles = props.ingestFunction.metricThrottles({
      period,
      statistic: 'Sum',
    });
    const tableThrottles = props.table.metricThrottledRequestsForOperations({
      operations: [
        dynamodb.Operation.QUERY,
        dynamodb.Operation.GET_ITEM,
        dynamodb.Operation.PUT_ITEM,
        dynamodb.Operation.UPDATE_ITEM,
        dynamodb.Operation.BATCH_GET_ITEM,
        dynamodb.Operation.BATCH_WRITE_ITEM,
      ],
      period,
    });
    const functionThrottles = props.functions.map((fn) =>
      fn.metricThrottles({ period, statistic: 'Sum' }),
    );

    this.addAlarm(
      'IngestRunFailed',
      failedRuns,
      1,
      'An ingest run failed; see `lablink runs`.',
    );
    this.addAlarm(
      'IngestDeadLetters',
      deadLetters,
      1,
      'An S3 event could not be ingested after retries; it waits in the dead-letter queue.',
    );
    this.addAlarm(
      'Api5xx',
      api5xx,
      API_5XX_THRESHOLD,
      'The report API answers with errors.',
    );
    this.addAlarm(
      'IngestThrottles',
      ingestThrottles,
      1,
      'Ingest runs are throttled: drops arrive faster than its reserved concurrency.',
    );
    this.addAlarm(
      'TableThrottles',
      tableThrottles,
      1,
      'DynamoDB throttles requests: a hot partition or an account limit.',
    );

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: undefined,
      widgets: [
        [
          new cloudwatch.GraphWidget({
            title: 'Ingest records',
            left: [accepted, rejected, held],
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: 'Failed runs and dead letters',
            left: [failedRuns, deadLetters],
            width: 12,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Held files (unknown layout, waiting for a profile)',
            left: [heldRuns, heldReleased],
            right: [heldWaiting],
            width: 24,
          }),
        ],
        [
          new cloudwatch.GraphWidget({ title: 'API 5xx', left: [api5xx], width: 12 }),
          new cloudwatch.GraphWidget({
            title: 'Throttles',
            left: [ingestThrottles, tableThrottles],
            right: functionThrottles,
            width: 12,
          }),
        ],
        [
          new cloudwatch.AlarmStatusWidget({
            title: 'Alarms',
            alarms: this.alarms,
            width: 24,
          }),
        ],
      ],
    });
  }

  private addAlarm(
    id: string,
    metric: cloudwatch.IMetric,
    threshold: number,
    description: string,
  ) {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator:
        cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.alarmTopic));
    this.alarms.push(alarm);
  }
}
