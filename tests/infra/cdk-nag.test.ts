import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import type { LablinkStack } from '../../infra/lablink-stack';
import { buildApp } from './synth';

/** A reason says what makes the finding acceptable, not just that it is. */
const MIN_REASON_LENGTH = 60;

interface Acknowledgment {
  readonly path: string;
  readonly id: string;
  readonly reason: string;
}

function acknowledgmentsIn(scope: IConstruct): Acknowledgment[] {
  return scope.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id: id.replace(/^Annotation::/, ''),
          reason,
        })),
      ),
  );
}

let stack: LablinkStack;

beforeAll(() => {
  ({ stack } = buildApp());
});

describe('cdk-nag AwsSolutionsChecks', () => {
  it('reports no unacknowledged error or warning', () => {
    const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(
      stack,
    );
    const findings = report.violations.map(
      (v) =>
        `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );

    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('acknowledges findings only on specific resources, never on the stack or app', () => {
    const acknowledgments = acknowledgmentsIn(stack);

    expect(acknowledgments.length).toBeGreaterThan(0);
    for (const { path } of acknowledgments) {
      expect(path).not.toBe(stack.node.path);
    }
    expect(acknowledgmentsIn(stack.node.root).length).toBe(acknowledgments.length);
  });

  it('acknowledges wildcard permissions one finding at a time', () => {
    const wildcards = acknowledgmentsIn(stack).filter((a) =>
      a.id.startsWith('AwsSolutions-IAM'),
    );

    for (const { id } of wildcards) {
      expect(id).toMatch(/^AwsSolutions-IAM[45]\[(Resource|Action|Policy)::.+\]$/);
    }
  });

  it('gives every acknowledgment a written reason', () => {
    for (const { id, reason } of acknowledgmentsIn(stack)) {
      expect({ id, long: reason.length >= MIN_REASON_LENGTH }).toEqual({
        id,
        long: true,
      });
    }
  });

  it('acknowledges exactly the reviewed rules', () => {
    const ids = [
      ...new Set(acknowledgmentsIn(stack).map((a) => a.id.replace(/\[.*$/, ''))),
    ];

    expect(ids.sort()).toEqual([
      'AwsSolutions-APIG4',
      // The teacher page's distribution (infra/web.ts): geo, WAF, default certificate.
      'AwsSolutions-CFR1',
      'AwsSolutions-CFR2',
      'AwsSolutions-CFR4',
      'AwsSolutions-COG8',
      'AwsSolutions-IAM4',
      'AwsSolutions-IAM5',
      'AwsSolutions-L1',
      'AwsSolutions-SQS3',
    ]);
  });
});
