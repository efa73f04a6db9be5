/**
 * A vendor that exports standard codes itself: the `standard` column gives
 * the evidence its standards directly, in the catalog's form when known and
 * as written (reported) when not.
 */
import { Readable } from 'node:stream';
import {
  createRowMapper,
  loadBuiltinProfile,
  readRecords,
} from '../../../shared/profiles/index.js';

async function mapAll(csv: string) {
  const profile = loadBuiltinProfile('standard-scores');
  const map = createRowMapper(profile, undefined, {
    programId: 'standard-scores',
    runId: 'run-1',
    sourceUri: 's3://b/incoming/standard-scores/q.csv',
    sourceIdentity: 'etag-1',
    timeZone: 'America/New_York',
  });
  const results = [];
  for await (const record of readRecords(profile, Readable.from([csv]), {
    fileName: 'q.csv',
  })) {
    results.push(...map(record));
  }
  return { results, map };
}

describe('Profile: standard-scores', () => {
  it('normalizes known codes, keeps unknown ones as written and reports them', async () => {
    const { results, map } = await mapAll(
      'student_id,standard_code,score,max_score,assessed_on\n' +
        'S-1,CCSS.Math.Content.6.SP.B.4,3,4,2025-03-04\n' +
        'S-1,ELA.RL.4.1,2,4,2025-03-04\n',
    );

    expect(
      results.map((r) => (r.kind === 'evidence' ? r.evidence.standards : r.kind)),
    ).toEqual([['6.SP.B.4'], ['ELA.RL.4.1']]);
    expect(
      results.map((r) => (r.kind === 'evidence' ? r.evidence.score : r.kind)),
    ).toEqual([0.75, 0.5]);
    expect([...map.unknownStandards]).toEqual([['ELA.RL.4.1', 1]]);
  });

  it('gives two identical rows two evidence ids: rows without ids are two attempts', async () => {
    const row = 'S-2,6.SP.B.4,4,4,2025-03-04\n';
    const { results } = await mapAll(
      'student_id,standard_code,score,max_score,assessed_on\n' + row + row,
    );

    const ids = results.map((r) => (r.kind === 'evidence' ? r.evidence.evidenceId : ''));
    expect(new Set(ids).size).toBe(2);
  });
});
