import fc from 'fast-check';
import {
  applyEvidence,
  computeMastery,
  initialState,
  orderEvidence,
  parseMasteryPolicy,
  resultOf,
  update,
  type MasteryPolicyInput,
  type MethodState,
} from '../../../shared/mastery';
import type { Evidence } from '../../../shared/model';
import { anEvidence } from './evidence-builder';

const POLICIES: MasteryPolicyInput[] = [
  { method: 'latest' },
  { method: 'highest' },
  { method: 'average' },
  { method: 'average', decay: 0.8, prior: { value: 0.6, strength: 2 } },
  { method: 'weighted_latest' },
  { method: 'decaying_average', weight: 0.7 },
  { method: 'n_mastery', count: 2 },
  { method: 'bkt' },
  { method: 'bkt', params: { forget: 0.05 } },
];

/** A student-standard's evidence: unique ids, tied clocks, some exempt or voided. */
const evidenceSet = fc
  .array(
    fc.record({
      minute: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
      sequence: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
      score: fc.integer({ min: 0, max: 4 }).map((n) => n / 4),
      weight: fc.constantFrom(1, 2),
      status: fc.constantFrom('scored', 'scored', 'scored', 'exempt', 'voided-later'),
    }),
    { maxLength: 12 },
  )
  .map((rows) =>
    rows.flatMap((r, i): Evidence[] => {
      const e = anEvidence({
        evidenceId: `ev-${i}`,
        score: r.score,
        weight: r.weight,
        sequence: r.sequence,
        occurredAt:
          r.minute === undefined ? undefined : `2025-02-10T09:0${r.minute}:00.000Z`,
        status: r.status === 'exempt' ? 'exempt' : 'scored',
        source: { kind: 's3', uri: 's3://in/a.csv', line: i + 2, runId: 'r' },
      });
      return r.status === 'voided-later'
        ? [e, { ...e, status: 'voided', score: undefined }]
        : [e];
    }),
  );

describe.each(POLICIES)('Properties of $method %#', (input) => {
  const policy = parseMasteryPolicy(input);

  it('gives the same result for any arrival order', () => {
    fc.assert(
      fc.property(
        evidenceSet.chain((set) =>
          fc.tuple(fc.constant(set), fc.shuffledSubarray(set, { minLength: set.length })),
        ),
        ([set, shuffled]) => {
          expect(computeMastery(shuffled, policy)).toEqual(computeMastery(set, policy));
        },
      ),
    );
  });

  it('gives the same state by in-order updates as by a full recompute', () => {
    fc.assert(
      fc.property(evidenceSet, (set) => {
        const counted = orderEvidence(
          set.filter(
            (e) =>
              !set.some((v) => v.evidenceId === e.evidenceId && v.status !== 'scored'),
          ),
        );
        let state: MethodState = initialState(policy);
        for (const e of counted) state = update(state, e);

        expect(resultOf(state)).toEqual(computeMastery(set, policy));
      }),
    );
  });

  it('gives the same state by applyEvidence in any arrival order as by a full recompute', () => {
    fc.assert(
      fc.property(
        evidenceSet.chain((set) =>
          fc.tuple(fc.constant(set), fc.shuffledSubarray(set, { minLength: set.length })),
        ),
        ([set, arrival]) => {
          let state: MethodState = initialState(policy);
          const history: Evidence[] = [];
          for (const e of arrival) {
            state = applyEvidence(state, history, e).state;
            history.push(e);
          }

          expect(resultOf(state)).toEqual(computeMastery(set, policy));
        },
      ),
    );
  });
});
