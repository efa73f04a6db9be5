/**
 * GET /students/{studentId}/standards/{code} through its real handler on
 * dynalite: the state with its evidence in order and each score's share.
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { DynamoStore } from '../../storage/dynamodb-store';
import { deliverRun, evidenceAt, startMasteryTable } from '../support/mastery-evidence';

let store: DynamoStore;
let stop: () => Promise<void>;
let handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>;

beforeAll(async () => {
  ({ store, stop } = await startMasteryTable());
  const endpoint = (
    store as unknown as { doc: { config: { endpoint: () => Promise<{ port: number }> } } }
  ).doc.config.endpoint;
  const { port } = await endpoint();
  Object.assign(process.env, {
    LABLINK_TABLE: 'lablink-mastery',
    AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${port}`,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  ({ handler } = (await import('../../functions/get-student-standard.js')) as never);
  await store.putEnrollments([{ classId: 'C-x', userId: 'x1', role: 'student' }]);
  const at = (id: string, minute: number, score: number, status?: 'exempt') =>
    evidenceAt({
      id,
      studentId: 'x1',
      standard: '6.SP.B.4',
      minute,
      score,
      status,
      runId: 'run-x',
    });
  // Arrives out of order; x2 is exempt and never counts.
  await deliverRun(store, { evidence: store, mastery: store, roster: store }, 'run-x', [
    at('x3', 3, 0),
    at('x1', 1, 1),
    at('x2', 2, 0, 'exempt'),
    at('x0', 0, 0.5),
  ]);
});
afterAll(() => stop());

async function get(studentId: string, code: string) {
  const event = {
    rawPath: `/students/${studentId}/standards/${code}`,
    pathParameters: { studentId, code },
    routeKey: 'GET /students/{studentId}/standards/{code}',
    requestContext: {
      http: { method: 'GET' },
      requestId: `explain-${studentId}-${code}`,
      // As API Gateway's JWT authorizer hands them over: a district admin.
      authorizer: {
        jwt: { claims: { sub: 'test-admin', 'custom:role': 'district_admin' } },
      },
    },
    headers: {},
  } as unknown as APIGatewayProxyEventV2;
  const res = (await handler(event, {} as Context)) as {
    statusCode: number;
    body: string;
  };
  return {
    status: res.statusCode,
    body: JSON.parse(res.body) as Record<string, unknown>,
  };
}

describe('GET /students/{studentId}/standards/{code}', () => {
  it('lists the evidence in order with decaying-average shares that add up to 1', async () => {
    const res = await get('x1', 'CCSS.Math.Content.6.SP.B.4');

    expect(res.status).toBe(200);
    const evidence = res.body.evidence as {
      evidenceId: string;
      weight: number;
      counted: boolean;
      score?: number;
    }[];
    expect(evidence.map((e) => [e.evidenceId, e.counted])).toEqual([
      ['x0', true],
      ['x1', true],
      ['x2', false],
      ['x3', true],
    ]);
    // 0.5, 1, 0 with w 0.65: shares 0.35^2, 0.65 x 0.35, 0.65
    const weights = evidence.map((e) => e.weight);
    [0.1225, 0.2275, 0, 0.65].forEach((w, i) => expect(weights[i]).toBeCloseTo(w, 12));
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(res.body).toMatchObject({
      method: 'decaying_average',
      evidenceCount: 3,
      policyFrom: 'district',
    });
    // 0.1225 x 0.5 + 0.2275 x 1 = 0.28875, reported to three decimals half away from zero.
    expect(res.body.value).toBe(0.289);
    expect(evidence.reduce((a, e) => a + e.weight * (e.score ?? 0), 0)).toBeCloseTo(
      0.28875,
      12,
    );
  });

  it('answers an unknown student with a 404', async () => {
    const res = await get('nobody', '6.SP.B.4');
    expect(res).toMatchObject({ status: 404, body: { error: 'not_found' } });
  });

  it('answers a standard the student has no mastery on with a 404', async () => {
    const res = await get('x1', '6.SP.B.5');
    expect(res).toMatchObject({ status: 404, body: { error: 'not_found' } });
  });

  it('answers a code that is not a standard with a 400 naming the field', async () => {
    const res = await get('x1', 'not-a-code');
    expect(res).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
  });
});
