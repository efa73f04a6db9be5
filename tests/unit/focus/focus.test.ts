import {
  focusBetween,
  normalizeFocus,
  parseIsoWeek,
  parseScopeAndSequence,
} from '../../../shared/focus/index.js';
import { InvalidInputError } from '../../../shared/errors.js';

describe('Focus plans', () => {
  it('normalizes codes as teachers write them to catalog codes', () => {
    const result = normalizeFocus({
      entries: [
        {
          standards: ['CCSS.Math.Content.6.SP.B.4', '6.rp.a.3a'],
          from: '2025-03-17',
          to: '2025-03-28',
        },
      ],
    });

    expect(result.entries[0]?.standards).toEqual(['6.SP.B.4', '6.RP.A.3.A']);
  });

  it('names every unknown standard with its field and a suggestion', () => {
    const attempt = () =>
      normalizeFocus({
        entries: [
          { standards: ['6.SP.4', '6.ZZ.A.9'], from: '2025-03-17', to: '2025-03-28' },
        ],
      });

    expect(attempt).toThrow(InvalidInputError);
    expect(attempt).toThrow(
      'unknown standards: entries.0.standards.0 "6.SP.4" (did you mean 6.SP.B.4?), entries.0.standards.1 "6.ZZ.A.9"',
    );
  });

  it('finds the standards of entries overlapping a week, sorted', () => {
    const plan = {
      classId: 'c',
      updatedAt: '2025-01-01T00:00:00Z',
      entries: [
        { standards: ['6.SP.B.4'], from: '2025-03-10', to: '2025-03-18' },
        { standards: ['6.RP.A.1'], from: '2025-03-19', to: '2025-03-30' },
        { standards: ['6.NS.A.1'], from: '2025-04-01', to: '2025-04-10' },
      ],
    };

    expect(focusBetween(plan, '2025-03-17', '2025-03-23').map((f) => f.standard)).toEqual(
      ['6.RP.A.1', '6.SP.B.4'],
    );
  });
});

describe('ISO weeks', () => {
  it('gives Monday to Sunday and a Friday 23:59 due date with the local offset', () => {
    expect(parseIsoWeek('2025-W12', 'America/New_York')).toEqual({
      week: '2025-W12',
      from: '2025-03-17',
      to: '2025-03-23',
      dueAt: '2025-03-21T23:59:00-04:00',
    });
    expect(parseIsoWeek('2025-W02', 'America/Chicago').dueAt).toBe(
      '2025-01-10T23:59:00-06:00',
    );
  });

  it('refuses a week that does not exist', () => {
    expect(() => parseIsoWeek('2025-W54', 'UTC')).toThrow(
      'week: "2025-W54" is not an ISO week',
    );
    expect(() => parseIsoWeek('2025-12', 'UTC')).toThrow(InvalidInputError);
  });
});

describe('Scope and sequence import', () => {
  it('groups rows by class', () => {
    const csv =
      'classId,standard,from,to,unit\n' +
      '13241,6.SP.B.4,2025-03-17,2025-03-28,Box plots\n' +
      '13241,6.RP.A.3a,2025-03-31,2025-04-11,\n' +
      '13242,6.SP.B.4,2025-03-17,2025-03-28,\n';

    const plans = parseScopeAndSequence(csv);

    expect([...plans.keys()]).toEqual(['13241', '13242']);
    expect(plans.get('13241')?.entries).toEqual([
      {
        standards: ['6.SP.B.4'],
        from: '2025-03-17',
        to: '2025-03-28',
        unit: 'Box plots',
      },
      { standards: ['6.RP.A.3.A'], from: '2025-03-31', to: '2025-04-11' },
    ]);
  });

  it('reports every bad row with its line', () => {
    const csv =
      'classId,standard,from,to\n' +
      '13241,6.SP.4,2025-03-17,2025-03-28\n' +
      '13241,6.SP.B.4,2025-03-30,2025-03-17\n';

    expect(() => parseScopeAndSequence(csv)).toThrow(
      '2 bad rows: line 2 standard "6.SP.4": not in the catalog; the cluster letter is missing (did you mean 6.SP.B.4?); line 3 to "2025-03-17": must not be before from',
    );
  });
});
