/**
 * The pull construct on a minimal stack (a table, a bucket and functions made
 * the way the stack makes them), so these assertions hold whatever the rest of
 * the stack is doing. infra/lablink-stack.ts wires the same construct.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { PullConnectors } from '../../infra/pulls';
import { parseConnectors, type PullConnector } from '../../shared/pull/connector';
import { logicalIdOf, statementsOf } from './policies';

const EXAMPLE = path.join(__dirname, '..', '..', 'config', 'connectors.example.json');
const connectors = parseConnectors(readFileSync(EXAMPLE, 'utf8'), EXAMPLE);

function build(list: readonly PullConnector[]) {
  const stack = new Stack(new App(), 'PullTest');
  const table = new dynamodb.Table(stack, 'Table', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
  });
  const bucket = new s3.Bucket(stack, 'Bucket');
  const pulls = new PullConnectors(stack, 'Pulls', {
    connectors: list,
    table,
    bucket,
    createFunction: (id) =>
      new lambda.Function(stack, id, {
        runtime: lambda.Runtime.NODEJS_22_X,
        handler: 'index.handler',
        code: lambda.Code.fromInline('exports.handler = async () => {};'),
        role: new iam.Role(stack, `${id}Role`, {
          assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        }),
      }) as unknown as nodejs.NodejsFunction,
    grantTableReadWrite: (fn) =>
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'WriteTable',
          actions: ['dynamodb:PutItem'],
          resources: [table.tableArn],
        }),
      ),
  });
  return { stack, pulls, bucket, template: Template.fromStack(stack) };
}

describe('Construct: PullConnectors', () => {
  const { pulls, bucket, template } = build(connectors);

  it('schedules each connector with its cron and its configuration as input', () => {
    template.resourceCountIs('AWS::Events::Rule', 2);
    for (const connector of connectors) {
      template.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: connector.schedule,
        State: 'ENABLED',
        Targets: [
          Match.objectLike({
            Arn: { 'Fn::GetAtt': [logicalIdOf(pulls.function!), 'Arn'] },
            Input: JSON.stringify({ connector }),
            RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 3600 },
          }),
        ],
      });
    }
  });

  it('keeps credentials in one Secrets Manager secret named to the function', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: { LABLINK_PULL_SECRET_ID: { Ref: logicalIdOf(pulls.secret!) } },
      },
    });
  });

  it('grants its secret, s3:PutObject on raw/* and runs/*, and the table; nothing else', () => {
    const statements = statementsOf(template, pulls.function!);
    const objects = (suffix: string) => ({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalIdOf(bucket), 'Arn'] }, suffix]],
    });

    expect(statements.map((s) => s.Sid).sort()).toEqual([
      'ReadPullSecret',
      'WriteRawPagesAndRejects',
      'WriteTable',
    ]);
    expect(statements.find((s) => s.Sid === 'ReadPullSecret')).toMatchObject({
      Action: 'secretsmanager:GetSecretValue',
      Resource: { Ref: logicalIdOf(pulls.secret!) },
    });
    expect(statements.find((s) => s.Sid === 'WriteRawPagesAndRejects')).toMatchObject({
      Action: 's3:PutObject',
      Resource: [objects('/raw/*'), objects('/runs/*')],
    });
  });

  it('creates no function, rule or secret without connectors', () => {
    const empty = build([]);

    empty.template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    empty.template.resourceCountIs('AWS::Events::Rule', 0);
    expect(empty.pulls.function).toBeUndefined();
  });
});
