/**
 * The Caliper 1.2 spec's own fixtures (read from ../shared: their licence
 * keeps them out of the product): every valid one accepted, every malformed
 * one rejected with a reason, except those listed with why.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { validateCaliperDocument } from '../../../shared/caliper/validate.js';
import { describeWithShared, sharedPath } from '../../support/shared-folder.js';

const ROOT = 'data/real/caliper-spec-v1p2';

/**
 * Judged valid although named malformed: each differs from its valid twin
 * only by writing 25 as 25.0 (or back). JSON has one number type, so after
 * parsing no validator can tell them apart, and both are the same value.
 */
export const JUDGED_VALID = [
  'caliperEntityAggregateMeasure-MalformedMaxMetricValueNotAnInt.json',
  'caliperEntityAggregateMeasure-MalformedMetricValueNotAnInt.json',
  'caliperEntityAssignableDigitalResource-MalformedMaxScoreNotAFloat.json',
  'caliperEntityScore-MalformedMaxScoreNotAnInt.json',
];

function verdict(dir: string, file: string) {
  const text = readFileSync(sharedPath(ROOT, dir, file), 'utf8');
  try {
    return validateCaliperDocument(JSON.parse(text));
  } catch (error) {
    return [{ path: '', message: `not JSON: ${(error as Error).message}` }];
  }
}

describeWithShared(ROOT, 'Caliper 1.2 spec fixtures', () => {
  const valid = readdirSync(sharedPath(ROOT, 'valid')).sort();
  const invalid = readdirSync(sharedPath(ROOT, 'invalid-commonErrorFixtures')).sort();

  it('has the 145 valid and 279 malformed fixtures its provenance lists', () => {
    expect([valid.length, invalid.length]).toEqual([145, 279]);
  });

  it.each(valid)('accepts %s', (file) => {
    expect(verdict('valid', file)).toEqual([]);
  });

  it.each(invalid.filter((f) => !JUDGED_VALID.includes(f)))(
    'rejects %s with a reason',
    (file) => {
      const issues = verdict('invalid-commonErrorFixtures', file);
      expect(issues.length).toBeGreaterThan(0);
      expect(issues[0]?.message).toMatch(/\S/);
    },
  );

  it.each(JUDGED_VALID)('accepts %s (25 and 25.0 are one JSON number)', (file) => {
    expect(verdict('invalid-commonErrorFixtures', file)).toEqual([]);
  });
});
