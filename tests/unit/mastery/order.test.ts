import { compareEvidence, orderEvidence } from '../../../shared/mastery';
import { anEvidence } from './evidence-builder';

describe('Function: compareEvidence', () => {
  const at = '2025-02-10T09:15:00.000Z';
  const source = (uri: string, line: number) => ({
    kind: 's3' as const,
    uri,
    line,
    runId: 'r',
  });

  it('orders by time, then vendor sequence, then source file, line and evidence id', () => {
    const clockless = anEvidence({ evidenceId: 'a', sequence: 9 });
    const seq1 = anEvidence({ evidenceId: 'b', occurredAt: at, sequence: 1 });
    const noSeqFileA = anEvidence({
      evidenceId: 'c',
      occurredAt: at,
      source: source('s3://a', 5),
    });
    const noSeqFileALater = anEvidence({
      evidenceId: 'd',
      occurredAt: at,
      source: source('s3://a', 7),
    });
    const noSeqFileB = anEvidence({
      evidenceId: 'e',
      occurredAt: at,
      source: source('s3://b', 1),
    });
    const sameSpotOtherId = { ...noSeqFileB, evidenceId: 'f' };
    const expected = [
      clockless,
      seq1,
      noSeqFileA,
      noSeqFileALater,
      noSeqFileB,
      sameSpotOtherId,
    ];

    const ordered = orderEvidence([...expected].reverse());

    expect(ordered.map((e) => e.evidenceId)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(compareEvidence(noSeqFileB, noSeqFileB)).toBe(0);
  });
});
