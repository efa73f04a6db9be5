/**
 * The operator's alarms and dashboard: failed runs, dead letters, API 5xx and
 * throttles, each to one encrypted topic.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { METRICS_NAMESPACE, Operations } from '../../infra/operations.js';
import { METRICS_NAMESPACE as HANDLER_NAMESPACE } from '../../functions/lib/run-metrics.js';

function synth() {
  const stack = new Stack(new App(), 'Ops');
  const fn = (id: string) =>
    new lambda.Function(stack, id, {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {}'),
    });
  const ingest = fn('Ingest');
  const ops = new Operations(stack, 'Operations', {
    ingestFunction: ingest,
    ingestFailureQueue: new sqs.Queue(stack, 'Dlq'),
    table: new dynamodb.Table(stack, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    }),
    api: new apigw.HttpApi(stack, 'Api'),
    functions: [ingest, ...Array.from({ length: 14 }, (_, i) => fn(`Fn${i}`))],
  });
  return { template: Template.fromStack(stack), ops };
}

describe('Construct: Operations', () => {
  const { template } = synth();

  it('alarms on failed runs from the metrics the ingest handler publishes', () => {
    expect(HANDLER_NAMESPACE).toBe(METRICS_NAMESPACE);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Lablink',
      MetricName: 'RunsFailed',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('OperationsAlarms') }],
    });
  });

  it('alarms on dead letters, API 5xx, ingest and table throttles', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: '5xx',
      Threshold: 5,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Throttles',
      Namespace: 'AWS/Lambda',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([
        Match.objectLike({
          MetricStat: Match.objectLike({
            Metric: Match.objectLike({ MetricName: 'ThrottledRequests' }),
          }),
        }),
      ]),
    });
    template.resourceCountIs('AWS::CloudWatch::Alarm', 5);
  });

  it('graphs held files (held runs, released, still waiting) without alarming on them', () => {
    const alarmed = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(
      (a) => a.Properties.MetricName as string | undefined,
    );
    const dashboard = JSON.stringify(
      template.findResources('AWS::CloudWatch::Dashboard'),
    );

    for (const metric of ['RunsHeld', 'HeldFilesReleased', 'HeldFilesWaiting']) {
      expect(alarmed).not.toContain(metric);
      expect(dashboard).toContain(`\\"${metric}\\"`);
    }
  });

  it('sends alarms to one topic encrypted with KMS that refuses plain HTTP', () => {
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      }),
    });
  });

  it('has a dashboard', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });
});
