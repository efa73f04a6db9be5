/**
 * Every builtin vendor profile against a real export from ../shared/data/real:
 * exact accepted and rejected counts, with the reasons, and detection naming
 * the profile from the header alone.
 */
import { createReadStream } from 'node:fs';
import { deterministicId } from '../../../shared/ids.js';
import { Evidence } from '../../../shared/model.js';
import { detectProfile, readHeaderFields } from '../../../shared/profiles/detect.js';
import { describeWithShared, sharedPath } from '../../support/shared-folder.js';
import { CASES } from './real-layout-cases.js';
import { evidenceOf, mapFile, rejectReasons } from './real-files.js';

describeWithShared('data/real', 'builtin profiles on real vendor exports', () => {
  it.each(CASES)(
    '%s maps %s: exact accepted and rejected records',
    async (profileId, file, accepted, rejects) => {
      const outcome = await mapFile(profileId, file);

      const evidence = evidenceOf(outcome);
      expect(evidence).toHaveLength(accepted);
      expect(rejectReasons(outcome)).toEqual(rejects);
      expect(new Set(evidence.map((e) => e.evidenceId)).size).toBe(accepted);
      for (const e of evidence) expect(Evidence.safeParse(e).success).toBe(true);
    },
  );

  it.each(CASES)('detects %s from the header of %s', async (profileId, file) => {
    const header = await readHeaderFields(
      createReadStream(sharedPath('data/real', file)),
      file,
    );

    const [best, second] = detectProfile(header);

    expect(best).toMatchObject({ profileId, matches: true, score: 1 });
    expect(second?.matches).toBe(false);
  });
});

describeWithShared(
  'data/real',
  'the Cognitive Tutor exports through the crosswalk',
  () => {
    it('maps every ds76 step to a standard and leaves no geometry skill unmapped', async () => {
      const outcome = await mapFile(
        'datashop-student-step',
        'datashop-geometry-area-ds76/ds76_student_step_export.tsv',
      );

      expect(evidenceOf(outcome).every((e) => e.standards.length > 0)).toBe(true);
      expect(outcome.unmapped.size).toBe(0);
    });

    it('maps 3,705 of 10,000 KDD steps and lists the 130 skills left unmapped', async () => {
      const outcome = await mapFile(
        'kddcup2010-student-step',
        'kddcup2010-cognitive-tutor-algebra/ct_algebra_2006_2007_student_step_subset.tsv',
      );

      expect(evidenceOf(outcome).filter((e) => e.standards.length > 0)).toHaveLength(
        3_705,
      );
      expect(outcome.unmapped.size).toBe(130);
      expect(outcome.unmapped.get('Entering a given')).toBeUndefined();
    });

    it('reads a KDD step exactly: first attempt, its time, its duration', async () => {
      const outcome = await mapFile(
        'kddcup2010-student-step',
        'kddcup2010-cognitive-tutor-algebra/ct_algebra_2006_2007_student_step_subset.tsv',
      );

      const first = evidenceOf(outcome)[0]!;

      expect(first).toMatchObject({
        evidenceId: deterministicId(
          'cognitive-tutor-kdd',
          'JG4Tz',
          'Unit CTA1_01, Section CTA1_01-1',
          'LDEMO_WKST',
          '1',
          'R1C1',
        ),
        studentId: 'JG4Tz',
        itemId: 'LDEMO_WKST',
        status: 'scored',
        score: 0,
        sequence: 1,
        occurredAt: '2006-10-26T09:52:30-04:00',
        standards: [],
      });
      expect(first.minutesOnTask).toBeCloseTo(92 / 60, 10);
    });
  },
);
