/**
 * Scheduled vendor API pulls: one pull function, one EventBridge rule per
 * configured connector (the rule's input is the connector's validated
 * configuration), one JSON secret holding every connector's credentials, and
 * grants limited to what a pull does: read that secret, write `raw/*` and the
 * run's rejects, read and write the table.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { PullConnector } from '../shared/pull/connector.js';
import { PULL_SECRET_ENV, RAW_PREFIX } from '../shared/pull/ports.js';
import { pullSchedules } from '../shared/pull/schedules.js';
import { RUNS_PREFIX, type FunctionLimits } from './config';

/** Entry of the pull function, relative to the repository root. */
export const PULL_ENTRY = 'functions/pull-connector.ts';

/** A run's time budget is at most 840 s (connector schema); Lambda stops at 900 s. */
export const PULL_LIMITS: FunctionLimits = {
  memoryInMiB: 1024,
  timeoutInSeconds: 15 * 60,
};

/**
 * No retry of a failed scheduled invocation: the run already saved where it
 * stopped, and the next schedule resumes it.
 */
export const PULL_RETRY_ATTEMPTS = 0;

export interface PullConnectorsProps {
  /** Connectors from the district's configuration; none creates nothing. */
  readonly connectors: readonly PullConnector[];
  readonly table: dynamodb.ITable;
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
}

export class PullConnectors extends Construct {
  /** Undefined when no connector is configured. */
  readonly function?: nodejs.NodejsFunction;
  readonly secret?: secretsmanager.Secret;
  readonly rules: events.Rule[] = [];

  constructor(scope: Construct, id: string, props: PullConnectorsProps) {
    super(scope, id);
    if (props.connectors.length === 0) return;

    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description:
        'Pull connector credentials: {"<connectorId>": {"apiKey": "..."}} or ' +
        '{"<connectorId>": {"clientId": "...", "clientSecret": "..."}}.',
      // Valid JSON from the start, so an unfilled secret fails as "no apiKey", not "not JSON".
      generateSecretString: {
        secretStringTemplate: '{}',
        generateStringKey: 'placeholder',
      },
    });

    const fn = props.createFunction(
      'PullConnector',
      PULL_ENTRY,
      'Pulls a vendor API connector from its watermark into the table.',
      PULL_LIMITS,
    );
    fn.addEnvironment(PULL_SECRET_ENV, this.secret.secretArn);
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ReadPullSecret',
        actions: ['secretsmanager:GetSecretValue'],
        resources: [this.secret.secretArn],
      }),
    );
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'WriteRawPagesAndRejects',
        actions: ['s3:PutObject'],
        resources: [
          props.bucket.arnForObjects(`${RAW_PREFIX}*`),
          props.bucket.arnForObjects(`${RUNS_PREFIX}*`),
        ],
      }),
    );
    props.grantTableReadWrite(fn);
    this.function = fn;

    for (const schedule of pullSchedules(props.connectors)) {
      this.rules.push(
        new events.Rule(this, `${schedule.name}-schedule`, {
          description: `Pulls connector ${schedule.input.connector.id} (${schedule.expression}, UTC).`,
          schedule: events.Schedule.expression(schedule.expression),
          targets: [
            new targets.LambdaFunction(fn, {
              event: events.RuleTargetInput.fromObject(schedule.input),
              retryAttempts: PULL_RETRY_ATTEMPTS,
              maxEventAge: Duration.hours(1),
            }),
          ],
        }),
      );
    }
    this.acknowledgeReviewedFindings();
  }

  private acknowledgeReviewedFindings(): void {
    Validations.of(this.secret!).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The secret holds keys the vendors issue; they are rotated through each ' +
        "vendor's own console, which Secrets Manager rotation cannot call.",
    });
    Validations.of(this.function!.role!).acknowledge({
      id: 'AwsSolutions-IAM5',
      reason:
        `Raw pages are keyed by connector and run (${RAW_PREFIX}<connector>/<runId>/<page>.json) ` +
        `and rejects by run (${RUNS_PREFIX}<runId>/); both ids are made at run time, so ` +
        'writes are scoped to those prefixes and to s3:PutObject only.',
    });
    Validations.of(this.function!).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'The runtime is the stack-wide LAMBDA_RUNTIME constant, chosen so bundles also ' +
        'run on Node 20 in the local stack; it moves with every other function.',
    });
  }
}
