/**
 * Every builtin vendor profile against a real export from ../shared/data/real:
 * exact accepted and rejected counts, with the reasons, and detection naming
 * the profile from the header alone.
 */
import { createReadStream } from 'node:fs';
import { loadBuiltinCrosswalk } from '../../../shared/crosswalks/builtin.js';
import { deterministicId } from '../../../shared/ids.js';
import { Evidence } from '../../../shared/model.js';
import { loadBuiltinProfile } from '../../../shared/profiles/builtin.js';
import { detectProfile, readHeaderFields } from '../../../shared/profiles/detect.js';
import { createRowMapper, type MapResult } from '../../../shared/profiles/mapper.js';
import { readRecords } from '../../../shared/profiles/reader.js';
import type { Profile } from '../../../shared/profiles/schema.js';
import { BUILTIN_PROGRAMS } from '../../../shared/programs.js';
import { describeWithShared, sharedPath } from '../../support/shared-folder.js';

interface Outcome {
  results: MapResult[];
  unmapped: ReadonlyMap<string, number>;
}

const outcomes = new Map<string, Promise<Outcome>>();

/** Each file is mapped once per run of this suite: the KDD file has 10,000 rows. */
function mapFile(profileId: string, file: string): Promise<Outcome> {
  const key = `${profileId}\u0000${file}`;
  let outcome = outcomes.get(key);
  if (!outcome) outcomes.set(key, (outcome = mapFileOnce(profileId, file)));
  return outcome;
}

/** `profile` stands for a district variant of the builtin profile `profileId`. */
async function mapFileOnce(
  profileId: string,
  file: string,
  profile: Profile = loadBuiltinProfile(profileId),
): Promise<Outcome> {
  const program = BUILTIN_PROGRAMS.find((p) => p.profileId === profileId)!;
  const crosswalk = program.crosswalkId
    ? loadBuiltinCrosswalk(program.crosswalkId)
    : undefined;
  const map = createRowMapper(profile, crosswalk, {
    programId: program.programId,
    runId: 'run-1',
    sourceUri: `s3://drop/incoming/${program.programId}/file`,
    sourceIdentity: 'etag-1',
    timeZone: 'America/New_York',
  });
  const results: MapResult[] = [];
  const input = createReadStream(sharedPath('data/real', file));
  for await (const record of readRecords(profile, input, { fileName: file }))
    results.push(...map(record));
  return { results, unmapped: map.unmappedSkills };
}

const evidenceOf = (o: Outcome) =>
  o.results.flatMap((r) => (r.kind === 'evidence' ? [r.evidence] : []));
const rejectReasons = (o: Outcome) =>
  o.results.flatMap((r) =>
    r.kind === 'rejected' ? [`line ${r.line} ${r.field}: ${r.reason}`] : [],
  );

const EDFI = 'edfi-earthmover-assessment-bundles';
const SAMPLES = 'powerschool-etl-vendor-layouts/samples';
const LESSONS = `${SAMPLES}/curriculum_associates__Iready_Lesson`;
const FLUENCY = `${SAMPLES}/nwea__MAP_FLUENCY`;
const AMATH = `${SAMPLES}/fastbridge__aMath`;
const ISTATION = `${SAMPLES}/iStation__iStation`;
const IXL = `${SAMPLES}/ixl__IXL`;
const ALEKS = `${SAMPLES}/mcgraw_hill__aleks`;
const EXACT_PATH = `${SAMPLES}/edmentum__EXACT_PATH`;
const ACHIEVE = `${SAMPLES}/achieve3000__achieve3000`;
const ACADIENCE = `${SAMPLES}/acadience__acadience_math`;
const MCLASS = `${SAMPLES}/amplify__mclass`;
const EASYCBM = `${SAMPLES}/riverside_insights__EASY_CBM`;
const AIMSWEB = `${SAMPLES}/pearson__AIMSWEBPLUS`;
const NOT_ISO = 'is a d/m/y or m/d/y date, which dates.format (iso) does not allow';

/** [profile, file under data/real, accepted, rejects with line and reason]. */
const CASES: [string, string, number, string[]][] = [
  [
    'datashop-transaction',
    'datashop-geometry-area-ds76/ds76_tx_All_Data_74_2018_0912_070949.tsv',
    492,
    [],
  ],
  [
    'datashop-student-step',
    'datashop-geometry-area-ds76/ds76_student_step_export.tsv',
    230,
    [],
  ],
  [
    'kddcup2010-student-step',
    'kddcup2010-cognitive-tutor-algebra/ct_algebra_2006_2007_student_step_subset.tsv',
    10_000,
    [],
  ],
  [
    'nwea-map-growth',
    `${EDFI}/MAP_Growth/data/sample_anonymized_file.csv`,
    // 6 test events + 21 goals (3 science events x 3, 3 algebra events x 4).
    27,
    ['line 8 row: has 142 fields where the header has 143'],
  ],
  [
    'iready-diagnostic-math',
    `${EDFI}/i-Ready/data/sample_anonymized_file_math.csv`,
    // 5 diagnostics x (overall + 4 domains).
    25,
    [],
  ],
  // 5 diagnostics x (overall + 5 domains given; Phonological Awareness is Not Assessed).
  [
    'iready-diagnostic-ela',
    `${EDFI}/i-Ready/data/sample_anonymized_file_ela.csv`,
    30,
    [],
  ],
  [
    'renaissance-star-enterprise',
    `${EDFI}/STAR/data/SR_sample_anonymized_file.csv`,
    5,
    [],
  ],
  [
    'renaissance-star-skill-area',
    `${EDFI}/STAR/data/SR_SkillArea_v1_sample_anonymized_file.csv`,
    5,
    [],
  ],
  [
    'renaissance-star-standards',
    `${EDFI}/STAR/data/SR_Dashboard_Standards_v2_sample_anonymized_file.csv`,
    5,
    [],
  ],
  [
    'dibels-8-benchmark',
    `${EDFI}/Dibels_8_Benchmark/data/sample_anonymized_file.csv`,
    // 5 benchmarks x (composite + LNF, PSF, NWF-CLS, NWF-WRC, WRF; ORF and Maze blank).
    30,
    [],
  ],
  ['iready-lessons', `${LESSONS}/2022-2023__iready_MATHLESSONS2023_SCRUB.csv`, 5, []],
  ['iready-lessons', `${LESSONS}/2023-2024__iready_MATHLESSONS_SCRUB.csv`, 3, []],
  // 9 test events, no overall: 7 x 5 foundational measures, 6 of a beginner
  // test (print concept too), 2 of an oral reading (its rate is No Score).
  ['nwea-map-fluency', `${EDFI}/MAP_Fluency/data/sample_anonymized_file.csv`, 43, []],
  ['nwea-map-fluency', `${FLUENCY}/2022-2023__SCRUBBED_MAP_Fluency.csv`, 26, []],
  ['nwea-map-fluency', `${FLUENCY}/2024-2025__Scrub_Fluency_Fall24.csv`, 15, []],
  // One record per screening period given: 3 students x Fall, Winter, Spring.
  ['fastbridge-amath', `${AMATH}/2017-2018__aMath_Scrubbed_2017_18.csv`, 9, []],
  [
    'fastbridge-amath',
    `${AMATH}/2019-2020__aMath_Screening_Report_07_23_2021_2019_20_scrubbed.csv`,
    5,
    [],
  ],
  // Winter dated 1/16/20 (two-digit year), read as 2020.
  ['fastbridge-amath', `${AMATH}/2021-2022__ScrubFile_96C_21_22.csv`, 3, []],
  // Local ID saved from Excel as 6.222E+18 for all three students.
  [
    'fastbridge-amath',
    `${AMATH}/2021-2022__scrubbed_aMath_21_22.csv`,
    0,
    [2, 3, 4].map(
      (line) =>
        `line ${line} studentId: is a number Excel rounded to scientific notation; the real id is lost`,
    ),
  ],
  [
    'fastbridge-amath',
    `${AMATH}/2023-2024__aMath_Screening_Report_2017_18_scrubbed.csv`,
    4,
    [],
  ],
  ['fastbridge-amath', `${AMATH}/2023-2024__aMath_Screening_Report_Scrub.csv`, 4, []],
  // One record per month assessed: 9 + 9 + 1 + 8 + 9 for the five students.
  ['istation-isip-monthly', `${EDFI}/iStation/data/sample_anonymized_file.csv`, 36, []],
  [
    'istation-isip-monthly',
    `${ISTATION}/2020-2021__sources__isip_20_ScrubFile.csv`,
    12,
    [],
  ],
  [
    'istation-isip-monthly',
    `${ISTATION}/2021-2022__sources__isip_21_Scrub_File.csv`,
    10,
    [],
  ],
  ['istation-isip-monthly', `${ISTATION}/2022-2023__sources__isip_scrub.csv`, 20, []],
  // One record per percentile given: the overall and six strands, 4 and 2 students.
  [
    'ixl-diagnostic-math',
    `${IXL}/2023-2024__23-24-IXL-Diagnostic-Levels-scrub.csv`,
    28,
    [],
  ],
  [
    'ixl-diagnostic-math',
    `${IXL}/2023-2024__IXL_Diagnostic_Levels_EOY2324_Math_SCRUB.csv`,
    14,
    [],
  ],
  // A student without a diagnostic yet (overall --, strands N/A), and one
  // with the overall only (1st percentile, strands N/A).
  [
    'ixl-diagnostic-math',
    `${IXL}/2024-2025__IXLMathSeptember2024_SCRUBBED.csv`,
    1,
    ['line 2 row: gives none of its scores (every sub-score cell is blank or not given)'],
  ],
  ['ixl-diagnostic-math', `${IXL}/2024-2025__IXL_Math_September_scrub1.csv`, 1, []],
  [
    'ixl-diagnostic-ela',
    `${IXL}/2023-2024__IXL_Diagnostic_Levels_EOY2324_ELA_SCRUB.csv`,
    12,
    [],
  ],
  // Neither student has taken the ELA diagnostic yet.
  [
    'ixl-diagnostic-ela',
    `${IXL}/2024-2025__IXLELASeptember2024_SCRUBBED.csv`,
    0,
    [
      'line 2 row: gives none of its scores (every sub-score cell is blank or not given)',
      'line 3 row: gives none of its scores (every sub-score cell is blank or not given)',
    ],
  ],
  // One latest knowledge check per student and class.
  ['aleks-knowledge-check', `${ALEKS}/2022-2023__Scrub_Aleks2023.csv`, 4, []],
  // One record per diagnostic test taken. The scrubbed AGS file kept four
  // percentiles whose completion dates it blanked.
  [
    'exact-path-diagnostic',
    `${EXACT_PATH}/2021-2022__AGSDEP2122_SCRUB.csv`,
    4,
    [1, 3, 4]
      .map((test) => `line 2 subScores.test-${test}.occurredAt: empty`)
      .concat('line 3 subScores.test-4.occurredAt: empty'),
  ],
  [
    'exact-path-diagnostic',
    `${EXACT_PATH}/2021-2022__Exact_Path_Diagnostic_Results_LanguageArts_scrub.csv`,
    2,
    [],
  ],
  [
    'exact-path-diagnostic',
    `${EXACT_PATH}/2021-2022__Exact_Path_Diagnostic_Results_Reading_Scrub.csv`,
    2,
    [],
  ],
  [
    'exact-path-diagnostic',
    `${EXACT_PATH}/2021-2022__Exact_Path_Math_Diagnostic_results_scrub.csv`,
    2,
    [],
  ],
  ['exact-path-diagnostic', `${EXACT_PATH}/2023-2024__Scrub_23-24_Math.csv`, 2, []],
  // Test 5 repeats test 1 (same date and percentile) for both students.
  ['exact-path-diagnostic', `${EXACT_PATH}/2024-2025__Reading_scrub.csv`, 4, []],
  // One usage record per student who logged in; the one who never did has
  // no dates and no hours.
  [
    'achieve3000-student-usage',
    `${ACHIEVE}/2015-2016__Virginia_Scrubbed_2015-16.csv`,
    3,
    ['line 4 occurredAt: empty'],
  ],
  [
    'achieve3000-student-usage',
    `${ACHIEVE}/2016-2017__Virginia_Scrubbed_2016-17.csv`,
    3,
    ['line 2 occurredAt: empty'],
  ],
  [
    'achieve3000-student-usage',
    `${ACHIEVE}/2017-2018__Virginia_Scrubbed_2017-18.csv`,
    3,
    ['line 2 occurredAt: empty'],
  ],
  [
    'achieve3000-student-usage',
    `${ACHIEVE}/2018-2019__Virginia_Scrubbed_2018-19.csv`,
    4,
    [],
  ],
  [
    'achieve3000-student-usage',
    `${ACHIEVE}/2021-2022__2022-03-01-090003_D3120_2022_E2022-02-28_student_scrubbed.csv`,
    2,
    ['line 4 occurredAt: empty'],
  ],
  // The scrub blanked every measure's date: 11 percentiles without one.
  [
    'acadience-math-benchmark',
    `${ACADIENCE}/2022-2023__Math_Export_File_ALO.csv`,
    0,
    [
      [2, 'composite'],
      [2, 'bqd'],
      [2, 'nif'],
      [2, 'nnf'],
      [3, 'composite'],
      [3, 'aqd'],
      [3, 'mnf'],
      [3, 'comp'],
      [4, 'aqd'],
      [4, 'mnf'],
      [4, 'comp'],
    ].map(([line, id]) => `line ${line} subScores.${id}.occurredAt: empty`),
  ],
  // Composite, Computation and Concepts and Applications of two students.
  [
    'acadience-math-benchmark',
    `${ACADIENCE}/2023-2024__SCRUB_benchmark_data_2023-2024.csv`,
    6,
    [],
  ],
  // Dashed dates (22-09-2023) are refused, not guessed: 4 + 6 measures.
  [
    'acadience-math-benchmark',
    `${ACADIENCE}/2023-2024__alo_math_k_6_benchmark_data_23_24_Scrubbed.csv`,
    0,
    [
      [2, 'composite'],
      [2, 'bqd'],
      [2, 'nif'],
      [2, 'nnf'],
      [3, 'composite'],
      [3, 'nif'],
      [3, 'nnf'],
      [3, 'aqd'],
      [3, 'mnf'],
      [3, 'comp'],
    ].map(([line, id]) => `line ${line} subScores.${id}.occurredAt: ${NOT_ISO}`),
  ],
  // Composite + 7 measures, composite + 4.
  [
    'mclass-espanol-benchmark',
    `${MCLASS}/2022-2023__mClass_BOY_2022_Spanish_Scrub.csv`,
    13,
    [],
  ],
  // One student's BOY, MOY and EOY, dated day-first (24-01-2023): refused.
  [
    'mclass-espanol-benchmark',
    `${MCLASS}/2022-2023__Scrubbed_mclass_StudentSummary_S_1__2023.csv`,
    0,
    [2, 3, 4].map((line) => `line ${line} occurredAt: ${NOT_ISO}`),
  ],
  // Three students each, every measure's percentile the file gives: LN and
  // LS (PS blank), PRF only, PRF only, LS and WRF (PS blank), PROF MATH only.
  ['easycbm-benchmark', `${EASYCBM}/2020-2021__scrub_BRMES_Fall2020Reading.csv`, 6, []],
  ['easycbm-benchmark', `${EASYCBM}/2020-2021__scrub_BRMES_Fall_2020_Reading.csv`, 3, []],
  [
    'easycbm-benchmark',
    `${EASYCBM}/2021-2022__scrub_DES_Fall21_22Grade5reading.csv`,
    3,
    [],
  ],
  [
    'easycbm-benchmark',
    `${EASYCBM}/2021-2022__scrub_DES_Fall_21_22_grade2reading.csv`,
    6,
    [],
  ],
  [
    'easycbm-benchmark',
    `${EASYCBM}/2021-2022__scrub_DES_Winter21_22Grade4Math.csv`,
    3,
    [],
  ],
  // One record per measure administered; the scrub shortened some rows.
  [
    'aimswebplus-score-export',
    `${AIMSWEB}/2017-2018__17-18_Aimsweb_Benchmark_Data_Scrubbed.csv`,
    3,
    [],
  ],
  [
    'aimswebplus-score-export',
    `${AIMSWEB}/2021-2022__21-22_Aimsweb_Benchmark_Data_scrubbed.csv`,
    3,
    [],
  ],
  [
    'aimswebplus-score-export',
    `${AIMSWEB}/2021-2022__Helemano_AIMS_Fall_Data_SY_21-22_scrubbed.csv`,
    3,
    [],
  ],
  [
    'aimswebplus-score-export',
    `${AIMSWEB}/2022-2023__22_23_1979655_ScoreExportFile_SCRUBBED.tsv`,
    0,
    [
      'line 2 row: has 46 fields where the header has 47',
      'line 3 row: has 45 fields where the header has 47',
    ],
  ],
  [
    'aimswebplus-score-export',
    `${AIMSWEB}/2023-2024__23_23_Summer_Sgp_scrub.csv`,
    1,
    ['line 3 row: has 27 fields where the header has 28'],
  ],
  [
    'aimswebplus-score-export',
    `${AIMSWEB}/2023-2024__AIMSWEB_SCRUB_FILE.csv`,
    2,
    ['line 4 row: has 44 fields where the header has 50'],
  ],
  // 06-05-2024 is read month-first, 5 June 2024: the data cannot tell.
  [
    'aimswebplus-score-export',
    `${AIMSWEB}/2023-2024__AIMSWeb_Plus_2023_24_ALL_20240918_scrub.csv`,
    2,
    [],
  ],
  // Dated day-first (26-08-2024), which a month-first profile refuses.
  [
    'aimswebplus-score-export',
    `${AIMSWEB}/2023-2024__Kettering_AIMS_Fall2024_Gr1_8_ScoreExportFile_Scrub.tsv`,
    0,
    ['line 2 occurredAt: month 26 does not exist when read month-first'],
  ],
];

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

describeWithShared('data/real', 'wide layouts: several scores of one row', () => {
  const scoresOf = (o: Outcome, line: number) =>
    evidenceOf(o)
      .filter((e) => e.source.line === line)
      .map((e) => [e.itemId, e.vendorSkill, e.score]);

  it('reads the i-Ready math overall placement and its four domains from one row', async () => {
    const outcome = await mapFile(
      'iready-diagnostic-math',
      `${EDFI}/i-Ready/data/sample_anonymized_file_math.csv`,
    );

    expect(scoresOf(outcome, 2)).toEqual([
      ['iready-diagnostic-math', undefined, 0.25],
      ['iready-diagnostic-math/number-and-operations', 'Number and Operations', 0.5],
      [
        'iready-diagnostic-math/algebra-and-algebraic-thinking',
        'Algebra and Algebraic Thinking',
        0,
      ],
      ['iready-diagnostic-math/measurement-and-data', 'Measurement and Data', 0.5],
      ['iready-diagnostic-math/geometry', 'Geometry', 0.25],
    ]);
    expect([...outcome.unmapped.entries()]).toEqual([
      ['Number and Operations', 5],
      ['Algebra and Algebraic Thinking', 5],
      ['Measurement and Data', 5],
      ['Geometry', 5],
    ]);
  });

  it('gives only the row record its time on task, so usage counts the test once', async () => {
    const outcome = await mapFile(
      'iready-diagnostic-math',
      `${EDFI}/i-Ready/data/sample_anonymized_file_math.csv`,
    );

    const row = evidenceOf(outcome).filter((e) => e.source.line === 2);
    expect(row.map((e) => e.minutesOnTask)).toEqual([
      33,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('reads each MAP goal under its name, its adjective as the middle of its percentile band', async () => {
    const outcome = await mapFile(
      'nwea-map-growth',
      `${EDFI}/MAP_Growth/data/sample_anonymized_file.csv`,
    );

    expect(scoresOf(outcome, 2)).toEqual([
      ['Growth: Science 6+ TX 2017', undefined, 0.57],
      ['Growth: Science 6+ TX 2017/goal-1', 'Matter, Force, Motion and Energy', 0.3],
      ['Growth: Science 6+ TX 2017/goal-2', 'Earth and Space', 0.5],
      ['Growth: Science 6+ TX 2017/goal-3', 'Organisms and Environments', 0.7],
    ]);
  });

  it('skips Not Assessed i-Ready domains and blank DIBELS subtests instead of rejecting them', async () => {
    const ela = await mapFile(
      'iready-diagnostic-ela',
      `${EDFI}/i-Ready/data/sample_anonymized_file_ela.csv`,
    );
    const dibels = await mapFile(
      'dibels-8-benchmark',
      `${EDFI}/Dibels_8_Benchmark/data/sample_anonymized_file.csv`,
    );

    expect(
      evidenceOf(ela).filter((e) => e.itemId.endsWith('/phonological-awareness')),
    ).toEqual([]);
    expect(scoresOf(dibels, 2)).toEqual([
      ['dibels-8-composite', undefined, 0],
      ['dibels-8-composite/lnf', 'Letter Names (LNF)', 0],
      ['dibels-8-composite/psf', 'Phonemic Awareness (PSF)', 0.3333],
      ['dibels-8-composite/nwf-cls', 'Letter Sounds (NWF-CLS)', 0],
      ['dibels-8-composite/nwf-wrc', 'Decoding (NWF-WRC)', 0.3333],
      ['dibels-8-composite/wrf', 'Word Reading (WRF)', 0.3333],
    ]);
  });

  it('reads a MAP Fluency event as its measures only, under the test it was routed to', async () => {
    const outcome = await mapFile(
      'nwea-map-fluency',
      `${FLUENCY}/2022-2023__SCRUBBED_MAP_Fluency.csv`,
    );

    expect(scoresOf(outcome, 2)).toEqual([
      ['Oral Reading/sentence-reading-fluency', 'Sentence Reading Fluency', 0.6667],
      ['Oral Reading/oral-reading-rate', 'Oral Reading Rate', 0],
      ['Oral Reading/oral-reading-accuracy', 'Oral Reading Accuracy', 0],
      ['Oral Reading/literal-comprehension', 'Literal Comprehension', 0],
    ]);
    // Assigned an oral reading, routed to foundational skills.
    expect(scoresOf(outcome, 10).map(([item]) => item)).toEqual([
      'Foundational Skills/listening-comprehension',
      'Foundational Skills/picture-vocab',
      'Foundational Skills/phonological-awareness',
      'Foundational Skills/phonics-word-recognition',
      'Foundational Skills/language-comprehension',
      'Foundational Skills/sentence-reading-fluency',
    ]);
  });

  it('dates each aMath screening period by its own Final Date and keys it by student, period and date', async () => {
    const outcome = await mapFile(
      'fastbridge-amath',
      `${AMATH}/2017-2018__aMath_Scrubbed_2017_18.csv`,
    );

    const row = evidenceOf(outcome).filter((e) => e.source.line === 2);
    expect(row.map((e) => [e.itemId, e.score, e.occurredAt])).toEqual([
      ['fastbridge-amath/fall', 0.8, '2017-09-20T00:00:00-04:00'],
      ['fastbridge-amath/winter', 0.69, '2018-01-16T00:00:00-05:00'],
      ['fastbridge-amath/spring', 0.62, '2018-05-16T00:00:00-04:00'],
    ]);
    expect(row[0]!.evidenceId).toBe(
      deterministicId(
        'fastbridge-amath',
        '10061',
        'sub-score',
        'fall',
        '2017-09-20T00:00:00-04:00',
      ),
    );
  });

  it('reads each ISIP month as the percentile of that month, dated by its own ADMIN_DATE', async () => {
    const outcome = await mapFile(
      'istation-isip-monthly',
      `${EDFI}/iStation/data/sample_anonymized_file.csv`,
    );

    const third = evidenceOf(outcome).filter((e) => e.source.line === 4);
    expect(third.map((e) => [e.studentId, e.itemId, e.score, e.occurredAt])).toEqual([
      ['300', 'istation-isip/march', 0.02, '2024-03-08T00:00:00-05:00'],
    ]);
  });

  it('reads an IXL diagnostic as its overall and strand percentiles, undated', async () => {
    const outcome = await mapFile(
      'ixl-diagnostic-math',
      `${IXL}/2023-2024__23-24-IXL-Diagnostic-Levels-scrub.csv`,
    );

    expect(scoresOf(outcome, 2)).toEqual([
      ['ixl-diagnostic-math/overall', 'Overall math', 0.8],
      ['ixl-diagnostic-math/numbers-and-operations', 'Numbers and operations', 0.75],
      [
        'ixl-diagnostic-math/algebra-and-algebraic-thinking',
        'Algebra and algebraic thinking',
        0.45,
      ],
      ['ixl-diagnostic-math/fractions', 'Fractions', 0.99],
      ['ixl-diagnostic-math/geometry', 'Geometry', 0.9],
      ['ixl-diagnostic-math/measurement', 'Measurement', 0.99],
      [
        'ixl-diagnostic-math/data-statistics-and-probability',
        'Data, statistics, and probability',
        0.95,
      ],
    ]);
    expect(evidenceOf(outcome).every((e) => e.occurredAt === undefined)).toBe(true);
  });

  it('reads each Exact Path diagnostic as its percentile rank under the subject, dated by its completion', async () => {
    const outcome = await mapFile(
      'exact-path-diagnostic',
      `${EXACT_PATH}/2023-2024__Scrub_23-24_Math.csv`,
    );

    const row = evidenceOf(outcome).filter((e) => e.source.line === 2);
    expect(row.map((e) => [e.itemId, e.score, e.occurredAt])).toEqual([
      ['Mathematics/test-1', 0.17, '2023-09-05T00:00:00-04:00'],
      ['Mathematics/test-2', 0.25, '2024-01-11T00:00:00-05:00'],
    ]);
  });

  it('reads the day-first Acadience Math export through a district variant: composite and measure percentiles', async () => {
    const builtin = loadBuiltinProfile('acadience-math-benchmark');
    const dayFirst: Profile = {
      ...builtin,
      id: 'district-acadience-day-first',
      dates: { ...builtin.dates!, format: ['iso', 'day-first'] },
    };

    const outcome = await mapFileOnce(
      'acadience-math-benchmark',
      `${ACADIENCE}/2023-2024__alo_math_k_6_benchmark_data_23_24_Scrubbed.csv`,
      dayFirst,
    );

    expect(evidenceOf(outcome)).toHaveLength(10);
    const row = evidenceOf(outcome).filter((e) => e.source.line === 2);
    expect(row.map((e) => [e.itemId, e.score, e.occurredAt])).toEqual([
      ['acadience-math/composite', 0.92, '2023-10-04T00:00:00-04:00'],
      ['acadience-math/bqd', 0.94, '2023-10-04T00:00:00-04:00'],
      ['acadience-math/nif', 0.84, '2023-10-04T00:00:00-04:00'],
      ['acadience-math/nnf', 0.93, '2023-10-04T00:00:00-04:00'],
    ]);
  });

  it('reads the easyCBM measures a file gives as their percentiles, undated', async () => {
    const outcome = await mapFile(
      'easycbm-benchmark',
      `${EASYCBM}/2020-2021__scrub_BRMES_Fall2020Reading.csv`,
    );

    expect(scoresOf(outcome, 2)).toEqual([
      ['easycbm/ln', 'Letter Names (LN)', 0.47],
      ['easycbm/ls', 'Letter Sounds (LS)', 0.25],
    ]);
    expect(evidenceOf(outcome).every((e) => e.occurredAt === undefined)).toBe(true);
  });

  it('gives a redelivered file the same evidence ids, sub-scores included', async () => {
    const file = `${EDFI}/Dibels_8_Benchmark/data/sample_anonymized_file.csv`;
    const first = evidenceOf(await mapFileOnce('dibels-8-benchmark', file));
    const again = evidenceOf(await mapFileOnce('dibels-8-benchmark', file));

    expect(again.map((e) => [e.evidenceId, e.contentHash])).toEqual(
      first.map((e) => [e.evidenceId, e.contentHash]),
    );
    expect(first[1]?.evidenceId).toBe(
      deterministicId(first[0]!.evidenceId, 'sub-score', 'lnf'),
    );
  });
});

describeWithShared('data/real', 'one record per row from the connector layouts', () => {
  it('reads the latest ALEKS knowledge check under its course, keyed by course and date', async () => {
    const outcome = await mapFile(
      'aleks-knowledge-check',
      `${ALEKS}/2022-2023__Scrub_Aleks2023.csv`,
    );

    const [first] = evidenceOf(outcome);
    expect(first).toMatchObject({
      evidenceId: deterministicId('aleks', '10001', 'Algebra 1', '01/17/2023'),
      itemId: 'Algebra 1',
      score: 0.4,
      occurredAt: '2023-01-17T00:00:00-05:00',
    });
  });

  it('reads Achieve3000 program hours as usage minutes, keyed by the first login of the period', async () => {
    const outcome = await mapFile(
      'achieve3000-student-usage',
      `${ACHIEVE}/2015-2016__Virginia_Scrubbed_2015-16.csv`,
    );

    const [first] = evidenceOf(outcome);
    expect(first).toMatchObject({
      evidenceId: deterministicId('achieve3000', '10240', '2015-09-21'),
      itemId: 'achieve3000',
      status: 'usage',
      occurredAt: '2016-04-28T00:00:00-04:00',
    });
    expect(first?.score).toBeUndefined();
    expect(first?.minutesOnTask).toBeCloseTo(732, 10);
  });

  it('reads an aimswebPlus measure as its national percentile, keyed by measure and date', async () => {
    const outcome = await mapFile(
      'aimswebplus-score-export',
      `${AIMSWEB}/2017-2018__17-18_Aimsweb_Benchmark_Data_Scrubbed.csv`,
    );

    const battery = evidenceOf(outcome).find((e) => e.source.line === 3);
    expect(battery).toMatchObject({
      evidenceId: deterministicId('aimswebplus', '10040', 'READB', '03/10/2016'),
      itemId: 'READB',
      vendorSkill: 'Reading',
      score: 0.89,
      occurredAt: '2016-03-10T00:00:00-05:00',
    });
  });
});
