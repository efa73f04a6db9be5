import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { computeMastery, parseMasteryPolicy } from '../../../shared/mastery';
import type { Evidence } from '../../../shared/model';
import { describeWithShared, sharedPath } from '../../support/shared-folder';
import { anEvidence } from './evidence-builder';

const C07 = sharedPath('cases/inputs/C07-tied-timestamps.csv');

/** The case file as ingest would map it: score / max_score, minute clock, vendor_seq. */
function c07Evidence(): Evidence[] {
  const rows = parse(readFileSync(C07), { columns: true }) as Record<string, string>[];
  return rows.map((r, i) =>
    anEvidence({
      evidenceId: `${r.student_id}-${r.item_id}-${r.vendor_seq}`,
      studentId: r.student_id,
      standards: [r.standard_code!],
      score: Number(r.score) / Number(r.max_score),
      occurredAt: `${r.answered_at!.replace(' ', 'T')}:00Z`,
      sequence: Number(r.vendor_seq),
      source: { kind: 's3', uri: 's3://in/C07.csv', line: i + 2, runId: 'run-1' },
    }),
  );
}

describeWithShared(
  'cases/inputs',
  'Case C07: tied timestamps ordered by vendor sequence',
  () => {
    const weighted = parseMasteryPolicy({ method: 'weighted_latest', weight: 0.65 });
    const decaying = parseMasteryPolicy({ method: 'decaying_average', weight: 0.65 });

    it('gives 3.475 of 4 for weighted 65/35 (scores 3, 2, 4)', () => {
      expect(computeMastery(c07Evidence(), weighted).value).toBeCloseTo(3.475 / 4, 12);
    });

    it('gives 3.4225 of 4 for decaying 0.65', () => {
      expect(computeMastery(c07Evidence(), decaying).value).toBeCloseTo(3.4225 / 4, 12);
    });

    it('gives the same value for every row order of the file', () => {
      const evidence = c07Evidence();
      fc.assert(
        fc.property(
          fc.shuffledSubarray(evidence, { minLength: 3, maxLength: 3 }),
          (rows) => {
            expect(computeMastery(rows, weighted).value).toBe(
              computeMastery(evidence, weighted).value,
            );
            expect(computeMastery(rows, decaying).value).toBe(
              computeMastery(evidence, decaying).value,
            );
          },
        ),
      );
    });
  },
);
