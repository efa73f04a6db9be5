/** Unmapped vendor skills per program, and the Cognitive Tutor crosswalk they are checked against. */
import { loadBuiltinCrosswalk } from '../../../shared/crosswalks/builtin.js';
import {
  formatUnmappedSkills,
  unmappedSkillsByProgram,
} from '../../../shared/crosswalks/unmapped.js';

describe('the Cognitive Tutor crosswalk', () => {
  it('loads against the catalog and serves the three Cognitive Tutor programs', () => {
    const crosswalk = loadBuiltinCrosswalk('cognitive-tutor-ccss');

    expect(crosswalk.programId).toBe('cognitive-tutor-steps');
    expect(crosswalk.sharedWith).toEqual([
      'cognitive-tutor-transactions',
      'cognitive-tutor-kdd',
    ]);
    expect(
      crosswalk.mappings.find((m) => m.vendorSkill === 'ALT:CIRCLE-AREA')?.standards,
    ).toEqual(['7.G.B.4']);
  });
});

describe('unmappedSkillsByProgram', () => {
  it('counts each skill once per run, drops skills mapped since, and sorts by frequency', () => {
    const runs = [
      {
        programId: 'cognitive-tutor-kdd',
        unmappedSkills: ['Plot pi', 'ALT:CIRCLE-AREA'],
      },
      { programId: 'cognitive-tutor-kdd', unmappedSkills: ['plot pi ', 'Shading x'] },
      { programId: 'iready-lessons', unmappedSkills: ['Understand Addition'] },
      { programId: 'assistments', unmappedSkills: [] },
    ];

    const reports = unmappedSkillsByProgram(runs);

    expect(reports).toEqual([
      {
        programId: 'cognitive-tutor-kdd',
        crosswalkId: 'cognitive-tutor-ccss',
        skills: [
          { vendorSkill: 'Plot pi', runs: 2 },
          { vendorSkill: 'Shading x', runs: 1 },
        ],
      },
      {
        programId: 'iready-lessons',
        skills: [{ vendorSkill: 'Understand Addition', runs: 1 }],
      },
    ]);
  });

  it('prints one tab-separated line per program and skill', () => {
    const text = formatUnmappedSkills([
      { programId: 'p', skills: [{ vendorSkill: 'a\tb', runs: 3 }] },
    ]);

    expect(text).toBe('program\tcrosswalk\truns\tvendor skill\np\t-\t3\ta b\n');
  });
});
