import {
  resultToEvidence,
  type LineItemInfo,
} from '../../../shared/oneroster/results.js';
import type { RosterRow } from '../../../shared/oneroster/rows.js';

const lineItem: LineItemInfo = {
  classSourcedId: 'cls-1',
  resultValueMin: '0',
  resultValueMax: '20',
  standards: ['6.SP.B.4'],
};
const ctx = (notSubmitted: 'missing' | 'zero' = 'missing') => ({
  programId: 'oneroster',
  runId: 'run-1',
  sourceUri: 's3://b/k.zip',
  timeZone: 'America/New_York',
  policy: { notSubmitted },
});
const result = (values: Record<string, string>, deleted = false): RosterRow => ({
  kind: 'results',
  sourcedId: 'res-1',
  deleted,
  row: 2,
  values: { lineItemSourcedId: 'li-1', studentSourcedId: '00123', ...values },
});

describe('resultToEvidence', () => {
  it('scales a fully graded score onto [0,1] and keeps the student id as given', () => {
    const e = resultToEvidence(
      result({ scoreStatus: 'fully graded', score: '15', scoreDate: '2025-03-14' }),
      'results.csv',
      lineItem,
      ctx(),
    );

    expect(e).toMatchObject({
      studentId: '00123',
      itemId: 'li-1',
      status: 'scored',
      score: 0.75,
      standards: ['6.SP.B.4'],
      classId: 'cls-1',
      occurredAt: '2025-03-14T04:00:00.000Z',
    });
  });

  it('keeps exempt as exempt, never a score', () => {
    const e = resultToEvidence(
      result({ scoreStatus: 'exempt', score: '0' }),
      'r',
      lineItem,
      ctx(),
    );

    expect(e).toMatchObject({ status: 'exempt' });
    expect('score' in e && e.score).toBeFalsy();
  });

  it('makes not submitted missing, and zero only under a zero policy', () => {
    const missing = resultToEvidence(
      result({ scoreStatus: 'not submitted' }),
      'r',
      lineItem,
      ctx(),
    );
    const zero = resultToEvidence(
      result({ scoreStatus: 'not submitted' }),
      'r',
      lineItem,
      ctx('zero'),
    );

    expect(missing).toMatchObject({ status: 'not_submitted', score: undefined });
    expect(zero).toMatchObject({ status: 'scored', score: 0 });
  });

  it('voids a tobedeleted result under the same evidence id', () => {
    const scored = resultToEvidence(
      result({ scoreStatus: 'fully graded', score: '15' }),
      'r',
      lineItem,
      ctx(),
    );
    const voided = resultToEvidence(
      result({ scoreStatus: 'fully graded', score: '15' }, true),
      'r',
      lineItem,
      ctx(),
    );

    expect(voided).toMatchObject({ status: 'voided', score: undefined });
    expect('evidenceId' in voided && voided.evidenceId).toBe(
      'evidenceId' in scored && scored.evidenceId,
    );
  });

  it('rejects a score off the line item scale, naming column and row', () => {
    const e = resultToEvidence(
      result({ scoreStatus: 'fully graded', score: '21' }),
      'results.csv',
      lineItem,
      ctx(),
    );

    expect(e).toEqual({
      file: 'results.csv',
      row: 2,
      column: 'score',
      value: '21',
      reason: 'is not a number within [0, 20]',
      fix: 'write the score on the line item scale with a decimal point',
    });
  });

  it('rejects a result whose line item is unknown', () => {
    const e = resultToEvidence(
      result({ scoreStatus: 'exempt' }),
      'results.csv',
      undefined,
      ctx(),
    );

    expect(e).toMatchObject({ column: 'lineItemSourcedId', row: 2 });
  });
});
