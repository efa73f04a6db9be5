import {
  DEFAULT_POLICY,
  applyEvidence,
  computeMastery,
  initialState,
  parseMasteryPolicy,
  resultOf,
  type MethodState,
} from '../../../shared/mastery';
import type { Evidence } from '../../../shared/model';
import { anEvidence, scoresInOrder } from './evidence-builder';

const latest = parseMasteryPolicy({ method: 'latest' });

/** Feeds evidence one at a time in arrival order, as ingest runs would. */
function arrive(evidence: readonly Evidence[], policy = DEFAULT_POLICY) {
  let state: MethodState = initialState(policy);
  const history: Evidence[] = [];
  const reasons: string[] = [];
  for (const e of evidence) {
    const applied = applyEvidence(state, history, e);
    state = applied.state;
    reasons.push(applied.reason);
    history.push(e);
  }
  return { result: resultOf(state), reasons };
}

describe('Exempt and voided evidence', () => {
  it('never counts an exempt record, whichever order it arrives in', () => {
    const [a, b] = scoresInOrder([0.5, 1]);
    const exempt = { ...b!, status: 'exempt' as const, score: undefined };

    expect(computeMastery([a!, b!, exempt], latest)).toMatchObject({ value: 0.5 });
    expect(computeMastery([a!, exempt, b!], latest)).toMatchObject({ value: 0.5 });
    expect(arrive([a!, exempt, b!], latest).result).toMatchObject({
      value: 0.5,
      evidenceCount: 1,
    });
  });

  it('cancels the evidence with the same id, before or after it arrives', () => {
    const [a, b] = scoresInOrder([0.5, 1]);
    const voided = anEvidence({ ...b!, status: 'voided' });

    expect(arrive([a!, b!, voided], latest).result.value).toBe(0.5);
    expect(arrive([a!, voided, b!], latest).result.value).toBe(0.5);
    expect(arrive([voided, a!, b!], latest).result.value).toBe(0.5);
  });

  it('is not started when the only evidence is voided', () => {
    const [a] = scoresInOrder([0.9]);
    const voided = anEvidence({ ...a!, status: 'voided' });

    expect(computeMastery([a!, voided])).toMatchObject({
      value: undefined,
      level: 'not_started',
      evidenceCount: 0,
    });
  });

  it('lets a late submission replace not_submitted', () => {
    const [a] = scoresInOrder([0.75]);
    const missing = anEvidence({ ...a!, status: 'not_submitted' });

    expect(computeMastery([missing, a!], latest).value).toBe(0.75);
  });
});

describe('Regrades', () => {
  it('replaces the earlier score of the same evidence id and recomputes', () => {
    const [a, b] = scoresInOrder([0.5, 0.25]);
    const regrade = { ...a!, score: 1, contentHash: 'regraded' };

    const { result, reasons } = arrive([a!, b!, regrade]);

    // decaying 0.65 over 1, 0.25: 0.65 x 0.25 + 0.35 x 1
    expect(result.value).toBeCloseTo(0.5125, 12);
    expect(result.evidenceCount).toBe(2);
    expect(reasons).toEqual(['in_order', 'in_order', 'replaces']);
  });
});

describe('Function: applyEvidence with out-of-order arrival', () => {
  it('recomputes only when evidence sorts before the last applied and matches a full recompute', () => {
    const [a, b, c] = scoresInOrder([0.5, 1, 0.25]);

    const { result, reasons } = arrive([a!, c!, b!]);

    expect(reasons).toEqual(['in_order', 'in_order', 'late']);
    expect(result.value).toBeCloseTo(0.45125, 12);
    expect(result).toEqual(computeMastery([a!, b!, c!]));
  });

  it('updates in constant time when evidence arrives in order', () => {
    const { reasons } = arrive(scoresInOrder([0.5, 1, 0.25]));

    expect(reasons).toEqual(['in_order', 'in_order', 'in_order']);
  });
});
