import {
  bktPosterior,
  bktStep,
  computeMastery,
  fitBkt,
  fitBktByStandard,
  parseMasteryPolicy,
  type BktParams,
} from '../../../shared/mastery';
import { mulberry32 } from '../../../eval/protocol';
import { anEvidence, scoresInOrder } from './evidence-builder';

const PARAMS: BktParams = { prior: 0.3, learn: 0.1, guess: 0.2, slip: 0.1, forget: 0 };

describe('Function: bktStep', () => {
  it('gives the hand-computed P(known) after right, wrong, right', () => {
    // right: 0.27 / 0.41 = 27/41, then + (14/41) x 0.1 = 142/205
    const afterRight = bktStep(PARAMS, PARAMS.prior, 1);
    // wrong: (142/205 x 0.1) / (that + 63/205 x 0.8) = 71/323, then learn: 481/1615
    const afterWrong = bktStep(PARAMS, afterRight, 0);
    const afterRightAgain = bktStep(PARAMS, afterWrong, 1);

    expect(afterRight).toBeCloseTo(142 / 205, 14);
    expect(afterWrong).toBeCloseTo(481 / 1615, 14);
    expect(afterRightAgain).toBeCloseTo(2531 / 3665, 14);
  });

  it('reads a partial score as soft evidence between right and wrong', () => {
    const half = bktPosterior(PARAMS, 0.3, 0.5);

    // likelihoods 0.5 (known) and 0.5 (unknown): the prior is unchanged
    expect(half).toBeCloseTo(0.3, 14);
  });

  it('is mastered only once P(known) reaches the threshold', () => {
    const policy = parseMasteryPolicy({ method: 'bkt', params: PARAMS, threshold: 0.95 });

    const two = computeMastery(scoresInOrder([1, 1]), policy);
    const three = computeMastery(scoresInOrder([1, 1, 1]), policy);

    expect(two.value).toBeCloseTo(239 / 260, 14);
    expect(two.level).toBe('approaching');
    expect(three.value).toBeCloseTo(3592 / 3655, 14);
    expect(three.level).toBe('mastered');
  });
});

/** Students answering under known BKT parameters. */
function simulate(params: BktParams, students: number, length: number, seed: number) {
  const random = mulberry32(seed);
  return Array.from({ length: students }, () => {
    let known = random() < params.prior;
    return Array.from({ length }, () => {
      const correct = known ? random() >= params.slip : random() < params.guess;
      known = known ? random() >= params.forget : random() < params.learn;
      return correct ? 1 : 0;
    });
  });
}

describe('Function: fitBkt', () => {
  it('recovers planted parameters within 0.05 from 600 simulated students', () => {
    const planted: BktParams = {
      prior: 0.35,
      learn: 0.15,
      guess: 0.2,
      slip: 0.1,
      forget: 0,
    };

    const fit = fitBkt(simulate(planted, 600, 15, 7));

    expect(fit.fitted).toBe(true);
    expect(fit).toMatchObject({ responses: 9000, sequences: 600 });
    for (const key of ['prior', 'learn', 'guess', 'slip'] as const) {
      expect(Math.abs(fit.params[key] - planted[key])).toBeLessThan(0.05);
    }
  });

  it('falls back to the defaults with too little data, stating the counts', () => {
    const fit = fitBkt([[1, 0, 1]]);

    expect(fit).toMatchObject({ fitted: false, reason: 'too_little_data', responses: 3 });
  });

  it('keeps guess and slip below 0.5', () => {
    const fit = fitBkt(simulate({ ...PARAMS, guess: 0.45, slip: 0.4 }, 200, 10, 3));

    expect(fit.params.guess).toBeLessThan(0.5);
    expect(fit.params.slip).toBeLessThan(0.5);
  });
});

describe('Function: fitBktByStandard', () => {
  it('fits each standard from its students in the order the work happened', () => {
    const evidence = simulate(PARAMS, 40, 5, 11).flatMap((seq, s) =>
      seq.map((score, i) =>
        anEvidence({ studentId: `S-${s}`, standards: ['A', 'B'], score, sequence: i }),
      ),
    );

    const fits = fitBktByStandard(evidence);

    expect([...fits.keys()].sort()).toEqual(['A', 'B']);
    expect(fits.get('A')).toMatchObject({ fitted: true, responses: 200, sequences: 40 });
  });
});
