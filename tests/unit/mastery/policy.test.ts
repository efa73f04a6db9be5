import {
  DEFAULT_POLICY,
  levelFor,
  parseMasteryPolicy,
  parseMasteryPolicyConfig,
  resolvePolicy,
} from '../../../shared/mastery';

describe('Function: parseMasteryPolicy', () => {
  it('fills in the defaults schools expect', () => {
    expect(parseMasteryPolicy({ method: 'decaying_average' })).toEqual(DEFAULT_POLICY);
    expect(parseMasteryPolicy({ method: 'n_mastery' })).toMatchObject({
      count: 3,
      threshold: 0.8,
    });
    expect(parseMasteryPolicy({ method: 'bkt' })).toMatchObject({
      threshold: 0.95,
      cuts: { approaching: 0.6, mastered: 0.95 },
      params: { prior: 0.3, learn: 0.1, guess: 0.2, slip: 0.1, forget: 0 },
    });
  });

  it('throws naming the field and the allowed range when a weight is out of range', () => {
    expect(() => parseMasteryPolicy({ method: 'decaying_average', weight: 0.3 })).toThrow(
      /policy\.weight: must be at least 0\.5/,
    );
  });

  it('throws listing the known methods for an unknown method', () => {
    expect(() => parseMasteryPolicy({ method: 'mode' })).toThrow(
      /one of: latest, highest/,
    );
  });

  it('throws when the cuts are in the wrong order', () => {
    expect(() =>
      parseMasteryPolicy({ method: 'latest', cuts: { approaching: 0.9, mastered: 0.8 } }),
    ).toThrow(/approaching must be below mastered/);
  });

  it('throws when a cut has more decimals than values are compared at', () => {
    expect(() =>
      parseMasteryPolicy({
        method: 'latest',
        cuts: { approaching: 0.6, mastered: 0.8333 },
      }),
    ).toThrow(
      'invalid mastery policy: policy.cuts.mastered: give at most 3 decimals (values are compared at that precision)',
    );
    expect(() => parseMasteryPolicy({ method: 'bkt', threshold: 0.9505 })).toThrow(
      /policy\.threshold: give at most 3 decimals/,
    );
  });

  it('throws when BKT guess would make a wrong answer a sign of knowledge', () => {
    expect(() => parseMasteryPolicy({ method: 'bkt', params: { guess: 0.6 } })).toThrow(
      /policy\.params\.guess: must be below 0\.5/,
    );
  });
});

describe('Function: resolvePolicy', () => {
  const config = parseMasteryPolicyConfig({
    district: { method: 'average' },
    subjects: { math: { method: 'highest' } },
    standards: { '6.SP.B.4': { method: 'latest' } },
  });

  it('takes the standard policy over the subject policy', () => {
    expect(
      resolvePolicy(config, { standard: '6.SP.B.4', subject: 'math' }),
    ).toMatchObject({
      policy: { method: 'latest' },
      from: 'standard',
    });
  });

  it('takes the subject policy over the district default', () => {
    expect(
      resolvePolicy(config, { standard: '6.RP.A.1', subject: 'math' }),
    ).toMatchObject({
      policy: { method: 'highest' },
      from: 'subject',
    });
  });

  it('falls back to the district default', () => {
    expect(resolvePolicy(config, { standard: 'RL.3.1', subject: 'ela' }).from).toBe(
      'district',
    );
  });

  it('names the standard whose policy is invalid', () => {
    expect(() =>
      parseMasteryPolicyConfig({
        standards: { 'RL.3.1': { method: 'n_mastery', count: 0 } },
      }),
    ).toThrow(/standards\.RL\.3\.1\.count: must be at least 1/);
  });
});

describe('Function: levelFor', () => {
  const cuts = { approaching: 0.6, mastered: 0.8 };

  it('compares the value as reported (three decimals), so value and level agree', () => {
    expect(
      [0.7994, 0.7995, 0.8, 0.5994, 0.5995, 0].map((v) => levelFor(v, cuts)),
    ).toEqual([
      'approaching',
      'mastered',
      'mastered',
      'developing',
      'approaching',
      'developing',
    ]);
    expect(levelFor(undefined, cuts)).toBe('not_started');
  });
});
