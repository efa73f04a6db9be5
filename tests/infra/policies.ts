/** Reading the IAM policies of a synthesized template, for least-privilege tests. */
import { Stack, type CfnResource } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: unknown;
}

interface PolicyResource {
  Properties: {
    Roles?: Array<{ Ref?: string }>;
    PolicyDocument: { Statement: PolicyStatement[] };
  };
}

export const asList = <T>(value: T | T[]): T[] =>
  Array.isArray(value) ? value : [value];

export function logicalIdOf(construct: { node: { defaultChild?: unknown } }): string {
  const resource = construct.node.defaultChild as CfnResource;
  return Stack.of(resource).getLogicalId(resource);
}

/** Every statement of every policy attached to the function's execution role. */
export function statementsOf(template: Template, fn: IFunction): PolicyStatement[] {
  if (!fn.role) throw new Error(`${fn.node.path} has no role`);
  const roleId = logicalIdOf(fn.role);
  const policies = Object.values(
    template.findResources('AWS::IAM::Policy'),
  ) as PolicyResource[];
  return policies
    .filter((policy) => policy.Properties.Roles?.some((role) => role.Ref === roleId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

export function actionsOf(statements: PolicyStatement[]): string[] {
  return [...new Set(statements.flatMap((s) => asList(s.Action)))].sort();
}

/** The statements that allow an action matching `pattern`. */
export function statementsAllowing(
  statements: PolicyStatement[],
  pattern: RegExp,
): PolicyStatement[] {
  return statements.filter(
    (s) => s.Effect === 'Allow' && asList(s.Action).some((a) => pattern.test(a)),
  );
}
