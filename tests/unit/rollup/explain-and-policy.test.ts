import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  explainMastery,
  loadMasteryPolicyConfig,
  parseMasteryPolicy,
  parseMasteryPolicyConfig,
  policyFor,
  samePolicy,
} from '../../../shared/mastery';
import { ancestorsOf, rootOf } from '../../../shared/rollup';
import { anEvidence, scoresInOrder } from '../mastery/evidence-builder';

const weights = (scores: number[], policy: unknown, w?: number[]) =>
  explainMastery(scoresInOrder(scores, w), parseMasteryPolicy(policy)).shares.map(
    (s) => s.weight,
  );

describe('Function: explainMastery', () => {
  it('gives the latest score all of the weight for latest', () => {
    expect(weights([0.2, 0.9, 0.4], { method: 'latest' })).toEqual([0, 0, 1]);
  });

  it('gives the first best score all of the weight for highest', () => {
    expect(weights([0.2, 0.9, 0.9], { method: 'highest' })).toEqual([0, 1, 0]);
  });

  it('splits weighted_latest into w for the latest and 1-w by evidence weight before it', () => {
    const got = weights([1, 0, 0.5], { method: 'weighted_latest' }, [1, 3, 1]);
    [0.0875, 0.2625, 0.65].forEach((w, i) => expect(got[i]).toBeCloseTo(w, 12));
  });

  it("gives a prior its share of an average's value", () => {
    const policy = parseMasteryPolicy({
      method: 'average',
      prior: { value: 0.5, strength: 2 },
    });
    const out = explainMastery(scoresInOrder([1, 0]), policy);
    expect(out.shares.map((s) => s.weight)).toEqual([0.25, 0.25]);
    expect(out.priorWeight).toBe(0.5);
  });

  it('shares n_mastery among the qualifying scores only', () => {
    expect(weights([0.9, 0.5, 0.8], { method: 'n_mastery' })).toEqual([0.5, 0, 0.5]);
  });

  it('gives bkt no weights but P(known) after each score', () => {
    const out = explainMastery(scoresInOrder([1]), parseMasteryPolicy({ method: 'bkt' }));
    // posterior 0.27 / (0.27 + 0.7 x 0.2), then learning 0.1 of the rest
    const posterior = 0.27 / 0.41;
    expect(out.shares[0]?.weight).toBeNull();
    expect(out.shares[0]?.pKnownAfter).toBeCloseTo(posterior + (1 - posterior) * 0.1, 12);
  });

  it('leaves exempt evidence out', () => {
    const policy = parseMasteryPolicy({ method: 'latest' });
    expect(explainMastery([anEvidence({ status: 'exempt' })], policy).shares).toEqual([]);
  });
});

describe('Function: policyFor', () => {
  const config = parseMasteryPolicyConfig({
    subjects: { math: { method: 'bkt' } },
    standards: { '6.SP.B.5': { method: 'n_mastery' } },
  });

  it("uses a standard's own policy before its subject's", () => {
    expect(policyFor({ config }, '6.SP.B.5')).toMatchObject({
      from: 'standard',
      policy: { method: 'n_mastery' },
    });
  });

  it('takes the subject from the catalog framework and the stored fit for bkt', () => {
    const fit = { prior: 0.4, learn: 0.2, guess: 0.15, slip: 0.05, forget: 0 };
    const got = policyFor({ config, fits: new Map([['6.SP.B.4', fit]]) }, '6.SP.B.4');
    expect(got).toMatchObject({ from: 'subject', fitted: true, policy: { params: fit } });
  });

  it('falls back to the district default for codes outside the catalog', () => {
    expect(policyFor({ config }, 'LOCAL.1')).toMatchObject({
      from: 'district',
      fitted: false,
      policy: { method: 'decaying_average', weight: 0.65 },
    });
  });

  it('compares policies whatever their key order', () => {
    const a = parseMasteryPolicy({ method: 'bkt' });
    const reordered = Object.fromEntries(Object.entries(a).reverse()) as typeof a;
    expect(samePolicy(a, reordered)).toBe(true);
    expect(samePolicy(a, parseMasteryPolicy({ method: 'bkt', threshold: 0.9 }))).toBe(
      false,
    );
  });
});

describe('Function: loadMasteryPolicyConfig', () => {
  it('defaults to the decaying average with weight 0.65', () => {
    expect(loadMasteryPolicyConfig(undefined).district).toEqual({
      method: 'decaying_average',
      weight: 0.65,
      cuts: { approaching: 0.6, mastered: 0.8 },
    });
  });

  it('names the bad field of a district file', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'policy-')), 'policy.json');
    const bad = { standards: { '6.SP.B.4': { method: 'decaying_average', weight: 2 } } };
    writeFileSync(path, JSON.stringify(bad));
    expect(() => loadMasteryPolicyConfig(path)).toThrow(/weight: must be at most 0\.99/);
  });

  it('says how to fix an unreadable file', () => {
    expect(() => loadMasteryPolicyConfig('/no/such/policy.json')).toThrow(
      /unset LABLINK_MASTERY_POLICY/,
    );
  });
});

describe('Function: ancestorsOf', () => {
  it('walks a standard up to its cluster and domain', () => {
    expect(ancestorsOf('6.SP.B.4').map((s) => [s.code, s.kind])).toEqual([
      ['6.SP.B', 'cluster'],
      ['6.SP', 'domain'],
    ]);
    expect(rootOf('6.SP.B.5.A')).toBe('6.SP');
    expect(rootOf('LOCAL.1')).toBe('LOCAL.1');
  });
});
