/**
 * Bayesian Knowledge Tracing: a two-state (unknown, known) hidden Markov model
 * per standard. The state a student carries is one number, P(known), so each
 * new piece of evidence updates it in constant time.
 */
import type { BktParams } from './policy.js';

/** P(a correct response) when P(known) is `pKnown`. */
export function bktPredictCorrect(params: BktParams, pKnown: number): number {
  return pKnown * (1 - params.slip) + (1 - pKnown) * params.guess;
}

/**
 * P(known) after a response with score `score`, before the transition to the
 * next opportunity. A score between 0 and 1 is soft evidence: it is read as a
 * correct answer with that probability, which reduces to classic BKT for 0/1.
 */
export function bktPosterior(params: BktParams, pKnown: number, score: number): number {
  const likeKnown = score * (1 - params.slip) + (1 - score) * params.slip;
  const likeUnknown = score * params.guess + (1 - score) * (1 - params.guess);
  const joint = pKnown * likeKnown;
  return joint / (joint + (1 - pKnown) * likeUnknown);
}

/** P(known) at the next opportunity: learning and forgetting between the two. */
export function bktTransition(params: BktParams, pKnown: number): number {
  return pKnown * (1 - params.forget) + (1 - pKnown) * params.learn;
}

/** One opportunity: observe the score, then move to the next opportunity. */
export function bktStep(params: BktParams, pKnown: number, score: number): number {
  return bktTransition(params, bktPosterior(params, pKnown, score));
}
