/**
 * The teacher page on AWS: its built files in a private S3 bucket that only
 * CloudFront reads (Origin Access Control), strict security headers on every
 * answer, and the API's paths forwarded to the HTTP API on the same origin,
 * so the page needs no CORS and its CSP allows 'self' plus the sign-in
 * domain only. Sign-in is Cognito's hosted UI on the stack's user pool, with
 * the authorization code flow and PKCE for the existing app client.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  Annotations,
  Aws,
  Duration,
  Fn,
  RemovalPolicy,
  Stack,
  Validations,
} from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import {
  API_PATH_PATTERNS,
  contentSecurityPolicy,
  HSTS_MAX_AGE_IN_SECONDS,
} from '../web/security-headers';

/** Where `npm run build:web` writes the page. */
export const WEB_ASSETS_DIR = path.resolve(__dirname, '..', 'web', 'dist');
/** Hashed assets never change under their name; index.html and config.json are revalidated. */
export const ASSET_MAX_AGE_IN_DAYS = 365;
export const CLOUDFRONT_LOG_PREFIX = 'cloudfront/';
export const WEB_BUCKET_LOG_PREFIX = 'web-bucket/';

export interface TeacherPageProps {
  /** The user pool teachers sign in to; a hosted UI domain is added to it. */
  readonly userPool: cognito.UserPool;
  /** The app client the API's JWT authorizer accepts; it gains the code flow. */
  readonly client: cognito.UserPoolClient;
  /** The report API, served under the page's origin. */
  readonly api: apigw.HttpApi;
  /** Where the page bucket's server access logs and CloudFront's logs go. */
  readonly accessLogsBucket: s3.IBucket;
  /**
   * The built page.
   * @default WEB_ASSETS_DIR (web/dist); when missing, a page saying to build it
   */
  readonly assetsDir?: string;
  /**
   * Prefix of the Cognito hosted UI domain (`<prefix>.auth.<region>.amazoncognito.com`),
   * unique in the region.
   * @default `lablink-<account id>`
   */
  readonly domainPrefix?: string;
  /**
   * ARN of a WAF web ACL (scope CLOUDFRONT, made in us-east-1) in front of the page.
   * @default - none; rate limits of the HTTP API still apply to API paths
   */
  readonly webAclId?: string;
  /**
   * How long the deployment handler's logs are kept.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * CloudFront edge locations the page is served from.
   * @default cloudfront.PriceClass.PRICE_CLASS_100 (North America and Europe)
   */
  readonly priceClass?: cloudfront.PriceClass;
}

export class TeacherPage extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly signInDomain: cognito.UserPoolDomain;
  /** `https://<distribution domain>/` */
  readonly url: string;

  constructor(scope: Construct, id: string, props: TeacherPageProps) {
    super(scope, id);

    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: WEB_BUCKET_LOG_PREFIX,
      // Built files: a new deployment writes them again, so nothing is lost.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.signInDomain = props.userPool.addDomain('SignInDomain', {
      cognitoDomain: { domainPrefix: props.domainPrefix ?? `lablink-${Aws.ACCOUNT_ID}` },
    });
    const signInOrigin = this.signInDomain.baseUrl();

    this.distribution = this.createDistribution(props, signInOrigin);
    this.url = `https://${this.distribution.distributionDomainName}/`;
    this.allowCodeFlow(props.client);
    this.deploy(props, signInOrigin);
    this.acknowledgeReviewedFindings(props);
  }

  private createDistribution(props: TeacherPageProps, signInOrigin: string) {
    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Lablink teacher page: CSP, HSTS, no framing, no sniffing, no referrer.',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: contentSecurityPolicy(signInOrigin),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.seconds(HSTS_MAX_AGE_IN_SECONDS),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER,
          override: true,
        },
      },
      customHeadersBehavior: {
        customHeaders: [
          {
            header: 'Permissions-Policy',
            value: 'camera=(), microphone=(), geolocation=(), payment=()',
            override: true,
          },
          { header: 'Cross-Origin-Opener-Policy', value: 'same-origin', override: true },
        ],
      },
    });

    // https://<id>.execute-api.<region>.amazonaws.com → its host.
    const apiHost = Fn.select(2, Fn.split('/', props.api.apiEndpoint));
    const apiBehavior: cloudfront.BehaviorOptions = {
      origin: new origins.HttpOrigin(apiHost, {
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      }),
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      // Student data is never cached at the edge; with caching off, AllViewer
      // policies may forward the Authorization header the API verifies.
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: headers,
    };

    const logBucket = new s3.Bucket(this, 'CloudFrontLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      // CloudFront's standard logs are delivered with ACLs.
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: CLOUDFRONT_LOG_PREFIX,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    return new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Lablink teacher page',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
      },
      additionalBehaviors: Object.fromEntries(
        API_PATH_PATTERNS.map((p) => [p, apiBehavior]),
      ),
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: props.priceClass ?? cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket,
      logFilePrefix: CLOUDFRONT_LOG_PREFIX,
      webAclId: props.webAclId,
    });
  }

  /**
   * The API's app client gains the hosted UI's code flow, returning to this
   * page only; its ID tokens keep the audience the JWT authorizer accepts.
   */
  private allowCodeFlow(client: cognito.UserPoolClient): void {
    const cfn = client.node.defaultChild as cognito.CfnUserPoolClient;
    cfn.allowedOAuthFlowsUserPoolClient = true;
    cfn.allowedOAuthFlows = ['code'];
    cfn.allowedOAuthScopes = ['openid', 'email', 'profile'];
    cfn.supportedIdentityProviders = ['COGNITO'];
    cfn.callbackUrLs = [this.url];
    cfn.logoutUrLs = [this.url];
  }

  private deploy(props: TeacherPageProps, signInOrigin: string): void {
    const dir = props.assetsDir ?? WEB_ASSETS_DIR;
    const built = fs.existsSync(path.join(dir, 'index.html'));
    if (!built)
      Annotations.of(this).addWarningV2(
        'lablink:web-not-built',
        `${dir} has no index.html: run npm run build:web before cdk deploy; a placeholder is deployed.`,
      );
    const page = built
      ? s3deploy.Source.asset(dir, { exclude: ['assets/**'] })
      : s3deploy.Source.data(
          'index.html',
          '<!doctype html><title>Lablink</title><p>Not built.</p>',
        );
    const config = s3deploy.Source.jsonData('config.json', {
      authUrl: signInOrigin,
      clientId: props.client.userPoolClientId,
      apiUrl: '',
    });

    // One log group for the one handler both deployments share.
    const logGroup = new logs.LogGroup(this, 'DeploymentLogs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Entry files revalidate every time; hashed assets are cached a year.
    new s3deploy.BucketDeployment(this, 'DeployEntry', {
      destinationBucket: this.bucket,
      sources: [page, config],
      cacheControl: [s3deploy.CacheControl.noCache()],
      prune: false,
      logGroup,
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/config.json', '/'],
    });
    if (built)
      new s3deploy.BucketDeployment(this, 'DeployAssets', {
        destinationBucket: this.bucket,
        destinationKeyPrefix: 'assets/',
        sources: [s3deploy.Source.asset(path.join(dir, 'assets'))],
        cacheControl: [
          s3deploy.CacheControl.setPublic(),
          s3deploy.CacheControl.maxAge(Duration.days(ASSET_MAX_AGE_IN_DAYS)),
          s3deploy.CacheControl.immutable(),
        ],
        prune: false,
        logGroup,
      });
  }

  private acknowledgeReviewedFindings(props: TeacherPageProps): void {
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'Teachers open the page from home, school and travel; sign-in (Cognito with ' +
          'MFA) and roster authorization on every API call protect the data, not location.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The default *.cloudfront.net certificate fixes the viewer TLS policy; a district ' +
          'that adds its own domain and certificate sets TLSv1.2_2021 with it.',
      },
    );
    if (!props.webAclId)
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR2',
        reason:
          'A CloudFront web ACL must live in us-east-1 and costs per rule; districts pass ' +
          'webAclId to add one. The API paths keep the HTTP API stage throttling.',
      });
    this.acknowledgeDeploymentHandler();
  }

  /** aws-cdk-lib's own custom resource that copies the files at deploy time. */
  private acknowledgeDeploymentHandler(): void {
    const stack = Stack.of(this);
    const handler = stack.node.children.find((c) =>
      c.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    if (!handler) return;
    const why =
      "aws-cdk-lib's BucketDeployment handler, which runs only during deployments to copy " +
      'the built page from the CDK asset bucket into the page bucket and invalidate CloudFront';
    Validations.of(handler).acknowledge({
      id: 'AwsSolutions-L1',
      reason: `${why}; aws-cdk-lib picks its Python runtime.`,
    });
    const bucketArn = `<${stack.getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket)}.Arn>`;
    const role = handler.node.findChild('ServiceRole');
    Validations.of(role).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: `${why}; the managed policy only lets it write its own logs.`,
      },
      ...[
        'Action::s3:GetBucket*',
        'Action::s3:GetObject*',
        'Action::s3:List*',
        'Action::s3:Abort*',
        'Action::s3:DeleteObject*',
        'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*',
        `Resource::${bucketArn}/*`,
      ].map((finding) => ({
        id: `AwsSolutions-IAM5[${finding}]`,
        reason: `${why}: CDK grants read on the asset bucket and write on the page bucket, objects only.`,
      })),
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: `${why}: cloudfront:CreateInvalidation and GetInvalidation take no resource narrower than *.`,
      },
    );
  }
}
