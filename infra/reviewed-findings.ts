/**
 * The cdk-nag findings of the Lablink stack that were reviewed and accepted,
 * kept apart from the resources so the stack reads as what it builds.
 */
import { CfnResource, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type { LablinkStack } from './lablink-stack';
import { INCOMING_PREFIX, RUNS_PREFIX } from './config';
import { ROUTES, type RouteSpec } from './routes';

/**
 * cdk-nag findings reviewed and accepted, each acknowledged on the one
 * construct it is about, finding by finding, with why it is acceptable.
 * Everything else cdk-nag reports is fixed in the resources above.
 */
export function acknowledgeReviewedFindings(
  stack: LablinkStack,
  settings: {
    userPoolFeaturePlan: cognito.FeaturePlan | undefined;
    /** The stack's LAMBDA_RUNTIME and BUNDLE_TARGET, named in the L1 reason. */
    runtimeName: string;
    bundleTarget: string;
  },
): void {
  const { userPoolFeaturePlan, runtimeName, bundleTarget } = settings;
  const bucket = stack.ingestBucket.node.defaultChild as CfnResource;
  const bucketArn = `<${stack.getLogicalId(bucket)}.Arn>`;
  // The release of held files runs the ingest use case on files dropped
  // earlier, so its role has the ingest role's two prefix grants, no more.
  for (const fn of [stack.ingestFunction, stack.releaseHeldFunction]) {
    Validations.of(stack.node.findChild(`${fn.node.id}Role`)).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::${bucketArn}/${INCOMING_PREFIX}*]`,
        reason:
          'Districts choose the object keys when they drop exports ' +
          `(${INCOMING_PREFIX}<programId>/<file>), so reads are scoped to that prefix ` +
          'and to s3:GetObject and s3:GetObjectVersion only.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::${bucketArn}/${RUNS_PREFIX}*]`,
        reason:
          'Run outputs are keyed by a run id made at ingest time, so writes are scoped ' +
          `to the ${RUNS_PREFIX} prefix, which the ${INCOMING_PREFIX} trigger does not watch.`,
      },
    );
  }
  for (const route of ROUTES) {
    const spec: RouteSpec = route;
    if (spec.bucketAccess === undefined || spec.bucketAccess === 'none') continue;
    Validations.of(stack.node.findChild(`${spec.id}Role`)).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${bucketArn}/${RUNS_PREFIX}*]`,
      reason:
        spec.bucketAccess === 'runOutputs'
          ? `Data staff download any run's rejects, keyed by run id under ${RUNS_PREFIX}; ` +
            'the read is s3:GetObject on that prefix only.'
          : `A push writes its run's rejects file, keyed by a run id made at request time, ` +
            `under ${RUNS_PREFIX}; the write is s3:PutObject on that prefix only, which ` +
            `the ${INCOMING_PREFIX} trigger does not watch.`,
    });
  }

  if (
    (userPoolFeaturePlan ?? cognito.FeaturePlan.ESSENTIALS) !== cognito.FeaturePlan.PLUS
  ) {
    Validations.of(stack.auth.userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        'Threat protection needs the Plus plan, billed per active user; sign-in already ' +
        'requires TOTP MFA and a strong password, and districts opt into Plus with the ' +
        'userPoolFeaturePlan prop.',
    });
  }

  Validations.of(stack.ingestFailureQueue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason:
      'This queue is itself the on-failure destination of the ingest function; failed ' +
      'events stay here for inspection and redrive, so a further DLQ would add nothing.',
  });

  for (const fn of [
    stack.ingestFunction,
    stack.rollupFunction,
    stack.releaseHeldFunction,
    ...stack.routeFunctionList(),
  ]) {
    Validations.of(fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        `LAMBDA_RUNTIME pins ${runtimeName} deliberately: bundles target ` +
        `${bundleTarget} so the local stack runs them on Node 20, and this is the ` +
        'nearest supported Lambda runtime; moving up is a one-constant change once the ' +
        'handlers are tested on the newer one.',
    });
  }

  for (const route of ROUTES.filter((r) => r.auth === 'none')) {
    const routeConstruct = stack.api.node.findChild(
      `${route.method}-${route.path.replace(/\//g, '-')}`,
    );
    Validations.of(routeConstruct).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        `${route.method} ${route.path} is open by design (uptime checks, the API ` +
        'description) and its function has no table access, so it cannot return ' +
        'student or class data.',
    });
  }

  for (const route of ROUTES.filter((r) => r.auth === 'vendorKey')) {
    // HttpApi names a route `${method}${path}`; construct ids turn each `/` into `--`.
    const routeConstruct = stack.api.node.findChild(
      `${route.method}${route.path.replace(/\//g, '--')}`,
    );
    Validations.of(routeConstruct).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        `${route.method} ${route.path} takes events from vendor systems, which cannot ` +
        'sign with IAM or hold a teacher token; the handler accepts only a vendor API ' +
        'key whose SHA-256 is stored for one program, compared in constant time.',
    });
  }

  const notificationsHandler = stack.node.children.find((child) =>
    child.node.id.startsWith('BucketNotificationsHandler'),
  );
  if (notificationsHandler) {
    Validations.of(notificationsHandler).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        "aws-cdk-lib's own custom resource that sets the bucket's event notification " +
        'during deployments; CDK defines its role, and it never reads objects or the table.',
    });
  }
}
