/** Per-program sums of the demo district's runs, and the planted alignment effect. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  buildDistrict,
  formatSummary,
  parseScopeBlocks,
  simulateTerms,
  summarizeRuns,
  type DemoNames,
} from '../../../shared/demo/index.js';
import { emptyCounts, type IngestRun } from '../../../shared/model.js';

const run = (
  programId: string,
  counts: Partial<IngestRun['counts']>,
  more: Partial<IngestRun> = {},
): IngestRun =>
  ({
    runId: `${programId}-${Math.random()}`,
    programId,
    status: 'completed',
    source: { bucket: 'lablink-ingest', key: `incoming/${programId}/f.csv` },
    counts: { ...emptyCounts(), ...counts },
    rejectReasons: {},
    unmappedSkills: [],
    startedAt: '2025-01-01T00:00:00.000Z',
    ...more,
  }) as IngestRun;

describe('summarizeRuns', () => {
  it('counts released records once, as released, beside what the file runs held', () => {
    const runs = [
      run(
        'star-standards',
        { parsed: 6, accepted: 4, held: 2 },
        {
          matchRate: {
            records: 6,
            matched: 4,
            byKind: {},
            unmatched: {},
            unmatchedIds: [],
          },
          unmappedSkills: ['X.1'],
        },
      ),
      run(
        'star-standards',
        { parsed: 2, accepted: 2 },
        {
          source: { bucket: 'lablink-held', key: 'star-standards/roster:1' },
        },
      ),
      run('oneroster', { parsed: 3, accepted: 3 }),
      run('iready-lessons', {
        parsed: 5,
        accepted: 3,
        replaced: 1,
        duplicates: 1,
        rejected: 1,
      }),
      run('auto', {}, { status: 'held' }),
    ];

    const text = formatSummary(summarizeRuns(runs));

    expect(text).toBe(
      '  auto             1 run: parsed 0 = accepted 0 + held 0 (released since 0, still held 0); ' +
        'matched 0; 1 file held whole for an unknown layout\n' +
        '  iready-lessons   1 run: parsed 5 = accepted 3 + duplicates 1 + rejected 1 + held 0 ' +
        '(released since 0, still held 0); matched 4; replaced 1 of the accepted\n' +
        '  oneroster        1 run: parsed 3 = accepted 3\n' +
        '  star-standards   2 runs: parsed 6 = accepted 4 + held 2 ' +
        '(released since 2, still held 0); matched 4; unmapped skills (1): X.1',
    );
  });
});

describe('alignedLearnMultiplier', () => {
  it('plants an effect: students end the term knowing more when aligned practice teaches faster', () => {
    const names = JSON.parse(
      readFileSync(resolve('data/demo/district/names.json'), 'utf8'),
    ) as DemoNames;
    const scope = parseScopeBlocks(
      readFileSync(resolve('data/demo/district/scope-and-sequence.csv'), 'utf8'),
    );
    const lastScores = (multiplier: number) => {
      const district = buildDistrict({
        names,
        scope,
        students: 400,
        alignedLearnMultiplier: multiplier,
      });
      const scores = [...simulateTerms(district)].flatMap((t) =>
        t.events.map((e) => e.correct),
      );
      return scores.reduce((n, x) => n + x, 0) / scores.length;
    };

    expect(lastScores(6)).toBeGreaterThan(lastScores(1) + 0.2);
  });
});
