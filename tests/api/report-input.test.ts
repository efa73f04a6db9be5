/**
 * How the report API answers input it cannot use, and how it pages CSV,
 * through the real local gateway: every 400 lists its issues in one shape,
 * unknown parameters and foreign cursors are refused, a CSV holds the whole
 * class unless `limit` pages it, and the grid's rollups are its columns'.
 */
import { DateTime } from 'luxon';
import { districtTimeZone } from '../../functions/lib/env.js';
import type { ClassRollup } from '../../shared/model.js';
import {
  ClassMasteryGrid,
  ClassUsage,
  InvalidRequestBody,
  UnauthorizedBody,
} from '../../shared/reports/schemas.js';
import { startApiFixture, type ApiFixture } from './api-support.js';
import { state } from './roster-fixture.js';

let f: ApiFixture;
let bigTeacher: string;

/** A class of more students than one default page (100) holds. */
const BIG_CLASS = 'C4';
const BIG_CLASS_SIZE = 102;
const bigStudents = Array.from(
  { length: BIG_CLASS_SIZE },
  (_, i) => `b${String(i + 1).padStart(3, '0')}`,
);

const rollup = (standard: string, mean: number): ClassRollup => ({
  classId: BIG_CLASS,
  standard,
  studentCount: BIG_CLASS_SIZE,
  levels: { not_started: BIG_CLASS_SIZE - 1, developing: 1, approaching: 0, mastered: 0 },
  mean,
  computedAt: '2025-03-01T00:00:00.000Z',
});

beforeAll(async () => {
  f = await startApiFixture();
  await f.t.store.putEnrollments([
    { classId: BIG_CLASS, userId: 'T4', role: 'teacher', schoolId: 'S1' },
    ...bigStudents.map((userId) => ({
      classId: BIG_CLASS,
      userId,
      role: 'student' as const,
      schoolId: 'S1',
    })),
  ]);
  // One substandard assessed; the rollup also holds its parent, 6.RP.A.3.
  await f.t.store.putMastery(
    [state('b001', '6.RP.A.3.A', 'developing', 0.4)],
    [BIG_CLASS],
  );
  await f.t.store.putRollup(rollup('6.RP.A.3', 0.4));
  await f.t.store.putRollup(rollup('6.RP.A.3.A', 0.4));
  bigTeacher = await f.t.token({ role: 'teacher', userId: 'T4' });
});

afterAll(async () => {
  await f.t.stack.stop();
});

/** The 400 of a path, parsed with the documented schema. */
async function refusal(path: string, token: string | null = f.tokens.T1) {
  const res = await f.t.get(path, { token });
  expect({ path, status: res.status }).toEqual({ path, status: 400 });
  return InvalidRequestBody.parse(res.body);
}

describe('A 400 from any route', () => {
  it.each([
    [
      '/classes/C1/mastery?cursor=garbage',
      [{ field: 'cursor', message: 'not a cursor this API issued' }],
    ],
    [
      '/classes/C1/usage?from=2000-01-01&to=2099-12-31',
      [
        {
          field: 'from',
          message:
            '2000-01-01 to 2099-12-31 is 36524 days; a usage range is at most 366 days: give a shorter range',
          from: '2000-01-01',
          to: '2099-12-31',
        },
      ],
    ],
    [
      '/students/s1/mastery?standard=BAD',
      [
        {
          field: 'standard',
          message: 'not in the catalog',
          value: 'BAD',
        },
      ],
    ],
    [
      '/classes/C1/standards/BAD',
      [
        {
          field: 'code',
          message: 'not in the catalog',
          value: 'BAD',
        },
      ],
    ],
    [
      '/classes/C1/assignments/plan?week=bad',
      [
        {
          field: 'week',
          message: '"bad" is not an ISO week like 2025-W12',
          value: 'bad',
        },
      ],
    ],
    [
      '/classes/C1/usage?from=&to=2025-12-07',
      [{ field: 'from', message: 'is empty: give a value or leave the parameter out' }],
    ],
    [
      '/classes/C1/usage?from=0000-01-01&to=0000-01-10',
      [
        {
          field: 'from',
          message: 'must be a date from 1900-01-01 to 2999-12-31',
          value: '0000-01-01',
        },
        {
          field: 'to',
          message: 'must be a date from 1900-01-01 to 2999-12-31',
          value: '0000-01-10',
        },
      ],
    ],
    [
      '/classes/C1/mastery?standards=&grade=6,',
      [
        {
          field: 'standards',
          message: 'is empty: give a value or leave the parameter out',
        },
        {
          field: 'grade',
          message:
            'item 2 of 2 is empty: remove the extra comma, or the repeated parameter without a value',
        },
      ],
    ],
    [
      '/classes/C1/mastery?standards=,',
      [
        {
          field: 'standards',
          message:
            'items 1, 2 of 2 are empty: remove the extra comma, or the repeated parameter without a value',
        },
      ],
    ],
    [
      '/classes/C1/usage?from=%202025-09-01&to=2025-12-07',
      [{ field: 'from', message: 'must be a date as YYYY-MM-DD', value: ' 2025-09-01' }],
    ],
    [
      '/classes/C1/usage?format=xml&targetMinutes=abc',
      [
        {
          field: 'targetMinutes',
          message: 'must be minutes as a number, e.g. 60 or 42.5',
        },
        {
          field: 'format',
          message: 'must be one of json, csv',
          allowed: ['json', 'csv'],
        },
      ],
    ],
    [
      '/classes/C1/usage?targetMinutes=-5',
      [
        {
          field: 'targetMinutes',
          message: 'must be minutes as a number, e.g. 60 or 42.5',
        },
      ],
    ],
    [
      '/classes/C1/usage?targetMinutes=%20',
      [
        {
          field: 'targetMinutes',
          message: 'must be minutes as a number, e.g. 60 or 42.5',
        },
      ],
    ],
    [
      '/classes/C1/usage?targetMinutes=100000',
      [{ field: 'targetMinutes', message: 'must be at most 10080' }],
    ],
    [
      '/classes/C1/mastery?limit=0x5',
      [{ field: 'limit', message: 'must be a whole number from 1 to 500' }],
    ],
    [
      '/classes/C1/mastery?limit=1e2',
      [{ field: 'limit', message: 'must be a whole number from 1 to 500' }],
    ],
    [
      '/classes/C1/mastery?limit=2.5',
      [{ field: 'limit', message: 'must be a whole number from 1 to 500' }],
    ],
    [
      '/classes/C1/mastery?limit=0',
      [{ field: 'limit', message: 'must be a whole number from 1 to 500' }],
    ],
  ])('lists its issues as { field, message, ...context }: %s', async (path, details) => {
    const body = await refusal(path);

    expect(body.details).toEqual(details);
  });

  it('blames only the bad date of a range, not the good end compared with it', async () => {
    const body = await refusal('/classes/C1/usage?from=2025-13-01&to=2025-12-07');

    expect(body.details).toEqual([
      {
        field: 'from',
        message: 'not a day of the calendar: give a real date as YYYY-MM-DD',
        value: '2025-13-01',
      },
    ]);
  });

  it.each([
    ['/students/%ZZ', 'studentId', '%ZZ'],
    ['/classes/%E0%A4%A/mastery', 'classId', '%E0%A4%A'],
  ])(
    'answers a malformed escape in the path (%s), and keeps serving',
    async (path, field, raw) => {
      const body = await refusal(path);

      expect(body.details).toEqual([
        {
          field,
          message: `${raw}: not a valid percent-encoding; encode the ${field} as UTF-8 (encodeURIComponent)`,
          value: raw,
        },
      ]);
      expect((await f.t.get('/health')).status).toBe(200);
    },
  );

  it('answers a malformed escape without a token as the authorizer does: 401 first', async () => {
    const res = await f.t.get('/students/%ZZ', { token: null });

    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: 'Unauthorized' });
  });

  it.each(['__proto__', 'constructor', 'hasOwnProperty'])(
    'refuses %s as an unknown query parameter, like any other',
    async (name) => {
      const body = await refusal(`/classes/C1/usage?${name}=1`);

      expect(body.message).toBe(`${name}: unknown query parameter`);
      expect(body.details.map((d) => d.field)).toEqual([name]);
    },
  );

  it('has the same shape on the ingest run routes', async () => {
    const runs = await refusal('/ingest/runs?limit=0', null);
    const rejects = await refusal('/ingest/runs/r1/rejects?kind=all', null);

    expect(runs.details).toEqual([
      { field: 'limit', message: 'must be a whole number from 1 to 100' },
    ]);
    expect(rejects.details).toEqual([
      {
        field: 'kind',
        message: 'must be one of rejects, held',
        allowed: ['rejects', 'held'],
      },
    ]);
  });
});

describe('What the authorizer and the router answer themselves', () => {
  it("refuses a request without a valid token with API Gateway's own body, as documented", async () => {
    const res = await f.t.get('/classes/C1/mastery', { token: null });

    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: 'Unauthorized' });
    expect(UnauthorizedBody.parse(res.body)).toEqual({ message: 'Unauthorized' });
  });

  it('answers a path no route takes as API Gateway does', async () => {
    const res = await f.t.get('/nope');

    expect(res.status).toBe(404);
    expect(res.body).toEqual({ message: 'Not Found' });
  });
});

describe('The default usage range', () => {
  it('names the default `to` when a lone `from` makes the range too long', async () => {
    const body = await refusal('/classes/C1/usage?from=2020-01-01');
    // The handler's clock, in the zone it reads (default or LABLINK_TIME_ZONE).
    const today = DateTime.now().setZone(districtTimeZone()).toISODate() as string;
    const days = DateTime.fromISO(today).diff(
      DateTime.fromISO('2020-01-01'),
      'days',
    ).days;

    expect(body.details).toEqual([
      {
        field: 'from',
        message: `2020-01-01 to ${today} (today, the default to) is ${days} days; a usage range is at most 366 days: give to as well`,
        from: '2020-01-01',
        to: today,
      },
    ]);
  });

  it('is the four whole weeks up to `to`', async () => {
    // 2025-02-20 is a Thursday: its week starts on 17 February.
    const res = await f.t.get('/classes/C1/usage?to=2025-02-20', { token: f.tokens.T1 });

    expect(res.status).toBe(200);
    const usage = ClassUsage.parse(res.body);
    expect([usage.from, usage.to]).toEqual(['2025-01-27', '2025-02-20']);
    expect(usage.weekStarts).toEqual([
      '2025-01-27',
      '2025-02-03',
      '2025-02-10',
      '2025-02-17',
    ]);
  });
});

describe('Filters of the class grid', () => {
  it('refuses a grade the standards catalog does not have, listing the grades', async () => {
    const body = await refusal('/classes/C1/mastery?grade=99');

    expect(body).toEqual({
      error: 'invalid_request',
      message:
        'grade: 99: not a grade of the standards catalog; one of K-12, K, 1, 2, 3, 4, 5, ' +
        '6, 7, 8, 9-12',
      details: [
        {
          field: 'grade',
          message:
            '99: not a grade of the standards catalog; one of K-12, K, 1, 2, 3, 4, 5, ' +
            '6, 7, 8, 9-12',
          value: '99',
          allowed: ['K-12', 'K', '1', '2', '3', '4', '5', '6', '7', '8', '9-12'],
        },
      ],
    });
  });

  it('refuses a domain the catalog does not have, with examples and every code', async () => {
    const body = await refusal('/classes/C1/mastery?domain=zz');
    const [issue] = body.details;

    expect(issue?.field).toBe('domain');
    expect(issue?.message).toBe(
      'zz: not a domain of the standards catalog; give its code letters ' +
        '(e.g. RP, SP, NS, EE) or its name',
    );
    expect(issue?.value).toBe('zz');
    expect((issue?.allowed as string[]).slice(0, 6)).toEqual([
      'APR',
      'BF',
      'C',
      'CC',
      'CED',
      'CN',
    ]);
  });

  it('takes grades and domains in any case, as the catalog spells them', async () => {
    const res = await f.t.get('/classes/C1/mastery?grade=6&domain=rp', {
      token: f.tokens.T1,
    });
    const grid = ClassMasteryGrid.parse(res.body);

    expect(grid.standards.map((s) => s.code)).toEqual(['6.RP.A.3']);
  });

  it.each([
    '/classes/C1/mastery?foo=bar',
    '/classes/C1/usage?foo=bar',
    '/students/s1?foo=bar',
    '/students/s1/mastery?foo=bar',
    '/me/classes?foo=bar',
  ])('refuses an unknown query parameter: %s', async (path) => {
    const body = await refusal(path);

    expect(body.message).toBe('foo: unknown query parameter');
    expect(body.details).toHaveLength(1);
    expect(body.details[0]).toMatchObject({
      field: 'foo',
      message: 'unknown query parameter',
    });
  });

  it('names the parameters a route accepts when refusing another', async () => {
    const body = await refusal('/classes/C1/standards/6.SP.B.4?grades=6');

    expect(body.details).toEqual([
      { field: 'grades', message: 'unknown query parameter', accepted: ['format'] },
    ]);
  });
});

describe('Cursors', () => {
  it('refuses a cursor of one class on another', async () => {
    const first = ClassMasteryGrid.parse(
      (await f.t.get('/classes/C1/mastery?limit=1', { token: f.tokens.DA })).body,
    );
    const body = await refusal(
      `/classes/C2/mastery?limit=1&cursor=${first.nextCursor}`,
      f.tokens.DA,
    );

    expect(body.details).toEqual([
      {
        field: 'cursor',
        message:
          'made for another class or other filters; send the filters it came with, ' +
          'or leave it out for the first page',
      },
    ]);
  });

  it('refuses a cursor made for other filters, and keeps it for the same ones in another order', async () => {
    const first = ClassMasteryGrid.parse(
      (
        await f.t.get('/classes/C1/mastery?limit=1&standards=6.SP.B.4,6.RP.A.3', {
          token: f.tokens.T1,
        })
      ).body,
    );
    const reordered = await f.t.get(
      `/classes/C1/mastery?limit=1&standards=6.RP.A.3,6.SP.B.4&cursor=${first.nextCursor}`,
      { token: f.tokens.T1 },
    );
    const other = await refusal(
      `/classes/C1/mastery?limit=1&domain=SP&cursor=${first.nextCursor}`,
    );

    expect(
      ClassMasteryGrid.parse(reordered.body).students.map((s) => s.studentId),
    ).toEqual(['s2']);
    expect(other.details.map((d) => d.field)).toEqual(['cursor']);
  });

  it('refuses a grid cursor on the usage of the same class', async () => {
    const first = ClassMasteryGrid.parse(
      (await f.t.get('/classes/C1/mastery?limit=1', { token: f.tokens.T1 })).body,
    );
    const body = await refusal(
      `/classes/C1/usage?from=2025-02-10&to=2025-02-23&cursor=${first.nextCursor}`,
    );

    expect(body.details.map((d) => d.field)).toEqual(['cursor']);
  });
});

describe('CSV pages', () => {
  const csvRows = (text: string) => text.split('\n').filter((line) => line !== '');

  it('holds every student of the class without a limit, and no Link header', async () => {
    const res = await f.t.get(`/classes/${BIG_CLASS}/mastery?format=csv`, {
      token: bigTeacher,
    });
    const rows = csvRows(res.text);

    expect(rows).toHaveLength(1 + BIG_CLASS_SIZE);
    expect(rows[0]).toBe('studentId,6.RP.A.3.A');
    expect(rows[1]).toBe('b001,developing (0.4)');
    expect(rows.at(-1)).toBe('b102,');
    expect(res.headers.get('link')).toBeNull();
  });

  it('pages with an explicit limit and links the next page', async () => {
    const path = `/classes/${BIG_CLASS}/mastery?limit=2&format=csv`;
    const first = await f.t.get(path, { token: bigTeacher });
    const json = ClassMasteryGrid.parse(
      (await f.t.get(`/classes/${BIG_CLASS}/mastery?limit=2`, { token: bigTeacher }))
        .body,
    );
    const link = first.headers.get('link') as string;
    const next = await f.t.get(
      link.slice(1, link.indexOf('>')).replace(/^http:\/\/[^/]+/, ''),
      {
        token: bigTeacher,
      },
    );

    expect(csvRows(first.text)).toEqual([
      'studentId,6.RP.A.3.A',
      'b001,developing (0.4)',
      'b002,',
    ]);
    expect(link).toBe(
      `<${f.t.stack.urls.api}/classes/${BIG_CLASS}/mastery?limit=2&format=csv&cursor=${json.nextCursor}>; rel="next"`,
    );
    // Columns are the class's, whichever page: the next file lines up with this one.
    expect(csvRows(next.text)).toEqual(['studentId,6.RP.A.3.A', 'b003,', 'b004,']);
  });

  it('links a next page that stays CSV when Accept chose CSV', async () => {
    const first = await f.t.get(`/classes/${BIG_CLASS}/mastery?limit=2`, {
      token: bigTeacher,
      headers: { accept: 'text/csv' },
    });
    const link = first.headers.get('link') as string;
    // Followed without the Accept header, as a spreadsheet's "from web" would.
    const next = await f.t.get(
      link.slice(1, link.indexOf('>')).replace(/^http:\/\/[^/]+/, ''),
      {
        token: bigTeacher,
      },
    );

    expect(link).toMatch(
      new RegExp(
        `^<${f.t.stack.urls.api}/classes/${BIG_CLASS}/mastery\\?limit=2&format=csv&cursor=[\\w-]+>; rel="next"$`,
      ),
    );
    expect(next.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csvRows(next.text)).toEqual(['studentId,6.RP.A.3.A', 'b003,', 'b004,']);
  });

  it('has no Link header on the last page', async () => {
    const res = await f.t.get('/classes/C1/mastery?limit=4&format=csv', {
      token: f.tokens.T1,
    });

    expect(csvRows(res.text)).toHaveLength(5);
    expect(res.headers.get('link')).toBeNull();
  });

  it('does the same for usage', async () => {
    const range = 'from=2025-02-10&to=2025-02-16';
    const all = await f.t.get(`/classes/${BIG_CLASS}/usage?${range}&format=csv`, {
      token: bigTeacher,
    });
    const paged = await f.t.get(
      `/classes/${BIG_CLASS}/usage?${range}&limit=1&format=csv`,
      {
        token: bigTeacher,
      },
    );
    const link = paged.headers.get('link') as string;

    // One row per student for the one week (nobody has minutes).
    expect(csvRows(all.text)).toHaveLength(1 + BIG_CLASS_SIZE);
    expect(all.headers.get('link')).toBeNull();
    expect(csvRows(paged.text)).toEqual([
      'studentId,weekStart,programId,minutes,weekMinutes,belowTarget,programBelowTarget',
      'b001,2025-02-10,,0,0,true,false',
    ]);
    expect(link).toMatch(
      new RegExp(
        `^<${f.t.stack.urls.api}/classes/${BIG_CLASS}/usage\\?from=2025-02-10&to=2025-02-16&limit=1&format=csv&cursor=[\\w-]+>; rel="next"$`,
      ),
    );
  });
});

describe('Rollups of the grid', () => {
  it('are exactly those of the listed standards, not their parents', async () => {
    const grid = ClassMasteryGrid.parse(
      (await f.t.get(`/classes/${BIG_CLASS}/mastery?limit=1`, { token: bigTeacher }))
        .body,
    );

    expect(grid.standards.map((s) => s.code)).toEqual(['6.RP.A.3.A']);
    expect(grid.rollups.map((r) => r.standard)).toEqual(['6.RP.A.3.A']);
  });

  it('include a parent the grid lists because it was asked for', async () => {
    const grid = ClassMasteryGrid.parse(
      (
        await f.t.get(
          `/classes/${BIG_CLASS}/mastery?limit=1&standards=6.RP.A.3,6.RP.A.3.A`,
          {
            token: bigTeacher,
          },
        )
      ).body,
    );

    expect(grid.standards.map((s) => s.code)).toEqual(['6.RP.A.3', '6.RP.A.3.A']);
    expect(grid.rollups.map((r) => [r.standard, r.mean])).toEqual([
      ['6.RP.A.3', 0.4],
      ['6.RP.A.3.A', 0.4],
    ]);
  });
});
