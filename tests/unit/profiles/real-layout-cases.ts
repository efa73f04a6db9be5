/** The real files every builtin profile is checked against, with their exact outcomes. */
import {
  ACADIENCE,
  ACHIEVE,
  AIMSWEB,
  ALEKS,
  AMATH,
  EASYCBM,
  EDFI,
  EXACT_PATH,
  FLUENCY,
  ISTATION,
  IXL,
  LESSONS,
  MCLASS,
  NOT_ISO,
} from './real-files.js';

/** [profile, file under data/real, accepted, rejects with line and reason]. */
export const CASES: [string, string, number, string[]][] = [
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
