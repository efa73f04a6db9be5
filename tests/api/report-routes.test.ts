/**
 * What each report route answers, through the real local gateway, checked
 * against the response schemas the OpenAPI document is generated from.
 */
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { validate, compileErrors } from '@readme/openapi-parser';
import type { z } from 'zod';
import { ROUTES } from '../../infra/routes.js';
import {
  ClassGroups,
  ClassMasteryGrid,
  ClassStandard,
  ClassUsage,
  InvalidRequestBody,
  MyClasses,
  StudentMastery,
  StudentProfile,
} from '../../shared/reports/schemas.js';
import { startApiFixture, type ApiFixture } from './api-support.js';

/** The report routes this document covers (other teams' routes document themselves). */
const DOCUMENTED = [
  'GetMeClasses',
  'GetClassMastery',
  'GetClassStandard',
  'GetClassUsage',
  'GetClassGroups',
  'GetStudentProfile',
  'GetStudentMastery',
];

let f: ApiFixture;

beforeAll(async () => {
  f = await startApiFixture();
  await f.t.store.putEnrollments([
    { classId: 'C2', userId: '=HYPERLINK("x")', role: 'student', schoolId: 'S1' },
  ]);
});

afterAll(async () => {
  await f.t.stack.stop();
});

/** A GET whose body arrives as sent: fetch would undo the gzip itself. */
function rawGet(path: string, headers: Record<string, string>) {
  return new Promise<{ headers: Record<string, unknown>; body: Buffer }>(
    (resolve, reject) => {
      const req = request(`${f.t.stack.urls.api}${path}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ headers: res.headers, body: Buffer.concat(chunks) }),
        );
      });
      req.on('error', reject).end();
    },
  );
}

async function read<T extends z.ZodType>(path: string, schema: T, token = f.tokens.T1) {
  const res = await f.t.get(path, { token });
  expect({ path, status: res.status }).toEqual({ path, status: 200 });
  return schema.parse(res.body) as z.infer<T>;
}

describe('GET /classes/{classId}/mastery', () => {
  it('gives the grid with one cell per student and standard', async () => {
    const grid = await read('/classes/C1/mastery', ClassMasteryGrid);

    expect(grid.students.map((s) => s.studentId)).toEqual(['s1', 's2', 's3', 's4']);
    expect(grid.students[0]?.cells['6.SP.B.4']).toEqual({
      level: 'mastered',
      value: 0.92,
      evidenceCount: 3,
    });
    expect(grid.students[3]?.cells).toEqual({});
  });

  it.each([
    '?standards=6.SP.B.4&standards=CCSS.Math.Content.6.RP.A.3',
    '?standards=6.SP.B.4,6.RP.A.3',
  ])('takes repeated or comma-joined standards: %s', async (query) => {
    const grid = await read(`/classes/C1/mastery${query}`, ClassMasteryGrid);

    expect(grid.standards.map((s) => s.code)).toEqual(['6.RP.A.3', '6.SP.B.4']);
  });

  it('filters by domain and by the date of the last evidence', async () => {
    const byDomain = await read('/classes/C1/mastery?domain=RP', ClassMasteryGrid);
    const byDate = await read(
      '/classes/C1/mastery?from=2025-02-01&to=2025-02-28',
      ClassMasteryGrid,
    );

    expect(byDomain.standards.map((s) => s.code)).toEqual(['6.RP.A.3']);
    // Dotted codes would read as property paths in toHaveProperty.
    expect(Object.keys(byDate.students[0]?.cells ?? {})).toEqual(['6.SP.B.4']);
    expect(Object.keys(byDate.students[1]?.cells ?? {}).sort()).toEqual([
      '6.RP.A.3',
      '6.SP.B.4',
    ]);
  });

  it('pages students with a cursor', async () => {
    const first = await read('/classes/C1/mastery?limit=3', ClassMasteryGrid);
    const next = await read(
      `/classes/C1/mastery?limit=3&cursor=${first.nextCursor}`,
      ClassMasteryGrid,
    );

    expect(first.students).toHaveLength(3);
    expect(next.students.map((s) => s.studentId)).toEqual(['s4']);
    expect(next.nextCursor).toBeUndefined();
  });

  it.each([
    ['?standards=6.SP.Z.99', 'standards'],
    ['?from=2025-03-01&to=2025-02-01', 'to'],
    ['?from=yesterday', 'from'],
    ['?limit=0', 'limit'],
    ['?limit=5&limit=6', 'limit'],
    ['?cursor=bogus', 'cursor'],
    ['?format=xlsx', 'format'],
  ])('answers %s with a 400 naming %s', async (query, field) => {
    const res = await f.t.get(`/classes/C1/mastery${query}`, { token: f.tokens.T1 });

    expect(res.status).toBe(400);
    expect(InvalidRequestBody.parse(res.body).details.map((d) => d.field)).toEqual([
      field,
    ]);
  });

  it('answers If-None-Match with the current ETag with a 304', async () => {
    const first = await f.t.get('/classes/C1/mastery', { token: f.tokens.T1 });
    const etag = first.headers.get('etag') as string;
    const again = await f.t.get('/classes/C1/mastery', {
      token: f.tokens.T1,
      headers: { 'if-none-match': etag },
    });

    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
  });

  it('gzips the grid through the gateway for a client that accepts it', async () => {
    const plain = await f.t.get('/classes/C1/mastery', {
      token: f.tokens.T1,
      headers: { 'accept-encoding': 'identity' },
    });
    const zipped = await rawGet('/classes/C1/mastery', {
      authorization: `Bearer ${f.tokens.T1}`,
      'accept-encoding': 'gzip',
    });

    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.etag).toBe(
      `${(plain.headers.get('etag') as string).slice(0, -1)}-gzip"`,
    );
    expect(JSON.parse(gunzipSync(zipped.body).toString('utf8'))).toEqual(plain.body);
  });

  it('exports CSV by format=csv or Accept, with spreadsheet formulas neutralized', async () => {
    const byFormat = await f.t.get('/classes/C2/mastery?format=csv', {
      token: f.tokens.T2,
    });
    const byAccept = await f.t.get('/classes/C2/mastery', {
      token: f.tokens.T2,
      headers: { accept: 'text/csv' },
    });

    expect(byFormat.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(byAccept.text).toBe(byFormat.text);
    expect(byFormat.text.split('\n')).toEqual([
      'studentId,6.SP.B.4',
      `"'=HYPERLINK(""x"")",`,
      's5,mastered (0.95)',
      's6,',
      '',
    ]);
  });
});

describe('GET /classes/{classId}/standards/{code}', () => {
  it('sorts the class into mastered, close, working and no evidence', async () => {
    const report = await read(
      '/classes/C1/standards/CCSS.Math.Content.6.SP.B.4',
      ClassStandard,
    );
    const ids = (list: { studentId: string }[]) => list.map((s) => s.studentId);

    expect(report.standard.code).toBe('6.SP.B.4');
    expect(ids(report.mastered)).toEqual(['s1']);
    expect(ids(report.close)).toEqual(['s2']);
    expect(ids(report.working)).toEqual(['s3']);
    expect(ids(report.noEvidence)).toEqual(['s4']);
  });
});

describe('GET /students/{studentId}', () => {
  it('gives mastery per standard and recent evidence across programs, newest first', async () => {
    const profile = await read('/students/s1', StudentProfile);

    expect(profile.standards.map((s) => [s.code, s.level])).toEqual([
      ['6.RP.A.3', 'developing'],
      ['6.SP.B.4', 'mastered'],
    ]);
    expect(profile.recentEvidence.map((e) => [e.evidenceId, e.programId])).toEqual([
      ['s1-e3', 'assistments'],
      ['s1-e2', 'khan'],
      ['s1-e1', 'assistments'],
    ]);
    expect(profile.classIds).toEqual(['C1']);
    expect(profile.demographics).toEqual({ schoolIds: ['S1'] });
  });

  it('keeps the older mastery route compatible', async () => {
    const mastery = await read('/students/s1/mastery?standard=6.SP.B.4', StudentMastery);

    expect(mastery.standards.map((s) => s.code)).toEqual(['6.SP.B.4']);
  });
});

describe('GET /classes/{classId}/usage', () => {
  it('sums minutes per student, program and week and flags students below target', async () => {
    const usage = await read(
      '/classes/C1/usage?from=2025-02-10&to=2025-02-23&targetMinutes=60',
      ClassUsage,
    );
    const [s1, s2, s3] = usage.students;

    expect(usage.weekStarts).toEqual(['2025-02-10', '2025-02-17']);
    expect(s1?.weeks).toEqual([
      {
        weekStart: '2025-02-10',
        minutes: 70,
        byProgram: { assistments: 20, khan: 50 },
        programsBelowTarget: [],
      },
      {
        weekStart: '2025-02-17',
        minutes: 10,
        byProgram: { assistments: 10 },
        programsBelowTarget: [],
      },
    ]);
    // No program of this test's environment sets its own target.
    expect(usage.programTargets).toEqual({});
    expect(s1?.weeksBelowTarget).toEqual(['2025-02-17']);
    expect(s2?.belowTarget).toBe(true);
    expect(s3?.undatedMinutes).toBe(5);
  });
});

describe('GET /classes/{classId}/groups', () => {
  it('groups students by the unmastered standards they share, with a reason', async () => {
    const groups = await read(
      '/classes/C1/groups?standards=6.SP.B.4&standards=6.RP.A.3&maxSize=2',
      ClassGroups,
    );

    expect(groups.groups.map((g) => [g.groupId, g.studentIds])).toEqual([
      ['6.RP.A.3-1', ['s1', 's3']],
      ['6.RP.A.3-2', ['s2', 's4']],
    ]);
    expect(groups.groups[1]?.sharedStandards).toEqual(['6.SP.B.4', '6.RP.A.3']);
    expect(groups.groups[1]?.reason).toMatch(/^2 students have not mastered 6\.RP\.A\.3/);
  });

  it('needs at least one standard', async () => {
    expect((await f.t.get('/classes/C1/groups', { token: f.tokens.T1 })).status).toBe(
      400,
    );
  });
});

describe('GET /me/classes', () => {
  it('gives school, the caller role and student count per class', async () => {
    const mine = await read('/me/classes', MyClasses);

    expect(mine.classes).toEqual([
      { classId: 'C1', schoolId: 'S1', role: 'teacher', studentCount: 4 },
    ]);
  });
});

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document describing every teacher route', async () => {
    const doc = (await f.t.get('/openapi.json', { token: null })).body as {
      openapi: string;
      paths: Record<string, { get?: { security?: unknown } }>;
    };
    const result = await validate(structuredClone(doc) as never);

    expect(result.valid ? '' : compileErrors(result)).toBe('');
    expect(doc.openapi).toBe('3.1.0');
    for (const route of ROUTES.filter((r) => (DOCUMENTED as string[]).includes(r.id))) {
      expect(doc.paths[route.path]?.get?.security).toEqual([{ cognito: [] }]);
    }
  });

  it('tells a client generator what each query parameter takes, though all arrive as text', async () => {
    const doc = (await f.t.get('/openapi.json', { token: null })).body as {
      paths: Record<
        string,
        { get: { parameters: { name: string; schema: Record<string, unknown> }[] } }
      >;
    };
    const schemaOf = (path: string, name: string) => {
      const { description: _d, ...schema } =
        doc.paths[path]?.get.parameters.find((p) => p.name === name)?.schema ?? {};
      return schema;
    };

    expect(schemaOf('/classes/{classId}/usage', 'from')).toEqual({
      type: 'string',
      minLength: 1,
      format: 'date',
      pattern: '^\\d{4}-\\d{2}-\\d{2}$',
    });
    expect(schemaOf('/classes/{classId}/mastery', 'format')).toEqual({
      type: 'string',
      minLength: 1,
      enum: ['json', 'csv'],
    });
    expect(schemaOf('/classes/{classId}/mastery', 'limit')).toEqual({
      type: 'string',
      minLength: 1,
      pattern: '^[0-9]+$',
    });
  });
});
