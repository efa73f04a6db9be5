import { Match } from 'aws-cdk-lib/assertions';
import { buildApp } from './synth';

const { stack, template } = buildApp();
const only = <T>(resources: Record<string, T>): T => Object.values(resources)[0] as T;

describe('Construct: TeacherPage', () => {
  it('keeps the page bucket private, TLS-only and logged', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'web-bucket/' }),
    });
  });

  it('lets only this distribution read the bucket, through Origin Access Control', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 's3:GetObject',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it('sends CSP, HSTS, nosniff, DENY framing and no referrer on every answer', () => {
    const policy = only(
      template.findResources('AWS::CloudFront::ResponseHeadersPolicy'),
    ) as {
      Properties: {
        ResponseHeadersPolicyConfig: {
          SecurityHeadersConfig: Record<string, Record<string, unknown>>;
        };
      };
    };
    const headers = policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    const csp = JSON.stringify(headers.ContentSecurityPolicy!.ContentSecurityPolicy);

    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(headers.StrictTransportSecurity).toMatchObject({
      IncludeSubdomains: true,
      Override: true,
    });
    expect(
      headers.StrictTransportSecurity!.AccessControlMaxAgeSec as number,
    ).toBeGreaterThanOrEqual(31536000);
    expect(headers.ContentTypeOptions).toEqual({ Override: true });
    expect(headers.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(headers.ReferrerPolicy).toEqual({
      ReferrerPolicy: 'no-referrer',
      Override: true,
    });
  });

  it('serves the page over HTTPS and the API paths uncached on the same origin', () => {
    const dist = only(template.findResources('AWS::CloudFront::Distribution')) as {
      Properties: {
        DistributionConfig: {
          DefaultCacheBehavior: { ViewerProtocolPolicy: string };
          DefaultRootObject: string;
          Logging?: unknown;
          CacheBehaviors: {
            PathPattern: string;
            ViewerProtocolPolicy: string;
            CachePolicyId: string;
          }[];
        };
      };
    };
    const config = dist.Properties.DistributionConfig;

    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.Logging).toBeDefined();
    const apiPaths = config.CacheBehaviors.map(
      (b: { PathPattern: string }) => b.PathPattern,
    );
    expect(apiPaths).toEqual(
      expect.arrayContaining(['/me/*', '/classes/*', '/students/*', '/assignments/*']),
    );
    for (const behavior of config.CacheBehaviors) {
      expect(behavior.ViewerProtocolPolicy).toBe('https-only');
      // Managed-CachingDisabled: student data is never kept at the edge.
      expect(behavior.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad');
    }
  });

  it('gives the API app client the code flow back to the page only, and a hosted UI domain', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      CallbackURLs: [Match.objectLike({ 'Fn::Join': Match.anyValue() })],
    });
  });

  it('outputs the page URL', () => {
    template.hasOutput('TeacherPageUrl', {
      Value: { 'Fn::Join': ['', ['https://', Match.anyValue(), '/']] },
    });
    expect(stack.teacherPage.url).toMatch(/^https:\/\//);
  });
});
