/**
 * Every mastery method as a next-response predictor for the protocol. A
 * method's value before any response is the skill's mean in the training
 * folds: the domain methods have no value then, and the protocol needs one.
 */
import {
  bktPredictCorrect,
  bktStep,
  fitBkt,
  initialState,
  parseMasteryPolicy,
  update,
  valueOf,
  type BktParams,
  type MasteryPolicyInput,
  type MethodState,
} from '../shared/mastery/index.js';
import type { Evidence } from '../shared/model.js';
import type { Predictor, Response, Tracker } from './protocol.js';

/** Means by skill in the training folds, and the overall mean for unseen skills. */
export function skillMeans(responses: readonly Response[]) {
  const sums = new Map<string, { sum: number; n: number }>();
  let total = 0;
  for (const r of responses) {
    const s = sums.get(r.skill) ?? { sum: 0, n: 0 };
    s.sum += r.score;
    s.n += 1;
    sums.set(r.skill, s);
    total += r.score;
  }
  const overall = responses.length ? total / responses.length : 0.5;
  return (skill: string) => {
    const s = sums.get(skill);
    return s ? s.sum / s.n : overall;
  };
}

export const skillMean: Predictor = {
  name: 'skill mean (baseline)',
  train(responses) {
    const mean = skillMeans(responses);
    return (skill) => ({ predict: () => mean(skill), observe: () => undefined });
  },
};

/** The peers' "student's running mean, 0.5 before any response", to check the split. */
export const runningMean: Predictor = {
  name: 'running mean, 0.5 first (peer def.)',
  train() {
    return () => {
      let sum = 0;
      let n = 0;
      return {
        predict: () => (n === 0 ? 0.5 : sum / n),
        observe: (score) => {
          sum += score;
          n += 1;
        },
      };
    };
  },
};

/** Evidence for the domain's update; only the score and order matter here. */
function evidenceOf(score: number, n: number): Evidence {
  return {
    evidenceId: `e${n}`,
    studentId: 's',
    programId: 'eval',
    itemId: 'i',
    standards: [],
    status: 'scored',
    score,
    sequence: n,
    weight: 1,
    source: { kind: 'pull', uri: 'eval', line: n + 1, runId: 'eval' },
    contentHash: '',
  };
}

/** A domain method, through the same `update` the ingest path uses. */
export function policyPredictor(name: string, input: MasteryPolicyInput): Predictor {
  const policy = parseMasteryPolicy(input);
  return {
    name,
    train(responses) {
      const mean = skillMeans(responses);
      return (skill): Tracker => {
        let state: MethodState = initialState(policy);
        return {
          predict: () => valueOf(state) ?? mean(skill),
          observe: (score) => {
            state = update(state, evidenceOf(score, state.count));
          },
        };
      };
    },
  };
}

function bktTracker(params: BktParams): Tracker {
  let pKnown = params.prior;
  return {
    predict: () => bktPredictCorrect(params, pKnown),
    observe: (score) => {
      pKnown = bktStep(params, pKnown, score);
    },
  };
}

/** Each skill's responses as per-student sequences, in order. */
export function sequencesBySkill(
  responses: readonly Response[],
): Map<string, number[][]> {
  const bySkill = new Map<string, Map<string, number[]>>();
  for (const r of responses) {
    const students = bySkill.get(r.skill) ?? new Map<string, number[]>();
    bySkill.set(r.skill, students);
    const seq = students.get(r.student) ?? [];
    students.set(r.student, seq);
    seq.push(r.score);
  }
  return new Map([...bySkill].map(([skill, s]) => [skill, [...s.values()]]));
}

/** BKT with per-skill parameters fitted by EM on the training folds. */
export function fittedBkt(name: string, forgetting: boolean): Predictor {
  return {
    name,
    train(responses) {
      const fits = new Map<string, BktParams>();
      for (const [skill, seqs] of sequencesBySkill(responses)) {
        fits.set(skill, fitBkt(seqs, { forgetting }).params);
      }
      return (skill) => bktTracker(fits.get(skill) ?? parseMasteryPolicyBkt());
    },
  };
}

function parseMasteryPolicyBkt(): BktParams {
  const policy = parseMasteryPolicy({ method: 'bkt' });
  if (policy.method !== 'bkt') throw new Error('unreachable');
  return policy.params;
}

export const defaultBkt: Predictor = {
  name: 'bkt (default params)',
  train: () => () => bktTracker(parseMasteryPolicyBkt()),
};

/** Candidate settings for the tuned average: prior strength and decay. */
export const TUNING_GRID = {
  strength: [0.5, 1, 2, 4, 8, 16],
  decay: [1, 0.95, 0.9, 0.85, 0.8, 0.7],
} as const;

/** Mean squared error of next-response predictions within the given responses. */
function trainingError(
  responses: readonly Response[],
  trackerFor: (s: string) => Tracker,
) {
  const trackers = new Map<string, Tracker>();
  let sum = 0;
  for (const r of responses) {
    const key = `${r.student}\u0000${r.skill}`;
    let tracker = trackers.get(key);
    if (!tracker) trackers.set(key, (tracker = trackerFor(r.skill)));
    sum += (tracker.predict() - r.score) ** 2;
    tracker.observe(r.score);
  }
  return sum / Math.max(1, responses.length);
}

export interface TunedPredictor extends Predictor {
  /** The setting chosen for each training run, in fold order. */
  chosen: { strength: number; decay: number }[];
}

/**
 * `average` with a prior at the skill's training mean and a decay, both
 * chosen by next-response error on the training folds alone; the held-out
 * students never inform the choice.
 */
export function tunedAverage(): TunedPredictor {
  const chosen: TunedPredictor['chosen'] = [];
  const train = (responses: readonly Response[]) => {
    const mean = skillMeans(responses);
    const make = (strength: number, decay: number) => (skill: string) => {
      const policy = parseMasteryPolicy({
        method: 'average',
        decay,
        prior: { value: mean(skill), strength },
      });
      let state: MethodState = initialState(policy);
      return {
        predict: () => valueOf(state) ?? mean(skill),
        observe: (score: number) => {
          state = update(state, evidenceOf(score, state.count));
        },
      };
    };
    let best = { error: Number.POSITIVE_INFINITY, strength: 1, decay: 1 };
    for (const strength of TUNING_GRID.strength) {
      for (const decay of TUNING_GRID.decay) {
        const error = trainingError(responses, make(strength, decay));
        if (error < best.error) best = { error, strength, decay };
      }
    }
    chosen.push({ strength: best.strength, decay: best.decay });
    return make(best.strength, best.decay);
  };
  return { name: 'average, prior + decay tuned on train', train, chosen };
}
