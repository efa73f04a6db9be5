import type { Template } from 'aws-cdk-lib/assertions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  LablinkStack,
  TABLE_READ_ACTIONS,
  TABLE_WRITE_ACTIONS,
} from '../../infra/lablink-stack';
import {
  actionsOf,
  asList,
  logicalIdOf,
  statementsAllowing,
  statementsOf,
  type PolicyStatement,
} from './policies';
import { buildApp } from './synth';
import { ROUTES, type RouteId } from '../../infra/routes';

const LOG_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'];
const WRITES =
  /^(dynamodb:(Put|Update|Delete|BatchWrite|PartiQL(Insert|Update|Delete))|s3:(Put|Delete|Abort))/;

let stack: LablinkStack;
let template: Template;

beforeAll(() => {
  ({ stack, template } = buildApp());
});

const statements = (fn: IFunction): PolicyStatement[] => statementsOf(template, fn);
const objectArn = (suffix: string) => ({
  'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalIdOf(stack.ingestBucket), 'Arn'] }, suffix]],
});
const tableArn = () => ({ 'Fn::GetAtt': [logicalIdOf(stack.table), 'Arn'] });

describe('Least privilege', () => {
  it('attaches no managed policy to any Lablink function role', () => {
    const roles = template.findResources('AWS::IAM::Role');
    const lablinkRoles = [
      stack.ingestFunction,
      stack.rollupFunction,
      stack.releaseHeldFunction,
      ...Object.values(stack.routeFunctions),
    ].map((fn) => roles[logicalIdOf(fn.role!)]);

    for (const role of lablinkRoles) {
      expect(role?.Properties.ManagedPolicyArns).toBeUndefined();
      expect(role?.Properties.Policies).toBeUndefined();
    }
  });

  it('lets the /me/classes report only read the table and write its own logs', () => {
    const allowed = statements(stack.routeFunctions.GetMeClasses);

    expect(actionsOf(allowed)).toEqual([...TABLE_READ_ACTIONS, ...LOG_ACTIONS].sort());
    expect(statementsAllowing(allowed, WRITES)).toEqual([]);
  });

  it.each(
    ROUTES.filter((r) => r.tableAccess === 'readAndAudit').map((r) => r.id as RouteId),
  )('lets the %s report read the table and batch-write audit items only', (routeId) => {
    const allowed = statements(stack.routeFunctions[routeId]);
    const writes = statementsAllowing(allowed, WRITES);

    expect(actionsOf(allowed)).toEqual(
      [...TABLE_READ_ACTIONS, 'dynamodb:BatchWriteItem', ...LOG_ACTIONS].sort(),
    );
    expect(writes).toEqual([
      {
        Sid: 'WriteAuditTrail',
        Effect: 'Allow',
        Action: 'dynamodb:BatchWriteItem',
        Resource: tableArn(),
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT#*'] } },
      },
    ]);
  });

  it.each(['GetHealth', 'GetOpenApi'] as const)(
    'gives the open %s route no data access at all',
    (routeId) => {
      expect(actionsOf(statements(stack.routeFunctions[routeId]))).toEqual(LOG_ACTIONS);
    },
  );

  it('lets ingest read objects only under incoming/', () => {
    const reads = statementsAllowing(statements(stack.ingestFunction), /^s3:Get/);

    expect(reads).toHaveLength(1);
    expect(reads[0]?.Resource).toEqual(objectArn('/incoming/*'));
    expect(asList(reads[0]!.Action).sort()).toEqual([
      's3:GetObject',
      's3:GetObjectVersion',
    ]);
  });

  it('lets ingest write objects only under runs/', () => {
    const writes = statementsAllowing(statements(stack.ingestFunction), /^s3:/).filter(
      (s) => asList(s.Action).some((a) => WRITES.test(a)),
    );

    expect(writes).toHaveLength(1);
    expect(writes[0]?.Resource).toEqual(objectArn('/runs/*'));
    expect(asList(writes[0]!.Action).sort()).toEqual([
      's3:AbortMultipartUpload',
      's3:PutObject',
    ]);
  });

  it.each(['PostIngestXapi', 'PostIngestCaliper'] as const)(
    'lets the %s push route put its rejects file under runs/ and touch nothing else in the bucket',
    (routeId) => {
      const s3 = statementsAllowing(statements(stack.routeFunctions[routeId]), /^s3:/);

      expect(s3).toEqual([
        {
          Sid: 'WriteRunOutputs',
          Effect: 'Allow',
          Action: 's3:PutObject',
          Resource: objectArn('/runs/*'),
        },
      ]);
    },
  );

  it('lets ingest and rollup write table items, and nothing but the table', () => {
    for (const fn of [stack.ingestFunction, stack.rollupFunction]) {
      const writes = statementsAllowing(statements(fn), /^dynamodb:/).filter((s) =>
        asList(s.Action).some((a) => WRITES.test(a)),
      );

      expect(writes).toHaveLength(1);
      expect(asList(writes[0]!.Action).sort()).toEqual([...TABLE_WRITE_ACTIONS].sort());
      expect(writes[0]?.Resource).toEqual(tableArn());
    }
  });

  it('gives rollup no access to the bucket', () => {
    expect(statementsAllowing(statements(stack.rollupFunction), /^s3:/)).toEqual([]);
  });

  it('never grants a wildcard action or a "*" resource to a Lablink function', () => {
    for (const fn of [
      stack.ingestFunction,
      stack.rollupFunction,
      stack.releaseHeldFunction,
      ...Object.values(stack.routeFunctions),
    ]) {
      for (const statement of statements(fn)) {
        expect(asList(statement.Action).filter((a) => a.includes('*'))).toEqual([]);
        expect(asList(statement.Resource)).not.toContain('*');
      }
    }
  });

  it('gives the release of held files exactly the access of ingest, and nothing else', () => {
    const release = statements(stack.releaseHeldFunction);
    const ingest = statements(stack.ingestFunction);
    // Ingest also sends failed events to its queue; a failed release is
    // covered by the next scheduled one, so it has no queue to send to.
    const data = (list: PolicyStatement[]) => statementsAllowing(list, /^(dynamodb|s3):/);

    expect(data(release)).toEqual(data(ingest));
    expect(statementsAllowing(release, /^s3:/).map((s) => s.Resource)).toEqual([
      objectArn('/incoming/*'),
      objectArn('/runs/*'),
    ]);
    expect(actionsOf(release)).toEqual(
      [
        ...TABLE_READ_ACTIONS,
        ...TABLE_WRITE_ACTIONS,
        's3:AbortMultipartUpload',
        's3:GetObject',
        's3:GetObjectVersion',
        's3:PutObject',
        ...LOG_ACTIONS,
      ].sort(),
    );
  });

  it('reads the table only through its own ARN and the gsi1 index', () => {
    const reads = statementsAllowing(
      statements(stack.rollupFunction),
      /^dynamodb:Query$/,
    );

    expect(reads[0]?.Resource).toEqual([
      tableArn(),
      { 'Fn::Join': ['', [tableArn(), '/index/gsi1']] },
    ]);
  });
});
