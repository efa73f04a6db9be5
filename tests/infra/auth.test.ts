import { Match, type Template } from 'aws-cdk-lib/assertions';
import type { LablinkStack } from '../../infra/lablink-stack';
import { ROLES } from '../../shared/auth/principal';
import { logicalIdOf } from './policies';
import { buildApp } from './synth';

let stack: LablinkStack;
let template: Template;

beforeAll(() => {
  ({ stack, template } = buildApp());
});

describe('Teacher sign-in', () => {
  it('keeps one user pool, without self sign-up, with TOTP MFA and strong passwords', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 1);
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        DeletionProtection: 'ACTIVE',
        Policies: {
          PasswordPolicy: Match.objectLike({
            MinimumLength: 12,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          }),
        },
      }),
    });
  });

  it('declares the role, roster id and school the tokens carry', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      Schema: Match.arrayWith([
        Match.objectLike({ Name: 'role', Mutable: true }),
        Match.objectLike({ Name: 'lablink_user_id', Mutable: true }),
        Match.objectLike({ Name: 'school_id', Mutable: true }),
      ]),
    });
  });

  it('has a group per role, for cognito:groups', () => {
    for (const role of ROLES) {
      template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: role });
    }
  });

  it('lets no user write their own role, roster id or school through the app client', () => {
    const client = Object.values(
      template.findResources('AWS::Cognito::UserPoolClient'),
    )[0];

    expect(client?.Properties.GenerateSecret).toBe(false);
    expect(client?.Properties.WriteAttributes ?? []).toEqual([]);
    expect(client?.Properties.ReadAttributes).toEqual(
      expect.arrayContaining([
        'custom:role',
        'custom:lablink_user_id',
        'custom:school_id',
      ]),
    );
  });

  it('verifies tokens with a JWT authorizer on this pool and its app client', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: logicalIdOf(stack.auth.client) }],
        Issuer: {
          'Fn::Join': ['', Match.arrayWith([{ Ref: logicalIdOf(stack.auth.userPool) }])],
        },
      },
    });
  });

  it('keeps audit items for the district retention setting', () => {
    const { template: short } = buildApp({ props: { auditRetentionInDays: 30 } });

    short.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ LABLINK_AUDIT_RETENTION_DAYS: '30' }),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ LABLINK_AUDIT_RETENTION_DAYS: '365' }),
      },
    });
  });
});
