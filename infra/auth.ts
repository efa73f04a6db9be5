/**
 * Teacher sign-in: a Cognito user pool whose ID tokens carry the caller's
 * role and roster id, an app client for the district's tools, a group per
 * role, and the HTTP API JWT authorizer that verifies those tokens before any
 * teacher route runs. The handlers then authorize by roster on every request.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ROLES } from '../shared/auth/principal';

/** Custom attribute names without Cognito's `custom:` prefix (claims carry it). */
export const CUSTOM_ATTRIBUTES = {
  role: 'role',
  userId: 'lablink_user_id',
  schoolId: 'school_id',
} as const;

/** ID tokens live one hour: a revoked user keeps at most that long. */
export const ID_TOKEN_VALIDITY_IN_MINUTES = 60;
/** A teacher signs in again after a school week. */
export const REFRESH_TOKEN_VALIDITY_IN_DAYS = 7;
export const MIN_PASSWORD_LENGTH = 12;

export interface LablinkAuthProps {
  /**
   * Cognito feature plan. PLUS adds threat protection (compromised
   * credentials, adaptive authentication) at a per-user monthly cost.
   * @default cognito.FeaturePlan.ESSENTIALS
   */
  readonly featurePlan?: cognito.FeaturePlan;
  /**
   * What happens to the user pool when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

export class LablinkAuth extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  /** The JWT authorizer of every `auth: 'jwt'` route. */
  readonly authorizer: HttpUserPoolAuthorizer;

  constructor(scope: Construct, id: string, props: LablinkAuthProps = {}) {
    super(scope, id);

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      // Accounts come from the district (roster), never from self sign-up.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: MIN_PASSWORD_LENGTH,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: props.featurePlan ?? cognito.FeaturePlan.ESSENTIALS,
      customAttributes: {
        [CUSTOM_ATTRIBUTES.role]: new cognito.StringAttribute({ mutable: true }),
        [CUSTOM_ATTRIBUTES.userId]: new cognito.StringAttribute({ mutable: true }),
        [CUSTOM_ATTRIBUTES.schoolId]: new cognito.StringAttribute({ mutable: true }),
      },
      deletionProtection: true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });

    for (const role of ROLES) {
      new cognito.CfnUserPoolGroup(this, `Group-${role}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: role,
        description: `Lablink ${role.replace('_', ' ')}s.`,
      });
    }

    const custom = Object.values(CUSTOM_ATTRIBUTES);
    this.client = this.userPool.addClient('ReportClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.minutes(ID_TOKEN_VALIDITY_IN_MINUTES),
      accessTokenValidity: Duration.minutes(ID_TOKEN_VALIDITY_IN_MINUTES),
      refreshTokenValidity: Duration.days(REFRESH_TOKEN_VALIDITY_IN_DAYS),
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true })
        .withCustomAttributes(...custom),
      // A user must never set their own role, roster id or school: only
      // administrators (AdminUpdateUserAttributes) write these.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({}),
    });

    this.authorizer = new HttpUserPoolAuthorizer('TeacherAuthorizer', this.userPool, {
      userPoolClients: [this.client],
      identitySource: ['$request.header.Authorization'],
    });
  }
}
