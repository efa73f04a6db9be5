/**
 * Everything Lablink runs in a district's AWS account: one table, the ingest
 * bucket, the functions that ingest, roll up and report, and the HTTP API.
 */
import * as path from 'node:path';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import {
  ACCESS_LOG_EXPIRATION_IN_DAYS,
  API_ACCESS_LOG_FIELDS,
  API_THROTTLE_BURST_REQUESTS,
  API_THROTTLE_RATE_PER_SECOND,
  ASYNC_RETRY_ATTEMPTS,
  DEFAULT_LOG_LEVEL,
  HANDLER_ENV,
  INCOMING_PREFIX,
  INCOMPLETE_UPLOAD_EXPIRATION_IN_DAYS,
  INGEST_FAILURE_RETENTION_IN_DAYS,
  INGEST_LIMITS,
  INGEST_RESERVED_CONCURRENCY,
  NONCURRENT_VERSION_EXPIRATION_IN_DAYS,
  POWERTOOLS_SERVICE_NAME,
  REPORT_LIMITS,
  RELEASE_HELD_MAX_EVENT_AGE_IN_SECONDS,
  RELEASE_HELD_RESERVED_CONCURRENCY,
  ROLLUP_LIMITS,
  ROLLUP_MAX_EVENT_AGE_IN_SECONDS,
  ROLLUP_RESERVED_CONCURRENCY,
  RUNS_PREFIX,
  type FunctionLimits,
} from './config';
import { DEFAULT_AUDIT_RETENTION_DAYS } from '../shared/auth/audit';
import { AUDIT_PK_PREFIX } from '../storage/access-store';
import { LablinkAuth } from './auth';
import { AssignmentPush, PUSH_ENTRY } from './assignments';
import { ROUTES, type RouteAuth, type RouteId, type RouteSpec } from './routes';
import { SCHEDULES } from './schedules';
import { PullConnectors } from './pulls';
import { CONNECTORS_FILE, type PullConnector } from '../shared/pull/connector.js';
import { configuredConnectors } from '../shared/pull/schedules.js';
import { TABLE_DESIGN } from './table-design';
import { TeacherPage } from './web';
import { Operations } from './operations';
import { acknowledgeReviewedFindings } from './reviewed-findings';
import { stageDistrictFiles, type StagedDistrictFiles } from './district-files';
import type { DistrictFiles } from '../shared/config/district-files';

/** Days raw pulled pages are kept unless the district configures otherwise. */
export const DEFAULT_RAW_RETENTION_IN_DAYS = 90;

/** The one place the Lambda runtime is chosen. */
export const LAMBDA_RUNTIME = lambda.Runtime.NODEJS_22_X;

/** Bundles stay loadable by Node 20, which the local stack runs on. */
export const BUNDLE_TARGET = 'node20';

export const REPOSITORY_ROOT = path.resolve(__dirname, '..');

/** Entry files of the functions that no route serves, relative to the repository root. */
export const EVENT_ENTRIES = {
  ingestS3Object: 'functions/ingest-s3-object.ts',
  rollupMastery: 'functions/rollup-mastery.ts',
  releaseHeldFiles: 'functions/release-held-files.ts',
  pushAssignment: PUSH_ENTRY,
} as const;

/** Item reads; no Scan, because every access pattern is a key lookup or a query. */
export const TABLE_READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
];

export const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

export interface LablinkStackProps extends StackProps {
  /**
   * Folder to take every handler entry from, by file name (tests point it at
   * stand-ins so they need not bundle the real handlers).
   * @default - each entry's own path under the repository root (`functions/...`)
   */
  readonly functionsDir?: string;
  /**
   * The handlers' settings from the district configuration file
   * (shared/config/environment.ts: time zone, programs, mastery policy,
   * retention). @default none: each handler's defaults apply
   */
  readonly districtEnvironment?: Readonly<Record<string, string>>;
  /**
   * Days raw pulled pages (`raw/`) are kept in the ingest bucket.
   * @default 90
   */
  readonly rawRetentionInDays?: number;
  /**
   * How long function logs and API access logs are kept.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * `LOG_LEVEL` of every function (Powertools levels).
   * @default 'INFO'
   */
  readonly logLevel?: string;
  /**
   * Ingest runs that may execute at once; bounds the table's write rate.
   * Note: Lambda refuses a reservation that leaves the account fewer than
   * 100 unreserved executions, so accounts with a low quota must lower it.
   * @default 10
   */
  readonly ingestReservedConcurrency?: number;
  /**
   * IANA time zone of the district, passed as `LABLINK_TIME_ZONE`.
   * @default - not set; the handlers use their own default zone
   */
  readonly timeZone?: string;
  /**
   * Steady-state request rate of the API's default stage, requests per second.
   * @default 50
   */
  readonly apiRateLimitPerSecond?: number;
  /**
   * Request burst of the API's default stage, requests.
   * @default 100
   */
  readonly apiBurstLimit?: number;
  /**
   * Days an audit item of a student-level read is kept (the district's
   * retention setting), passed as `LABLINK_AUDIT_RETENTION_DAYS`.
   * @default 365
   */
  readonly auditRetentionInDays?: number;
  /**
   * Cognito feature plan of the teacher user pool.
   * @default cognito.FeaturePlan.ESSENTIALS
   */
  readonly userPoolFeaturePlan?: cognito.FeaturePlan;
  /**
   * Vendor API pull connectors, one schedule each (infra/pulls.ts).
   * @default - those of config/connectors.json (or LABLINK_CONNECTORS_FILE), none if absent
   */
  readonly connectors?: readonly PullConnector[];
  /**
   * The district's own profiles and crosswalks, validated
   * (shared/config/load.ts `loadDistrictSetup`). Copied into every function's
   * bundle and named by `LABLINK_DISTRICT_FILES` (infra/district-files.ts).
   * @default - none: builtin profiles and crosswalks only
   */
  readonly districtFiles?: DistrictFiles;
}

interface FunctionSpec {
  /** Entry file relative to the repository root. */
  readonly entry: string;
  readonly description: string;
  readonly limits: FunctionLimits;
  readonly options?: Partial<nodejs.NodejsFunctionProps>;
}

export class LablinkStack extends Stack {
  readonly table: dynamodb.Table;
  readonly ingestBucket: s3.Bucket;
  readonly accessLogsBucket: s3.Bucket;
  readonly ingestFailureQueue: sqs.Queue;
  readonly ingestFunction: nodejs.NodejsFunction;
  readonly rollupFunction: nodejs.NodejsFunction;
  /** Reads again, on a schedule, the files held for an unknown layout. */
  readonly releaseHeldFunction: nodejs.NodejsFunction;
  /** One function per entry of `ROUTES`, by route id. */
  readonly routeFunctions: Readonly<Record<RouteId, nodejs.NodejsFunction>>;
  readonly api: apigw.HttpApi;
  readonly apiStage: apigw.HttpStage;
  /** Alarms (to one SNS topic) and the dashboard of the district's operator. */
  readonly operations: Operations;
  private readonly rawRetentionInDays: number;
  /** Every function the stack creates, for alarms on throttling. */
  private readonly createdFunctions: lambda.IFunction[] = [];
  readonly pulls: PullConnectors;
  /** The assignment queue, its dead-letter queue and its consumer. */
  readonly assignments: AssignmentPush;
  /** Teacher sign-in: user pool, app client and the JWT authorizer. */
  readonly auth: LablinkAuth;
  /** The teacher page: S3 behind CloudFront, the API on the same origin. */
  readonly teacherPage: TeacherPage;

  private readonly functionsDir: string | undefined;
  private readonly logRetention: logs.RetentionDays;
  private readonly functionEnvironment: Record<string, string>;
  private readonly districtFiles: StagedDistrictFiles | undefined;

  constructor(scope: Construct, id: string, props: LablinkStackProps = {}) {
    super(scope, id, props);
    this.functionsDir = props.functionsDir;
    this.rawRetentionInDays = props.rawRetentionInDays ?? DEFAULT_RAW_RETENTION_IN_DAYS;
    this.logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;

    this.table = this.createTable();
    this.accessLogsBucket = this.createAccessLogsBucket();
    this.ingestBucket = this.createIngestBucket();
    this.ingestFailureQueue = new sqs.Queue(this, 'IngestFailureQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(INGEST_FAILURE_RETENTION_IN_DAYS),
    });

    this.districtFiles = stageDistrictFiles(this, props.districtFiles);
    this.functionEnvironment = {
      [HANDLER_ENV.table]: this.table.tableName,
      [HANDLER_ENV.bucket]: this.ingestBucket.bucketName,
      ...(props.timeZone ? { [HANDLER_ENV.timeZone]: props.timeZone } : {}),
      LABLINK_AUDIT_RETENTION_DAYS: String(
        props.auditRetentionInDays ?? DEFAULT_AUDIT_RETENTION_DAYS,
      ),
      ...props.districtEnvironment,
      POWERTOOLS_SERVICE_NAME,
      LOG_LEVEL: props.logLevel ?? DEFAULT_LOG_LEVEL,
      NODE_OPTIONS: '--enable-source-maps',
      ...this.districtFiles?.environment,
    };

    this.ingestFunction = this.createIngestFunction(props);
    this.rollupFunction = this.createRollupFunction();
    this.releaseHeldFunction = this.createReleaseHeldFunction();
    this.routeFunctions = this.createRouteFunctions();
    this.auth = new LablinkAuth(this, 'Auth', { featurePlan: props.userPoolFeaturePlan });
    [this.api, this.apiStage] = this.createApi(props);
    this.pulls = new PullConnectors(this, 'Pulls', {
      connectors:
        props.connectors ??
        configuredConnectors(path.join(REPOSITORY_ROOT, CONNECTORS_FILE)),
      table: this.table,
      bucket: this.ingestBucket,
      createFunction: (id, entry, description, limits) =>
        this.createFunction(id, { entry, description, limits }),
      grantTableReadWrite: (fn) => this.grantTable(fn, 'readWrite'),
    });

    this.assignments = new AssignmentPush(this, 'Assignments', {
      table: this.table,
      bucket: this.ingestBucket,
      createFunction: (id, entry, description, limits) =>
        this.createFunction(id, { entry, description, limits }),
      grantTableReadWrite: (fn) => this.grantTable(fn, 'readWrite'),
    });
    this.assignments.grantEnqueue(this.routeFunctions.PostAssignments);

    this.operations = new Operations(this, 'Operations', {
      ingestFunction: this.ingestFunction,
      ingestFailureQueue: this.ingestFailureQueue,
      table: this.table,
      api: this.api,
      functions: this.createdFunctions,
    });

    this.teacherPage = new TeacherPage(this, 'TeacherPage', {
      userPool: this.auth.userPool,
      client: this.auth.client,
      api: this.api,
      accessLogsBucket: this.accessLogsBucket,
      logRetention: this.logRetention,
    });
    new CfnOutput(this, 'TeacherPageUrl', {
      value: this.teacherPage.url,
      description: "The teacher page; sign-in is the user pool's hosted UI.",
    });

    this.addOutputs();
    acknowledgeReviewedFindings(this, {
      userPoolFeaturePlan: props.userPoolFeaturePlan,
      runtimeName: LAMBDA_RUNTIME.name,
      bundleTarget: BUNDLE_TARGET,
    });
  }

  private createTable(): dynamodb.Table {
    const { partitionKey, sortKey, gsi1, ttlAttribute } = TABLE_DESIGN;
    const table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      timeToLiveAttribute: ttlAttribute,
    });
    table.addGlobalSecondaryIndex({
      indexName: gsi1.name,
      partitionKey: { name: gsi1.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: gsi1.sortKey, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });
    return table;
  }

  private createAccessLogsBucket(): s3.Bucket {
    return new s3.Bucket(this, 'AccessLogsBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      // S3 server access logging delivers only to SSE-S3 buckets.
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'expire-access-logs',
          expiration: Duration.days(ACCESS_LOG_EXPIRATION_IN_DAYS),
        },
      ],
    });
  }

  private createIngestBucket(): s3.Bucket {
    return new s3.Bucket(this, 'IngestBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'ingest-bucket/',
      lifecycleRules: [
        {
          id: 'expire-noncurrent-versions',
          noncurrentVersionExpiration: Duration.days(
            NONCURRENT_VERSION_EXPIRATION_IN_DAYS,
          ),
          abortIncompleteMultipartUploadAfter: Duration.days(
            INCOMPLETE_UPLOAD_EXPIRATION_IN_DAYS,
          ),
        },
        {
          // Raw pulled pages exist to replay runs; the district decides how long.
          id: 'expire-raw-zone',
          prefix: 'raw/',
          expiration: Duration.days(this.rawRetentionInDays),
        },
      ],
    });
  }

  private createIngestFunction(props: LablinkStackProps): nodejs.NodejsFunction {
    const fn = this.createFunction('IngestS3Object', {
      entry: EVENT_ENTRIES.ingestS3Object,
      description: `Ingests a vendor export dropped under ${INCOMING_PREFIX} into the table.`,
      limits: INGEST_LIMITS,
      options: {
        reservedConcurrentExecutions:
          props.ingestReservedConcurrency ?? INGEST_RESERVED_CONCURRENCY,
        retryAttempts: ASYNC_RETRY_ATTEMPTS,
        onFailure: new SqsDestination(this.ingestFailureQueue),
      },
    });
    this.grantIngestAccess(fn);
    this.ingestBucket.addEventNotification(
      s3.EventType.OBJECT_CREATED,
      new s3n.LambdaDestination(fn),
      { prefix: INCOMING_PREFIX },
    );
    return fn;
  }

  /**
   * What one ingest run needs: the table, the dropped exports under
   * `incoming/` (any version) and its outputs (rejects) under `runs/`.
   */
  private grantIngestAccess(fn: lambda.IFunction): void {
    this.grantTable(fn, 'readWrite');
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ReadIncomingExports',
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [this.ingestBucket.arnForObjects(`${INCOMING_PREFIX}*`)],
      }),
    );
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'WriteRunOutputs',
        actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
        resources: [this.ingestBucket.arnForObjects(`${RUNS_PREFIX}*`)],
      }),
    );
  }

  /**
   * Held files are read by the same use case as a drop, so the release gets
   * exactly the ingest function's access; its schedule is its only trigger.
   */
  private createReleaseHeldFunction(): nodejs.NodejsFunction {
    const schedule = SCHEDULES.releaseHeldFiles;
    const maxEventAge = Duration.seconds(RELEASE_HELD_MAX_EVENT_AGE_IN_SECONDS);
    const fn = this.createFunction('ReleaseHeldFiles', {
      entry: EVENT_ENTRIES.releaseHeldFiles,
      description: schedule.description,
      // A released file is a whole run, as long as a dropped one.
      limits: INGEST_LIMITS,
      options: {
        reservedConcurrentExecutions: RELEASE_HELD_RESERVED_CONCURRENCY,
        retryAttempts: ASYNC_RETRY_ATTEMPTS,
        maxEventAge,
      },
    });
    this.grantIngestAccess(fn);

    new events.Rule(this, 'ReleaseHeldFilesSchedule', {
      description: schedule.description,
      schedule: events.Schedule.expression(schedule.expression),
      targets: [
        new targets.LambdaFunction(fn, {
          retryAttempts: ASYNC_RETRY_ATTEMPTS,
          maxEventAge,
        }),
      ],
    });
    return fn;
  }

  private createRollupFunction(): nodejs.NodejsFunction {
    const schedule = SCHEDULES.rollupMastery;
    const maxEventAge = Duration.seconds(ROLLUP_MAX_EVENT_AGE_IN_SECONDS);
    const fn = this.createFunction('RollupMastery', {
      entry: EVENT_ENTRIES.rollupMastery,
      description: schedule.description,
      limits: ROLLUP_LIMITS,
      options: {
        reservedConcurrentExecutions: ROLLUP_RESERVED_CONCURRENCY,
        retryAttempts: ASYNC_RETRY_ATTEMPTS,
        maxEventAge,
      },
    });
    this.grantTable(fn, 'readWrite');

    new events.Rule(this, 'RollupMasterySchedule', {
      description: schedule.description,
      schedule: events.Schedule.expression(schedule.expression),
      targets: [
        new targets.LambdaFunction(fn, {
          retryAttempts: ASYNC_RETRY_ATTEMPTS,
          maxEventAge,
        }),
      ],
    });
    return fn;
  }

  /**
   * Route functions get the table access their route declares and nothing
   * else. An open route (`auth: 'none'`) reads no student data by the
   * contract of `ROUTES`, so its role gets no table access at all: a bug
   * there cannot leak data.
   */
  private createRouteFunctions(): Record<RouteId, nodejs.NodejsFunction> {
    const functions = {} as Record<RouteId, nodejs.NodejsFunction>;
    for (const route of ROUTES) {
      const fn = this.createFunction(route.id, {
        entry: route.entry,
        description: `Serves ${route.method} ${route.path} (table: ${route.tableAccess}).`,
        limits: REPORT_LIMITS,
      });
      const spec: RouteSpec = route;
      if (spec.auth === 'none' && spec.tableAccess !== 'none') {
        throw new Error(`${spec.id} is open, so it must not reach the table`);
      }
      if (spec.tableAccess === 'readAndAudit') {
        this.grantTable(fn, 'read');
        this.grantAuditWrites(fn);
      } else if (spec.tableAccess !== 'none') {
        this.grantTable(fn, spec.tableAccess);
      }
      if (spec.bucketAccess === 'runOutputs') {
        fn.addToRolePolicy(
          new iam.PolicyStatement({
            sid: 'ReadRunOutputs',
            actions: ['s3:GetObject'],
            resources: [this.ingestBucket.arnForObjects(`${RUNS_PREFIX}*`)],
          }),
        );
      }
      if (spec.bucketAccess === 'writeRunOutputs') {
        // One PutObject per rejects file (storage/s3-objects.ts), never multipart.
        fn.addToRolePolicy(
          new iam.PolicyStatement({
            sid: 'WriteRunOutputs',
            actions: ['s3:PutObject'],
            resources: [this.ingestBucket.arnForObjects(`${RUNS_PREFIX}*`)],
          }),
        );
      }
      functions[route.id] = fn;
    }
    return functions;
  }

  /**
   * A function with its own role and log group. The role starts with nothing
   * but writing to that log group (no AWSLambdaBasicExecutionRole, whose
   * resource is `*`); callers add exactly the data access it needs.
   */
  private createFunction(id: string, spec: FunctionSpec): nodejs.NodejsFunction {
    const logGroup = new logs.LogGroup(this, `${id}Logs`, {
      retention: this.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const role = new iam.Role(this, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the ${id} function.`,
    });
    logGroup.grantWrite(role);

    const fn = new nodejs.NodejsFunction(this, id, {
      entry: this.entryPath(spec.entry),
      handler: 'handler',
      description: spec.description,
      runtime: LAMBDA_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: spec.limits.memoryInMiB,
      timeout: Duration.seconds(spec.limits.timeoutInSeconds),
      role,
      logGroup,
      environment: this.functionEnvironment,
      projectRoot: REPOSITORY_ROOT,
      depsLockFilePath: path.join(REPOSITORY_ROOT, 'package-lock.json'),
      bundling: {
        target: BUNDLE_TARGET,
        format: nodejs.OutputFormat.CJS,
        minify: true,
        sourceMap: true,
        // The lock file, not the runtime's preinstalled copy, decides the SDK version.
        bundleAwsSDK: true,
        ...(this.districtFiles ? { commandHooks: this.districtFiles.commandHooks } : {}),
      },
      ...spec.options,
    });
    this.createdFunctions.push(fn);
    return fn;
  }

  private entryPath(entry: string): string {
    return this.functionsDir
      ? path.join(this.functionsDir, path.basename(entry))
      : path.join(REPOSITORY_ROOT, entry);
  }

  /** Item-level access to the table and its one index, never `dynamodb:*`. */
  private grantTable(fn: lambda.IFunction, access: 'read' | 'readWrite'): void {
    const indexArn = `${this.table.tableArn}/index/${TABLE_DESIGN.gsi1.name}`;
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ReadTable',
        actions: TABLE_READ_ACTIONS,
        resources: [this.table.tableArn, indexArn],
      }),
    );
    if (access === 'readWrite') {
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'WriteTable',
          actions: TABLE_WRITE_ACTIONS,
          resources: [this.table.tableArn],
        }),
      );
    }
  }

  /**
   * Report functions write the audit trail and nothing else: BatchWriteItem
   * (the entries of requests that run at once go together, see
   * storage/shared-calls.ts) only on items whose partition key starts with
   * `AUDIT#`. Known cost: IAM cannot tell a batch's puts from its deletes, so
   * a report function could delete audit items, as with PutItem it could
   * already overwrite them; a trail that must resist its own writers needs a
   * sink they cannot change (not built).
   */
  private grantAuditWrites(fn: lambda.IFunction): void {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'WriteAuditTrail',
        actions: ['dynamodb:BatchWriteItem'],
        resources: [this.table.tableArn],
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${AUDIT_PK_PREFIX}*`] },
        },
      }),
    );
  }

  private createApi(props: LablinkStackProps): [apigw.HttpApi, apigw.HttpStage] {
    const api = new apigw.HttpApi(this, 'Api', {
      description: 'Lablink teacher reports.',
      createDefaultStage: false,
    });
    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', {
      retention: this.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const stage = api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: {
        rateLimit: props.apiRateLimitPerSecond ?? API_THROTTLE_RATE_PER_SECOND,
        burstLimit: props.apiBurstLimit ?? API_THROTTLE_BURST_REQUESTS,
      },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(API_ACCESS_LOG_FIELDS)),
      },
    });

    const iamAuthorizer = new HttpIamAuthorizer();
    const authorizerFor = (auth: RouteAuth): apigw.IHttpRouteAuthorizer => {
      switch (auth) {
        case 'jwt':
          return this.auth.authorizer;
        case 'iam':
          return iamAuthorizer;
        case 'none':
        case 'vendorKey':
          // The handler verifies the vendor's hashed API key itself.
          return new apigw.HttpNoneAuthorizer();
        default:
          throw new Error(`no authorizer for routes of kind ${String(auth)}`);
      }
    };
    for (const route of ROUTES) {
      const fn = this.routeFunctions[route.id];
      api.addRoutes({
        path: route.path,
        methods: [apigw.HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${route.id}Integration`, fn, {
          payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
        }),
        authorizer: authorizerFor(route.auth),
      });
    }
    return [api, stage];
  }

  /** Names and URLs an operator needs; never anything read from the table. */
  private addOutputs(): void {
    new CfnOutput(this, 'ApiUrl', {
      value: this.apiStage.url,
      description: 'Base URL of the report API; teacher routes need a Cognito ID token.',
    });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.operations.alarmTopic.topicArn,
      description:
        'Subscribe the operator (e-mail or chat) to this topic for Lablink alarms.',
    });
    new CfnOutput(this, 'UserPoolClientId', {
      value: this.auth.client.userPoolClientId,
      description: 'App client of teacher tools; ID tokens issued to it call the API.',
    });
    new CfnOutput(this, 'IngestBucketName', { value: this.ingestBucket.bucketName });
    new CfnOutput(this, 'DropFileCommand', {
      value: `aws s3 cp file.csv s3://${this.ingestBucket.bucketName}/${INCOMING_PREFIX}<programId>/`,
      description: 'Ingests a vendor export: replace <programId> with the program id.',
    });
    new CfnOutput(this, 'IngestFailureQueueUrl', {
      value: this.ingestFailureQueue.queueUrl,
      description: 'Ingest events that failed after all retries land here.',
    });
  }

  routeFunctionList(): nodejs.NodejsFunction[] {
    return Object.values(this.routeFunctions);
  }
}
