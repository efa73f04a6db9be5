import {
  auc,
  crossValidate,
  foldsByStudent,
  mulberry32,
  rmse,
  shuffle,
  type Predictor,
} from '../../../eval/protocol';

describe('Function: foldsByStudent', () => {
  it('sorts ids, shuffles them with mulberry32(42) and deals folds by position', () => {
    const ids = ['s3', 's1', 's10', 's2', 's4', 's5', 's6'];
    const shuffled = shuffle(['s1', 's10', 's2', 's3', 's4', 's5', 's6'], mulberry32(42));

    const folds = foldsByStudent(ids);

    expect(shuffled.map((id) => folds.get(id))).toEqual([0, 1, 2, 3, 4, 0, 1]);
  });

  it('gives the same split whatever order the ids come in', () => {
    const ids = Array.from({ length: 50 }, (_, i) => `u${i}`);

    expect(foldsByStudent([...ids].reverse())).toEqual(foldsByStudent(ids));
  });

  it('puts each student in exactly one of five folds of near-equal size', () => {
    const folds = foldsByStudent(Array.from({ length: 902 }, (_, i) => String(i)));
    const sizes = [0, 1, 2, 3, 4].map(
      (f) => [...folds.values()].filter((v) => v === f).length,
    );

    expect(sizes).toEqual([181, 181, 180, 180, 180]);
  });

  it('is pinned to the first draws of mulberry32(42)', () => {
    const random = mulberry32(42);

    expect([random(), random()]).toEqual([0.6011037519201636, 0.44829055899754167]);
  });
});

describe('Function: auc', () => {
  it('is 1 for a perfect ranking and 0.5 for all-tied predictions', () => {
    expect(auc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])).toBe(1);
    expect(auc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
  });

  it('counts half for a tied pair', () => {
    // (pos, neg) pairs: 0.8>0.2, 0.8>0.5, 0.5>0.2 and the tie 0.5=0.5 -> 3.5 / 4
    expect(auc([1, 0, 1, 0], [0.8, 0.2, 0.5, 0.5])).toBe(0.875);
  });
});

describe('Function: crossValidate', () => {
  it('predicts each response only from the same student earlier on that skill', () => {
    const seen: string[] = [];
    const recorder: Predictor = {
      name: 'recorder',
      train: () => (skill) => {
        const history: number[] = [];
        return {
          predict: () => {
            seen.push(`${skill}:${history.join('')}`);
            return 0.5;
          },
          observe: (score) => history.push(score),
        };
      },
    };
    const responses = [
      { student: 'a', skill: 'x', score: 1 },
      { student: 'a', skill: 'y', score: 0 },
      { student: 'a', skill: 'x', score: 0 },
    ];

    const result = crossValidate(responses, recorder);

    expect(seen).toEqual(['x:', 'y:', 'x:1']);
    expect(result).toMatchObject({ n: 3, rmse: rmse([1, 0, 0], [0.5, 0.5, 0.5]) });
  });
});
