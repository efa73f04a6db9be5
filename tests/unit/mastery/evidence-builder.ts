/** Builds evidence for mastery tests: only what a test states differs from a plain score. */
import type { Evidence } from '../../../shared/model';

let counter = 0;

export function anEvidence(overrides: Partial<Evidence> = {}): Evidence {
  counter += 1;
  const evidence: Evidence = {
    evidenceId: `ev-${counter}`,
    studentId: 'S-1',
    programId: 'P-1',
    itemId: `Q-${counter}`,
    standards: ['MA.4.NBT.2'],
    status: 'scored',
    score: 1,
    weight: 1,
    source: { kind: 's3', uri: 's3://in/file.csv', line: counter + 1, runId: 'run-1' },
    contentHash: `h-${counter}`,
    ...overrides,
  };
  if (evidence.status !== 'scored') delete evidence.score;
  return evidence;
}

/** One scored evidence per score, a minute apart, in the order given. */
export function scoresInOrder(
  scores: readonly number[],
  weights?: readonly number[],
): Evidence[] {
  return scores.map((score, i) =>
    anEvidence({
      score,
      weight: weights?.[i] ?? 1,
      occurredAt: new Date(Date.UTC(2025, 1, 10, 9, i)).toISOString(),
    }),
  );
}
