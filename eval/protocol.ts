/**
 * The evaluation protocol of docs/PEERS.md, kept apart from the data so a
 * test can check it: folds by student, next-response prediction, AUC, RMSE.
 */
import { seededRandom } from '../shared/random.js';

/** One response: a student's score on a skill (a standard) at a position in time. */
export interface Response {
  student: string;
  skill: string;
  /** 0 or 1 in both real data sets. */
  score: number;
}

export const FOLD_COUNT = 5;
export const FOLD_SEED = 42;

/** The fold split's generator: mulberry32 (shared/random.ts), seeded with FOLD_SEED. */
export const mulberry32 = seededRandom;

/** Fisher-Yates from the last position down, drawing j in [0, i]. */
export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * Fold of each student: ids sorted (by UTF-16 code unit, so "10" < "9"),
 * shuffled with mulberry32(seed), fold = position mod `folds`.
 */
export function foldsByStudent(
  studentIds: Iterable<string>,
  folds = FOLD_COUNT,
  seed = FOLD_SEED,
): Map<string, number> {
  const sorted = [...new Set(studentIds)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const shuffled = shuffle(sorted, mulberry32(seed));
  return new Map(shuffled.map((id, position) => [id, position % folds]));
}

/** Area under the ROC curve by ranks; tied predictions share their mean rank. */
export function auc(labels: readonly number[], predictions: readonly number[]): number {
  const order = predictions
    .map((p, i) => i)
    .sort((a, b) => predictions[a]! - predictions[b]!);
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < order.length;) {
    let end = start;
    const p = predictions[order[start]!]!;
    while (end < order.length && predictions[order[end]!] === p) end++;
    const meanRank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) {
      if (labels[order[k]!]! >= 0.5) {
        positives++;
        rankSum += meanRank;
      }
    }
    start = end;
  }
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export function rmse(labels: readonly number[], predictions: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < labels.length; i++) sum += (labels[i]! - predictions[i]!) ** 2;
  return Math.sqrt(sum / labels.length);
}

/** Tracks one student on one skill: predicts the next score, then sees it. */
export interface Tracker {
  predict(): number;
  observe(score: number): void;
}

/** A method as the protocol sees it: trained on some students, tracks others. */
export interface Predictor {
  name: string;
  train(responses: readonly Response[]): (skill: string) => Tracker;
}

export interface Scored {
  auc: number;
  rmse: number;
  n: number;
}

/**
 * Runs the protocol for one method. `responses` are already in the order the
 * work happened; each held-out response is predicted from the same student's
 * earlier responses on that skill, by a method trained on the other folds.
 */
export function crossValidate(
  responses: readonly Response[],
  predictor: Predictor,
): Scored {
  const fold = foldsByStudent(responses.map((r) => r.student));
  const labels: number[] = [];
  const predictions: number[] = [];
  for (let f = 0; f < FOLD_COUNT; f++) {
    const train = responses.filter((r) => fold.get(r.student) !== f);
    const test = responses.filter((r) => fold.get(r.student) === f);
    const trackerFor = predictor.train(train);
    const trackers = new Map<string, Tracker>();
    for (const r of test) {
      const key = `${r.student}\u0000${r.skill}`;
      let tracker = trackers.get(key);
      if (!tracker) trackers.set(key, (tracker = trackerFor(r.skill)));
      labels.push(r.score);
      predictions.push(tracker.predict());
      tracker.observe(r.score);
    }
  }
  return {
    auc: auc(labels, predictions),
    rmse: rmse(labels, predictions),
    n: labels.length,
  };
}
