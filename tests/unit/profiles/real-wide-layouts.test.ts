/**
 * Real exports whose rows hold several scores (wide layouts, sub-scores) and
 * the connector layouts, one record per row: exact values per record.
 */
import { deterministicId } from '../../../shared/ids.js';
import { loadBuiltinProfile } from '../../../shared/profiles/builtin.js';
import type { Profile } from '../../../shared/profiles/schema.js';
import { describeWithShared } from '../../support/shared-folder.js';
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
  IXL,
  evidenceOf,
  mapFile,
  mapFileOnce,
  type Outcome,
} from './real-files.js';

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
