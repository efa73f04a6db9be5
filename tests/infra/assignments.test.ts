import { Match, type Template } from 'aws-cdk-lib/assertions';
import type { LablinkStack } from '../../infra/lablink-stack';
import { MAX_RECEIVES } from '../../shared/assignments/push';
import { actionsOf, logicalIdOf, statementsAllowing, statementsOf } from './policies';
import { buildApp } from './synth';

let stack: LablinkStack;
let template: Template;

beforeAll(() => {
  ({ stack, template } = buildApp());
});

describe('Construct: AssignmentPush', () => {
  it('encrypts both queues and redrives to the dead-letter queue after the receive limit', () => {
    const dlq = logicalIdOf(stack.assignments.deadLetterQueue);

    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 540,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [dlq, 'Arn'] },
        maxReceiveCount: MAX_RECEIVES,
      },
    });
    expect(template.toJSON().Resources[dlq].Properties).toEqual({
      MessageRetentionPeriod: 14 * 24 * 3600,
      SqsManagedSseEnabled: true,
    });
  });

  it('denies every non-TLS request to both queues', () => {
    for (const queue of [stack.assignments.queue, stack.assignments.deadLetterQueue]) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: logicalIdOf(queue) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    }
  });

  it('consumes the queue with partial-batch responses', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [logicalIdOf(stack.assignments.queue), 'Arn'] },
      FunctionName: { Ref: logicalIdOf(stack.assignments.function) },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('lets the consumer use the table, consume its queue and put drops under outbound/ only', () => {
    const allowed = statementsOf(template, stack.assignments.function);

    expect(actionsOf(allowed)).toEqual(
      [
        'dynamodb:BatchGetItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        's3:PutObject',
        'sqs:ChangeMessageVisibility',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:ReceiveMessage',
      ].sort(),
    );
    expect(statementsAllowing(allowed, /^s3:/)[0]?.Resource).toEqual({
      'Fn::Join': [
        '',
        [{ 'Fn::GetAtt': [logicalIdOf(stack.ingestBucket), 'Arn'] }, '/outbound/*'],
      ],
    });
  });

  it('lets only the approving route send to the queue, and tells it the URL', () => {
    const approve = stack.routeFunctions.PostAssignments;
    const send = statementsAllowing(statementsOf(template, approve), /^sqs:/);

    expect(send.map((s) => s.Resource)).toEqual([
      { 'Fn::GetAtt': [logicalIdOf(stack.assignments.queue), 'Arn'] },
    ]);
    expect(actionsOf(send)).toEqual([
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:SendMessage',
    ]);
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: Match.absent(),
      Environment: {
        Variables: Match.objectLike({
          LABLINK_ASSIGNMENT_QUEUE_URL: { Ref: logicalIdOf(stack.assignments.queue) },
        }),
      },
    });
    for (const [id, fn] of Object.entries(stack.routeFunctions)) {
      if (id === 'PostAssignments') continue;
      expect(statementsAllowing(statementsOf(template, fn), /^sqs:/)).toEqual([]);
    }
  });
});
