/**
 * Every OneRoster sample bundle of ../shared/data/real imports, or fails with
 * an error naming the file, column and row, with exact counts; a delta bundle
 * applies on top of a bulk one. The GPL samples are read in place (or copied
 * to a temporary folder to break them), never into the product.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importRosterFolder } from '../../shared/oneroster/ingest-roster.js';
import { describeWithShared, sharedPath } from '../support/shared-folder.js';
import { startEmulatedStores, type EmulatedStores } from './oneroster-support.js';

const SAMPLES = 'data/real/oneroster-csv-samples';
const bundle = (name: string) => sharedPath(SAMPLES, name);
const counts = (parsed: number, accepted: number, rejected: number) => ({
  parsed,
  accepted,
  replaced: 0,
  duplicates: 0,
  rejected,
  held: 0,
  unwritten: 0,
});
const TOBEDELETED_CLASS_REASON =
  'enrollments.csv:classSourcedId: names a class that is tobedeleted in this bundle';

let t: EmulatedStores;

describeWithShared(SAMPLES, 'OneRoster sample bundles', () => {
  beforeAll(async () => {
    t = await startEmulatedStores();
  });
  afterAll(async () => {
    await t.stop();
  });
  beforeEach(async () => {
    await t.freshTable();
  });

  it.each([
    ['moodle-enrol_oneroster/Test_full_data_set', counts(20, 17, 3), 3],
    ['moodle-enrol_oneroster/Test_minimal_data_set', counts(20, 20, 0), 0],
    ['moodle-enrol_oneroster/oneroster_test_data', counts(8, 8, 0), 0],
    ['moodle-enrol_oneroster/v1p2_full_dataset', counts(27, 24, 3), 3],
    ['oat-sa-oneroster-import/OneRosterv1p1BaseCSV', counts(10, 10, 0), 0],
  ])('imports %s with exact counts', async (name, expected, tobedeletedRejects) => {
    const run = await importRosterFolder(t.deps(), bundle(name), t.bucket);

    expect(run.status).toBe('completed');
    expect(run.counts).toEqual(expected);
    expect(run.rejectReasons).toEqual(
      tobedeletedRejects ? { [TOBEDELETED_CLASS_REASON]: tobedeletedRejects } : {},
    );
  });

  it('enrolls the full 1.1 bundle: the active class keeps its 2 students and teacher', async () => {
    await importRosterFolder(
      t.deps(),
      bundle('moodle-enrol_oneroster/Test_full_data_set'),
      t.bucket,
    );

    expect((await t.store.listClassStudents('cls-222-123456')).sort()).toEqual([
      'usr-222-1234561232',
      'usr-222-987654',
    ]);
    expect((await t.store.listClassStaff('cls-222-123456')).map((e) => e.userId)).toEqual(
      ['usr-222-123456'],
    );
    expect(await t.store.listClassStudents('cls-222-123478')).toEqual([]);
  });

  it('keeps the OAT bundle students and their schools', async () => {
    await importRosterFolder(
      t.deps(),
      bundle('oat-sa-oneroster-import/OneRosterv1p1BaseCSV'),
      t.bucket,
    );

    expect((await t.store.listStudentClasses('user1')).sort()).toEqual([
      'class1',
      'class2',
    ]);
    expect(await t.store.listStudentClasses('user2')).toEqual(['class3']);
  });

  it('applies the 1.2 delta bundle on top of a bulk one', async () => {
    await importRosterFolder(
      t.deps(),
      bundle('moodle-enrol_oneroster/Test_minimal_data_set'),
      t.bucket,
    );
    const delta = await importRosterFolder(
      t.deps(),
      bundle('moodle-enrol_oneroster/oneroster_test_data'),
      t.bucket,
    );

    expect(delta.counts).toEqual(counts(8, 8, 0));
    expect(await t.store.listClassStudents('CLASS_001')).toEqual(['USER_0']);
    // The delta left the bulk bundle's classes as they were.
    expect(await t.store.listClassStudents('cls-222-123456')).toHaveLength(2);
    expect(await t.store.identity().getEntity('demographics', 'USER_0')).toMatchObject({
      kind: 'demographics',
    });
    expect(await t.store.identity().getEntity('users', 'USER_0')).toMatchObject({
      values: expect.not.objectContaining({ password: expect.anything() }),
    });
  });

  it('fails a bundle whose manifest lists a file it lacks, naming file and fix', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'or-broken-'));
    await cp(bundle('moodle-enrol_oneroster/Test_full_data_set'), dir, {
      recursive: true,
    });
    await rm(join(dir, 'users.csv'));

    const run = await importRosterFolder(t.deps(), dir, t.bucket);
    await rm(dir, { recursive: true });

    expect(run.status).toBe('failed');
    expect(run.error).toBe(
      'manifest.csv column value: file.users is bulk but users.csv is not in the bundle; ' +
        'add users.csv or mark file.users absent',
    );
    expect(await t.store.listClasses()).toEqual([]);
  });
});
