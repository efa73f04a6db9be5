/**
 * The assignment push: an SQS queue (encrypted, TLS only) with a dead-letter
 * queue, and the consumer function with partial-batch responses. The
 * consumer may read and write the table, put file drops under the outbound
 * prefix, and consume this queue; nothing else. Routes that approve plans
 * get `grantEnqueue`: send to this queue only.
 */
import { Duration, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { MAX_RECEIVES } from '../shared/assignments/push.js';
import type { FunctionLimits } from './config';

/** Entry of the consumer, relative to the repository root. */
export const PUSH_ENTRY = 'functions/push-assignment.ts';

/** Env var the approving route reads the queue URL from (functions/post-assignments.ts). */
export const QUEUE_URL_ENV = 'LABLINK_ASSIGNMENT_QUEUE_URL';

/** A batch is at most 10 vendor calls of 10 s each with backoff: well inside a minute and a half. */
export const PUSH_LIMITS: FunctionLimits = { memoryInMiB: 512, timeoutInSeconds: 90 };

/** AWS's advice for SQS event sources: visibility timeout six times the function timeout. */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

/** Dead letters are kept for SQS's maximum, time enough to inspect and redrive. */
export const DEAD_LETTER_RETENTION_IN_DAYS = 14;

export interface AssignmentPushProps {
  readonly table: dynamodb.ITable;
  /** Bucket of the file connector's drops. */
  readonly bucket: s3.IBucket;
  /** Makes a function the way the stack makes all of its functions (role, logs, bundling). */
  readonly createFunction: (
    id: string,
    entry: string,
    description: string,
    limits: FunctionLimits,
  ) => nodejs.NodejsFunction;
  /** Grants item-level read and write on the table, as the stack grants its functions. */
  readonly grantTableReadWrite: (fn: nodejs.NodejsFunction) => void;
  /**
   * Deliveries of a message before it moves to the dead-letter queue.
   * @default MAX_RECEIVES (5), which the consumer also uses to mark the assignment failed
   */
  readonly maxReceiveCount?: number;
  /**
   * Records per consumer invocation.
   * @default 10
   */
  readonly batchSize?: number;
  /**
   * Key prefix of file drops in `bucket`; each program's configuration adds its own below.
   * @default 'outbound/'
   */
  readonly outboundPrefix?: string;
}

export class AssignmentPush extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly function: nodejs.NodejsFunction;

  constructor(scope: Construct, id: string, props: AssignmentPushProps) {
    super(scope, id);
    const prefix = props.outboundPrefix ?? 'outbound/';

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(DEAD_LETTER_RETENTION_IN_DAYS),
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(
        PUSH_LIMITS.timeoutInSeconds * VISIBILITY_TIMEOUT_FACTOR,
      ),
      deadLetterQueue: {
        queue: this.deadLetterQueue,
        maxReceiveCount: props.maxReceiveCount ?? MAX_RECEIVES,
      },
    });

    this.function = props.createFunction(
      'PushAssignment',
      PUSH_ENTRY,
      'Pushes approved assignments to vendor programs (HTTP or OneRoster file connector).',
      PUSH_LIMITS,
    );
    props.grantTableReadWrite(this.function);
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'DropLineItemFiles',
        actions: ['s3:PutObject'],
        resources: [props.bucket.arnForObjects(`${prefix}*`)],
      }),
    );
    this.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: props.batchSize ?? 10,
        reportBatchItemFailures: true,
      }),
    );

    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is the dead-letter queue of the assignment queue; messages that ' +
        'failed every delivery stay here for inspection and redrive.',
    });
    const bucketArn = `<${Stack.of(this).getLogicalId(props.bucket.node.defaultChild as CfnElement)}.Arn>`;
    Validations.of(this.function.role as iam.Role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${bucketArn}/${prefix}*]`,
      reason:
        `File drops are keyed by assignment id under ${prefix}<program>/, so puts are ` +
        'scoped to that prefix and to s3:PutObject only; the ingest trigger does not watch it.',
    });
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'The runtime is the stack-wide LAMBDA_RUNTIME constant, chosen so bundles also run ' +
        'on the Node 20 local stack; it moves with every other function, in one place.',
    });
  }

  /** Lets `fn` send to the queue (nothing else) and tells it the queue's URL. */
  grantEnqueue(fn: lambda.Function): void {
    this.queue.grantSendMessages(fn);
    fn.addEnvironment(QUEUE_URL_ENV, this.queue.queueUrl);
  }
}
