import { computeMastery, parseMasteryPolicy } from '../../../shared/mastery';
import { scoresInOrder } from './evidence-builder';

describe('Function: computeMastery, each method on 0.5, 1, 0.25', () => {
  const evidence = scoresInOrder([0.5, 1, 0.25]);
  const valueFor = (policy: unknown) =>
    computeMastery(evidence, parseMasteryPolicy(policy));

  it('takes the last score for latest', () => {
    expect(valueFor({ method: 'latest' })).toMatchObject({
      value: 0.25,
      level: 'developing',
    });
  });

  it('takes the best score for highest', () => {
    expect(valueFor({ method: 'highest' })).toMatchObject({
      value: 1,
      level: 'mastered',
    });
  });

  it('takes the mean for average', () => {
    expect(valueFor({ method: 'average' }).value).toBeCloseTo(1.75 / 3, 12);
  });

  it('weights the latest 0.65 and the mean of earlier scores 0.35 for weighted_latest', () => {
    // 0.65 x 0.25 + 0.35 x (0.5 + 1) / 2
    expect(valueFor({ method: 'weighted_latest' }).value).toBeCloseTo(0.425, 12);
  });

  it('decays by 0.65 per score for decaying_average', () => {
    // d1 = 0.5, d2 = 0.825, d3 = 0.65 x 0.25 + 0.35 x 0.825
    expect(valueFor({ method: 'decaying_average' }).value).toBeCloseTo(0.45125, 12);
  });

  it('states the evidence count and the time of the last evidence', () => {
    expect(valueFor({ method: 'latest' })).toMatchObject({
      evidenceCount: 3,
      lastEvidenceAt: '2025-02-10T09:02:00.000Z',
    });
  });
});

describe('Function: computeMastery with n_mastery', () => {
  const policy = parseMasteryPolicy({ method: 'n_mastery', count: 2, threshold: 0.8 });

  it('is approaching, not zero, with too few scores at the threshold', () => {
    const result = computeMastery(scoresInOrder([0.5, 1, 0.25]), policy);

    expect(result).toMatchObject({
      value: 1,
      level: 'approaching',
      evidenceCount: 3,
      qualifying: { count: 1, required: 2 },
    });
  });

  it('averages only the qualifying scores once there are enough', () => {
    const result = computeMastery(scoresInOrder([0.5, 1, 0.25, 0.9]), policy);

    expect(result.value).toBeCloseTo(0.95, 12);
    expect(result.level).toBe('mastered');
  });

  it('has no value and is developing when no score reaches the threshold', () => {
    expect(computeMastery(scoresInOrder([0.5, 0.6]), policy)).toMatchObject({
      value: undefined,
      level: 'developing',
    });
  });
});

describe('Function: computeMastery with evidence weights', () => {
  it('weights the average by each evidence weight', () => {
    const result = computeMastery(
      scoresInOrder([0.5, 1], [1, 3]),
      parseMasteryPolicy({ method: 'average' }),
    );

    expect(result.value).toBeCloseTo(0.875, 12);
  });

  it('weights the earlier mean of weighted_latest but not the latest share', () => {
    // 0.65 x 0 + 0.35 x (1 x 0.5 + 3 x 1) / 4
    const result = computeMastery(
      scoresInOrder([0.5, 1, 0], [1, 3, 5]),
      parseMasteryPolicy({ method: 'weighted_latest' }),
    );

    expect(result.value).toBeCloseTo(0.30625, 12);
  });

  it('starts the average from a prior that decays with the evidence', () => {
    // prior 0.5 counted as 2 scores, decay 0.5: (2,1) -> (2,1.5) -> (2,1.75)
    const result = computeMastery(
      scoresInOrder([1, 1]),
      parseMasteryPolicy({
        method: 'average',
        decay: 0.5,
        prior: { value: 0.5, strength: 2 },
      }),
    );

    expect(result.value).toBeCloseTo(0.875, 12);
  });
});

describe('Function: computeMastery with no evidence', () => {
  it('is not started, with no value and a count of 0', () => {
    expect(computeMastery([])).toEqual({
      value: undefined,
      level: 'not_started',
      evidenceCount: 0,
      lastEvidenceAt: undefined,
      method: 'decaying_average',
    });
  });
});
