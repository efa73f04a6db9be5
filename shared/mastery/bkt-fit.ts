/**
 * Fitting BKT parameters for one standard from the district's own evidence:
 * expectation-maximisation (Baum-Welch) over every student's sequence of
 * scores on that standard, from a few fixed starting points, keeping the best
 * fit that passes the guards.
 */
import type { Evidence } from '../model.js';
import { countedEvidence } from './order.js';
import { DEFAULT_BKT_PARAMS, type BktParams } from './policy.js';

/** Below this many scored responses a fit is noise; defaults are used. */
export const MIN_FIT_RESPONSES = 30;
/** Below this many students a fit describes them, not the standard. */
export const MIN_FIT_SEQUENCES = 3;
export const MAX_EM_ITERATIONS = 200;
/** Stop when the log-likelihood improves by less than this per response. */
export const EM_TOLERANCE_PER_RESPONSE = 1e-7;
/** Keeps every probability off 0 and 1, where EM can never leave again. */
const EPSILON = 1e-6;
/** guess and slip must stay below this, or the states swap meaning. */
export const MAX_GUESS_OR_SLIP = 0.5;

/** Starting points (prior, learn, guess, slip): EM has local optima. */
const STARTS: readonly (readonly [number, number, number, number])[] = [
  [0.5, 0.15, 0.2, 0.1],
  [0.3, 0.1, 0.25, 0.15],
  [0.7, 0.2, 0.15, 0.1],
  [0.2, 0.3, 0.3, 0.2],
  [0.8, 0.05, 0.1, 0.05],
];

export interface BktFitOptions {
  /** Fit P(forget) too; otherwise it stays 0 (standard BKT). */
  forgetting?: boolean;
  /** Used when the data are too few or every fit is degenerate. */
  defaults?: BktParams;
  minResponses?: number;
  minSequences?: number;
}

export interface BktFit {
  params: BktParams;
  /** False when `params` are the defaults; `reason` says why. */
  fitted: boolean;
  reason?: 'too_little_data' | 'degenerate';
  /** The data behind the fit, stored with it. */
  responses: number;
  sequences: number;
  logLikelihood?: number;
  iterations?: number;
}

const clamp = (p: number, hi = 1 - EPSILON) => Math.min(hi, Math.max(EPSILON, p));

/**
 * Fits one standard. Each sequence is one student's scores on the standard in
 * the order the work happened; scores between 0 and 1 count as soft evidence.
 */
export function fitBkt(
  sequences: readonly (readonly number[])[],
  options: BktFitOptions = {},
): BktFit {
  const defaults = options.defaults ?? DEFAULT_BKT_PARAMS;
  const used = sequences.filter((s) => s.length > 0);
  const responses = used.reduce((n, s) => n + s.length, 0);
  const counts = { responses, sequences: used.length };
  const enough =
    responses >= (options.minResponses ?? MIN_FIT_RESPONSES) &&
    used.length >= (options.minSequences ?? MIN_FIT_SEQUENCES);
  if (!enough)
    return { params: defaults, fitted: false, reason: 'too_little_data', ...counts };

  let best: { params: BktParams; logLikelihood: number; iterations: number } | undefined;
  for (const [prior, learn, guess, slip] of STARTS) {
    const start: BktParams = {
      prior,
      learn,
      guess,
      slip,
      forget: options.forgetting ? 0.05 : 0,
    };
    const run = runEm(used, start, responses, options.forgetting ?? false);
    const sound =
      run.params.guess < MAX_GUESS_OR_SLIP && run.params.slip < MAX_GUESS_OR_SLIP;
    if (sound && (!best || run.logLikelihood > best.logLikelihood)) best = run;
  }
  if (!best) return { params: defaults, fitted: false, reason: 'degenerate', ...counts };
  return { ...best, fitted: true, ...counts };
}

function runEm(
  sequences: readonly (readonly number[])[],
  start: BktParams,
  responses: number,
  forgetting: boolean,
) {
  let params = start;
  let logLikelihood = Number.NEGATIVE_INFINITY;
  let iterations = 0;
  while (iterations < MAX_EM_ITERATIONS) {
    iterations += 1;
    const stats = expectation(sequences, params);
    const improved = stats.logLikelihood - logLikelihood;
    logLikelihood = stats.logLikelihood;
    params = maximisation(stats, forgetting);
    if (improved < EM_TOLERANCE_PER_RESPONSE * responses) break;
  }
  return { params, logLikelihood, iterations };
}

interface Expected {
  logLikelihood: number;
  firstKnown: number;
  firstTotal: number;
  /** Expected transitions unknown->known and known->unknown, and their origins. */
  learned: number;
  fromUnknown: number;
  forgot: number;
  fromKnown: number;
  /** Expected correct answers while unknown / wrong answers while known. */
  correctUnknown: number;
  unknown: number;
  wrongKnown: number;
  known: number;
}

/** Forward-backward with scaling over every sequence. State 1 is known. */
function expectation(sequences: readonly (readonly number[])[], p: BktParams): Expected {
  const e: Expected = {
    logLikelihood: 0,
    firstKnown: 0,
    firstTotal: 0,
    learned: 0,
    fromUnknown: 0,
    forgot: 0,
    fromKnown: 0,
    correctUnknown: 0,
    unknown: 0,
    wrongKnown: 0,
    known: 0,
  };
  for (const seq of sequences) {
    const n = seq.length;
    const a0 = new Float64Array(n);
    const a1 = new Float64Array(n);
    const scale = new Float64Array(n);
    const b0 = (s: number) => s * p.guess + (1 - s) * (1 - p.guess);
    const b1 = (s: number) => s * (1 - p.slip) + (1 - s) * p.slip;

    for (let t = 0; t < n; t++) {
      const s = seq[t] as number;
      const prev0 = t === 0 ? 1 - p.prior : (a0[t - 1] as number);
      const prev1 = t === 0 ? p.prior : (a1[t - 1] as number);
      const into0 = t === 0 ? prev0 : prev0 * (1 - p.learn) + prev1 * p.forget;
      const into1 = t === 0 ? prev1 : prev0 * p.learn + prev1 * (1 - p.forget);
      const f0 = into0 * b0(s);
      const f1 = into1 * b1(s);
      const c = f0 + f1;
      scale[t] = c;
      a0[t] = f0 / c;
      a1[t] = f1 / c;
      e.logLikelihood += Math.log(c);
    }

    let beta0 = 1;
    let beta1 = 1;
    for (let t = n - 1; t >= 0; t--) {
      const s = seq[t] as number;
      const g0 = (a0[t] as number) * beta0;
      const g1 = (a1[t] as number) * beta1;
      const g = g0 + g1;
      e.unknown += g0 / g;
      e.known += g1 / g;
      e.correctUnknown += (g0 / g) * s;
      e.wrongKnown += (g1 / g) * (1 - s);
      if (t === 0) {
        e.firstKnown += g1 / g;
        e.firstTotal += 1;
        break;
      }
      // Transitions from t-1 into t, weighted by the emission and beta at t.
      const w0 = (b0(s) * beta0) / (scale[t] as number);
      const w1 = (b1(s) * beta1) / (scale[t] as number);
      const from0 = a0[t - 1] as number;
      const from1 = a1[t - 1] as number;
      e.learned += from0 * p.learn * w1;
      e.fromUnknown += from0 * ((1 - p.learn) * w0 + p.learn * w1);
      e.forgot += from1 * p.forget * w0;
      e.fromKnown += from1 * (p.forget * w0 + (1 - p.forget) * w1);
      const nb0 = (1 - p.learn) * w0 + p.learn * w1;
      const nb1 = p.forget * w0 + (1 - p.forget) * w1;
      beta0 = nb0;
      beta1 = nb1;
    }
  }
  return e;
}

function maximisation(e: Expected, forgetting: boolean): BktParams {
  return {
    prior: clamp(e.firstKnown / e.firstTotal),
    learn: clamp(e.fromUnknown > 0 ? e.learned / e.fromUnknown : EPSILON),
    guess: clamp(e.unknown > 0 ? e.correctUnknown / e.unknown : EPSILON),
    slip: clamp(e.known > 0 ? e.wrongKnown / e.known : EPSILON),
    forget: forgetting ? clamp(e.fromKnown > 0 ? e.forgot / e.fromKnown : EPSILON) : 0,
  };
}

/** Each student's scores per standard, in the order the work happened. */
export function sequencesByStandard(
  evidence: readonly Evidence[],
): Map<string, number[][]> {
  const byStudent = new Map<string, Map<string, number[]>>();
  for (const e of countedEvidence(evidence)) {
    for (const standard of e.standards) {
      const students = byStudent.get(standard) ?? new Map<string, number[]>();
      byStudent.set(standard, students);
      const seq = students.get(e.studentId) ?? [];
      students.set(e.studentId, seq);
      seq.push(e.score as number);
    }
  }
  return new Map([...byStudent].map(([standard, s]) => [standard, [...s.values()]]));
}

/** Fits every standard in the evidence; a standard with too little data gets the defaults. */
export function fitBktByStandard(
  evidence: readonly Evidence[],
  options: BktFitOptions = {},
): Map<string, BktFit> {
  const fits = new Map<string, BktFit>();
  for (const [standard, seqs] of sequencesByStandard(evidence)) {
    fits.set(standard, fitBkt(seqs, options));
  }
  return fits;
}
