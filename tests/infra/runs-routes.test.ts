/** The runs routes for district data staff: what their functions may touch. */
import type { Template } from 'aws-cdk-lib/assertions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { LablinkStack } from '../../infra/lablink-stack';
import { ROUTES } from '../../infra/routes';
import {
  asList,
  logicalIdOf,
  statementsAllowing,
  statementsOf,
  type PolicyStatement,
} from './policies';
import { buildApp } from './synth';

let stack: LablinkStack;
let template: Template;

beforeAll(() => {
  ({ stack, template } = buildApp());
});

const statements = (fn: IFunction): PolicyStatement[] => statementsOf(template, fn);

describe('Runs routes', () => {
  it('are IAM-authorized', () => {
    const runsRoutes = ROUTES.filter((r) => r.path.startsWith('/ingest/runs'));

    expect(runsRoutes.map((r) => [r.id, r.auth])).toEqual([
      ['GetIngestRuns', 'iam'],
      ['GetRunRejects', 'iam'],
    ]);
  });

  it('let the rejects route read objects only under runs/, and write none', () => {
    const s3 = statementsAllowing(statements(stack.routeFunctions.GetRunRejects), /^s3:/);

    expect(s3).toHaveLength(1);
    expect(asList(s3[0]!.Action)).toEqual(['s3:GetObject']);
    expect(s3[0]?.Resource).toEqual({
      'Fn::Join': [
        '',
        [{ 'Fn::GetAtt': [logicalIdOf(stack.ingestBucket), 'Arn'] }, '/runs/*'],
      ],
    });
  });

  it('give the runs list no access to the bucket', () => {
    expect(
      statementsAllowing(statements(stack.routeFunctions.GetIngestRuns), /^s3:/),
    ).toEqual([]);
  });
});
