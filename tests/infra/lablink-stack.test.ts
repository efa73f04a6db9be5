import { Match, type Template } from 'aws-cdk-lib/assertions';
import { INCOMING_PREFIX as HANDLER_INCOMING_PREFIX } from '../../shared/programs';
import {
  API_THROTTLE_BURST_REQUESTS,
  API_THROTTLE_RATE_PER_SECOND,
  HANDLER_ENV,
  INCOMING_PREFIX,
  INGEST_RESERVED_CONCURRENCY,
  RELEASE_HELD_MAX_EVENT_AGE_IN_SECONDS,
  RELEASE_HELD_RESERVED_CONCURRENCY,
} from '../../infra/config';
import { LAMBDA_RUNTIME, type LablinkStack } from '../../infra/lablink-stack';
import { ROUTES } from '../../infra/routes';
import { SCHEDULES } from '../../infra/schedules';
import { TABLE_DESIGN } from '../../infra/table-design';
import { logicalIdOf } from './policies';
import { buildApp } from './synth';

const ONE_MONTH_IN_DAYS = 30;

let stack: LablinkStack;
let template: Template;

beforeAll(() => {
  ({ stack, template } = buildApp());
});

const getAtt = (construct: { node: { defaultChild?: unknown } }) => ({
  'Fn::GetAtt': [logicalIdOf(construct), 'Arn'],
});
const ref = (construct: { node: { defaultChild?: unknown } }) => ({
  Ref: logicalIdOf(construct),
});

const lablinkFunctions = () => [
  stack.ingestFunction,
  stack.rollupFunction,
  stack.releaseHeldFunction,
  stack.assignments.function,
  ...Object.values(stack.routeFunctions),
];

describe('Table', () => {
  it('keys items by pk and sk, with one gsi1 index projecting everything', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
        { AttributeName: 'gsi1pk', AttributeType: 'S' },
        { AttributeName: 'gsi1sk', AttributeType: 'S' },
      ]),
      GlobalSecondaryIndexes: [
        {
          IndexName: 'gsi1',
          KeySchema: [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    });
  });

  it('bills on demand, recovers to a point in time and is encrypted with a KMS key', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
    });
  });

  it('survives a stack deletion and a careless delete-table call', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
    });
  });

  it('expires items by their expiresAt attribute', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
    expect(TABLE_DESIGN.ttlAttribute).toBe('expiresAt');
  });
});

describe('Buckets', () => {
  const BLOCK_ALL = {
    BlockPublicAcls: true,
    BlockPublicPolicy: true,
    IgnorePublicAcls: true,
    RestrictPublicBuckets: true,
  };
  const SSE_S3 = {
    ServerSideEncryptionConfiguration: [
      { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
    ],
  };

  it('blocks public access, encrypts and versions the ingest bucket', () => {
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        PublicAccessBlockConfiguration: BLOCK_ALL,
        BucketEncryption: SSE_S3,
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    });
  });

  it('expires replaced versions of ingest objects after 90 days', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({
            NoncurrentVersionExpiration: { NoncurrentDays: 90 },
            Status: 'Enabled',
          }),
        ]),
      },
    });
  });

  it('logs ingest bucket access to a separate, private, retained logs bucket', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { DestinationBucketName: ref(stack.accessLogsBucket) },
    });
    const logsBucket =
      template.findResources('AWS::S3::Bucket')[logicalIdOf(stack.accessLogsBucket)];

    expect(logsBucket).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: { PublicAccessBlockConfiguration: BLOCK_ALL, BucketEncryption: SSE_S3 },
    });
  });

  it.each([
    ['ingest', () => stack.ingestBucket],
    ['access logs', () => stack.accessLogsBucket],
  ])('denies every request to the %s bucket that does not use TLS', (_name, bucket) => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: ref(bucket()),
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            Resource: [getAtt(bucket()), { 'Fn::Join': ['', [getAtt(bucket()), '/*']] }],
          },
        ]),
      },
    });
  });
});

describe('Ingest', () => {
  it('runs the ingest function for objects created under incoming/ only', () => {
    template.resourceCountIs('Custom::S3BucketNotifications', 1);
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: ref(stack.ingestBucket),
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          {
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'incoming/' }] } },
            LambdaFunctionArn: getAtt(stack.ingestFunction),
          },
        ],
      },
    });
  });

  it('lets only this bucket in this account invoke the ingest function', () => {
    template.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: getAtt(stack.ingestFunction),
      Principal: 's3.amazonaws.com',
      SourceArn: getAtt(stack.ingestBucket),
      SourceAccount: { Ref: 'AWS::AccountId' },
    });
  });

  it('watches the same prefix the handlers expect files under', () => {
    expect(INCOMING_PREFIX).toBe(HANDLER_INCOMING_PREFIX);
  });

  it('gives ingest 15 minutes, 1024 MB and at most 10 concurrent runs', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 900,
      MemorySize: 1024,
      ReservedConcurrentExecutions: INGEST_RESERVED_CONCURRENCY,
      LoggingConfig: {
        LogGroup: Match.objectLike({
          Ref: Match.stringLikeRegexp('^IngestS3ObjectLogs'),
        }),
      },
    });
    expect(INGEST_RESERVED_CONCURRENCY).toBe(10);
  });

  it('retries a failed ingest twice, then parks the event in the failure queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: ref(stack.ingestFunction),
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: getAtt(stack.ingestFailureQueue) } },
    });
  });

  it('encrypts the failure queue and refuses it to callers without TLS', () => {
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [ref(stack.ingestFailureQueue)],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sqs:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });
});

describe('Rollup schedule', () => {
  it('fires the rollup function on the expression from infra/schedules.ts', () => {
    // The rollup's rule and the release of held files (below).
    template.resourceCountIs('AWS::Events::Rule', 2);
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: SCHEDULES.rollupMastery.expression,
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: getAtt(stack.rollupFunction) })],
    });
    expect(SCHEDULES.rollupMastery.expression).toBe('cron(15 * * * ? *)');
  });

  it('lets only that rule invoke the rollup function', () => {
    template.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: getAtt(stack.rollupFunction),
      Principal: 'events.amazonaws.com',
      SourceArn: {
        'Fn::GetAtt': [Match.stringLikeRegexp('^RollupMasterySchedule'), 'Arn'],
      },
    });
  });
});

describe('Release of held files', () => {
  it('fires the release function hourly at minute 45, retrying and expiring stale events', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(45 * * * ? *)',
      State: 'ENABLED',
      Targets: [
        Match.objectLike({
          Arn: getAtt(stack.releaseHeldFunction),
          RetryPolicy: {
            MaximumRetryAttempts: 2,
            MaximumEventAgeInSeconds: RELEASE_HELD_MAX_EVENT_AGE_IN_SECONDS,
          },
        }),
      ],
    });
    expect(SCHEDULES.releaseHeldFiles.expression).toBe('cron(45 * * * ? *)');
  });

  it('lets only that rule invoke the release function', () => {
    template.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: getAtt(stack.releaseHeldFunction),
      Principal: 'events.amazonaws.com',
      SourceArn: {
        'Fn::GetAtt': [Match.stringLikeRegexp('^ReleaseHeldFilesSchedule'), 'Arn'],
      },
    });
  });

  it('runs one release at a time, as long as an ingest run may take', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: SCHEDULES.releaseHeldFiles.description,
      ReservedConcurrentExecutions: RELEASE_HELD_RESERVED_CONCURRENCY,
      Timeout: 900,
      MemorySize: 1024,
    });
  });

  it('is not triggered by the bucket: only the ingest function gets S3 notifications', () => {
    const permissions = Object.values(
      template.findResources('AWS::Lambda::Permission', {
        Properties: { Principal: 's3.amazonaws.com' },
      }),
    ).map((p) => p.Properties.FunctionName);

    expect(permissions).toEqual([getAtt(stack.ingestFunction)]);
  });
});

describe('HTTP API', () => {
  it('serves exactly the routes of infra/routes.ts', () => {
    const routeKeys = Object.values(
      template.findResources('AWS::ApiGatewayV2::Route'),
    ).map((route) => route.Properties.RouteKey);

    expect(routeKeys).toEqual(
      expect.arrayContaining([
        'GET /classes/{classId}/groups',
        'GET /classes/{classId}/mastery',
        'GET /classes/{classId}/standards/{code}',
        'GET /classes/{classId}/usage',
        'GET /health',
        'GET /me/classes',
        'GET /openapi.json',
        'GET /students/{studentId}',
        'GET /students/{studentId}/mastery',
      ]),
    );
    expect(ROUTES.map((r) => `${r.method} ${r.path}`).sort()).toEqual(routeKeys.sort());
  });

  it.each([
    ['GET /me/classes', 'JWT'],
    ['GET /classes/{classId}/mastery', 'JWT'],
    ['GET /classes/{classId}/standards/{code}', 'JWT'],
    ['GET /classes/{classId}/usage', 'JWT'],
    ['GET /classes/{classId}/groups', 'JWT'],
    ['GET /students/{studentId}', 'JWT'],
    ['GET /students/{studentId}/mastery', 'JWT'],
    ['GET /students/{studentId}/standards/{code}', 'JWT'],
    ['PUT /classes/{classId}/focus', 'JWT'],
    ['GET /classes/{classId}/focus', 'JWT'],
    ['GET /classes/{classId}/assignments/plan', 'JWT'],
    ['POST /classes/{classId}/assignments', 'JWT'],
    ['GET /assignments/{assignmentId}', 'JWT'],
    ['GET /analysis/alignment', 'JWT'],
    ['GET /ingest/runs', 'AWS_IAM'],
    ['GET /ingest/runs/{runId}/rejects', 'AWS_IAM'],
    ['GET /health', 'NONE'],
    ['GET /openapi.json', 'NONE'],
  ])('authorizes %s with %s', (routeKey, authorizationType) => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: routeKey,
      AuthorizationType: authorizationType,
    });
  });

  it('puts the JWT authorizer on every jwt route', () => {
    for (const route of ROUTES.filter((r) => r.auth === 'jwt')) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: `${route.method} ${route.path}`,
        AuthorizationType: 'JWT',
        AuthorizerId: { Ref: Match.stringLikeRegexp('TeacherAuthorizer') },
      });
    }
  });

  it('leaves no route open but those reading no data and vendor-key pushes', () => {
    const open = Object.values(template.findResources('AWS::ApiGatewayV2::Route'))
      .filter((route) => route.Properties.AuthorizationType === 'NONE')
      .map((route) => route.Properties.RouteKey);
    const allowed = ROUTES.filter((r) => r.auth === 'none' || r.auth === 'vendorKey').map(
      (r) => `${r.method} ${r.path}`,
    );

    expect(open.sort()).toEqual(allowed.sort());
    expect(open).toEqual(expect.arrayContaining(['GET /health', 'GET /openapi.json']));
    for (const route of ROUTES.filter((r) => r.auth === 'none')) {
      expect(route.tableAccess).toBe('none');
    }
  });

  it.each(ROUTES.map((route) => [`${route.method} ${route.path}`, route.id] as const))(
    'sends %s to the %s function with payload format 2.0',
    (routeKey, routeId) => {
      const routes = template.findResources('AWS::ApiGatewayV2::Route', {
        Properties: { RouteKey: routeKey },
      });
      const integrationId =
        Object.values(routes)[0]?.Properties.Target['Fn::Join'][1][1].Ref;
      const integration = template.findResources('AWS::ApiGatewayV2::Integration')[
        integrationId
      ];

      expect(integration?.Properties).toMatchObject({
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
        IntegrationUri: getAtt(stack.routeFunctions[routeId]),
      });
    },
  );

  it('throttles the default stage and logs each request as JSON without the path', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: API_THROTTLE_RATE_PER_SECOND,
        ThrottlingBurstLimit: API_THROTTLE_BURST_REQUESTS,
      },
      AccessLogSettings: {
        DestinationArn: {
          'Fn::GetAtt': [Match.stringLikeRegexp('^ApiAccessLogs'), 'Arn'],
        },
        Format: Match.stringLikeRegexp('\\$context\\.routeKey'),
      },
    });
    const stage = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0];
    const format = JSON.parse(stage?.Properties.AccessLogSettings.Format);

    expect(Object.values(format)).not.toContain('$context.path');
    expect(format.caller).toBe('$context.identity.userArn');
  });
});

describe('Functions', () => {
  it('run every Lablink function on nodejs22.x, arm64, from its own log group', () => {
    expect(LAMBDA_RUNTIME.name).toBe('nodejs22.x');
    const logGroups = new Set<string>();

    for (const fn of lablinkFunctions()) {
      const resource = template.findResources('AWS::Lambda::Function')[logicalIdOf(fn)];

      expect(resource?.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
      });
      logGroups.add(resource?.Properties.LoggingConfig.LogGroup.Ref);
    }
    expect(logGroups.size).toBe(lablinkFunctions().length);
  });

  it('keeps every log group for one month', () => {
    const logGroups = Object.values(template.findResources('AWS::Logs::LogGroup'));

    // Beside the functions': the API's access logs and the teacher page's deployment handler.
    expect(logGroups).toHaveLength(lablinkFunctions().length + 2);
    for (const logGroup of logGroups) {
      expect(logGroup.Properties.RetentionInDays).toBe(ONE_MONTH_IN_DAYS);
    }
  });

  it('tells every function the table, the bucket and its Powertools settings', () => {
    for (const fn of lablinkFunctions()) {
      const resource = template.findResources('AWS::Lambda::Function')[logicalIdOf(fn)];

      expect(resource?.Properties.Environment.Variables).toMatchObject({
        [HANDLER_ENV.table]: ref(stack.table),
        [HANDLER_ENV.bucket]: ref(stack.ingestBucket),
        POWERTOOLS_SERVICE_NAME: 'lablink',
        LOG_LEVEL: 'INFO',
      });
    }
  });

  it('passes the district time zone only when one is given', () => {
    const { template: zoned } = buildApp({ props: { timeZone: 'America/Chicago' } });

    zoned.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ LABLINK_TIME_ZONE: 'America/Chicago' }),
      },
    });
    for (const fn of lablinkFunctions()) {
      const resource = template.findResources('AWS::Lambda::Function')[logicalIdOf(fn)];

      expect(resource?.Properties.Environment.Variables).not.toHaveProperty(
        HANDLER_ENV.timeZone,
      );
    }
  });
});

describe('Outputs', () => {
  it('says where the API is and how to drop a file, and nothing else from the data', () => {
    template.hasOutput('ApiUrl', {});
    template.hasOutput('IngestBucketName', { Value: ref(stack.ingestBucket) });
    template.hasOutput('DropFileCommand', {
      Value: {
        'Fn::Join': [
          '',
          ['aws s3 cp file.csv s3://', ref(stack.ingestBucket), '/incoming/<programId>/'],
        ],
      },
    });
    expect(Object.keys(template.toJSON().Outputs).sort()).toEqual([
      'AlarmTopicArn',
      'ApiUrl',
      'DropFileCommand',
      'IngestBucketName',
      'IngestFailureQueueUrl',
      'TeacherPageUrl',
      'UserPoolClientId',
      'UserPoolId',
    ]);
  });
});
