/**
 * Evidence of a student no roster or mapping names is held, counted and
 * released with exact counts when a mapping arrives; a tobedeleted result
 * voids its evidence. Synthetic bundles written by the test.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMappingTable } from '../../shared/identity/mapping-table.js';
import { importRosterFolder } from '../../shared/oneroster/ingest-roster.js';
import { startEmulatedStores, type EmulatedStores } from './oneroster-support.js';

const MANIFEST = (mode: string) =>
  [
    'propertyName,value',
    'manifest.version,1.0',
    'oneroster.version,1.1',
    `file.users,${mode}`,
    `file.lineItems,${mode}`,
    `file.results,${mode}`,
  ].join('\r\n');

async function writeBundle(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'or-gradebook-'));
  for (const [name, text] of Object.entries(files))
    await writeFile(join(dir, name), text);
  return dir;
}

const USERS =
  'sourcedId,status,dateLastModified,enabledUser,role,username,givenName,familyName,identifier\r\n' +
  'u1,active,2025-01-01,true,student,ana,Ana,Vega,00123\r\n';
const LINE_ITEMS =
  'sourcedId,status,dateLastModified,title,classSourcedId,resultValueMin,resultValueMax,learningObjectiveIds\r\n' +
  'li-1,active,2025-01-01,Quiz 1,cls-1,0,10,CCSS.Math.Content.6.SP.B.4\r\n';
const RESULTS =
  'sourcedId,status,dateLastModified,lineItemSourcedId,studentSourcedId,scoreStatus,score,scoreDate\r\n' +
  'r1,active,2025-02-01,li-1,u1,fully graded,8,2025-02-01\r\n' +
  'r2,active,2025-02-01,li-1,u-new,fully graded,6,2025-02-01\r\n' +
  'r3,active,2025-02-01,li-1,u1,exempt,,2025-02-02\r\n' +
  'r4,active,2025-02-01,li-1,u1,not submitted,,2025-02-03\r\n';

let t: EmulatedStores;
const dirs: string[] = [];
beforeAll(async () => {
  t = await startEmulatedStores();
});
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true })));
  await t.stop();
});

describe('held evidence of unknown students', () => {
  it('holds the result of a student the roster lacks and accepts the others', async () => {
    const dir = await writeBundle({
      'manifest.csv': MANIFEST('bulk'),
      'users.csv': USERS,
      'lineItems.csv': LINE_ITEMS,
      'results.csv': RESULTS,
    });
    dirs.push(dir);

    const run = await importRosterFolder(t.deps(), dir, t.bucket);

    expect(run.counts).toEqual({
      parsed: 6,
      accepted: 5,
      replaced: 0,
      duplicates: 0,
      rejected: 0,
      held: 1,
      unwritten: 0,
    });
    expect(run.matchRate).toEqual({
      records: 4,
      matched: 3,
      byKind: { sourcedId: 3 },
      unmatched: { no_match: 1 },
      unmatchedIds: ['u-new'],
    });
    const held = await t.store.listHeld('oneroster');
    expect(held.map((h) => h.waitingFor)).toEqual(['student:oneroster:u-new']);
    const evidence = await t.store.listStudentEvidence('u1');
    expect(evidence.map((e) => [e.status, e.score, e.standards]).sort()).toEqual([
      ['exempt', undefined, ['6.SP.B.4']],
      ['not_submitted', undefined, ['6.SP.B.4']],
      ['scored', 0.8, ['6.SP.B.4']],
    ]);
  });

  it('releases it when a mapping arrives, recording the release run', async () => {
    const mapping = Buffer.from(
      'program,vendorStudentId,studentId\r\noneroster,u-new,00042\r\n',
    );

    const load = await loadMappingTable(t.deps(), 'map.csv', mapping);

    expect(load.mappings).toBe(1);
    expect(load.releases.map((r) => r.counts)).toEqual([
      {
        parsed: 1,
        accepted: 1,
        replaced: 0,
        duplicates: 0,
        rejected: 0,
        held: 0,
        unwritten: 0,
      },
    ]);
    expect(await t.store.listHeld('oneroster')).toEqual([]);
    const evidence = await t.store.listStudentEvidence('00042');
    expect(evidence.map((e) => e.score)).toEqual([0.6]);
    expect(await t.store.listStudentEvidence('42')).toEqual([]);
  });

  it('loads the same mapping again as a no-op', async () => {
    const mapping = Buffer.from(
      'program,vendorStudentId,studentId\r\noneroster,u-new,00042\r\n',
    );

    const load = await loadMappingTable(t.deps(), 'map.csv', mapping);

    expect(load.releases).toEqual([]);
  });

  it('voids the evidence of a result marked tobedeleted in a delta bundle', async () => {
    const dir = await writeBundle({
      'manifest.csv': MANIFEST('delta'),
      'users.csv': USERS.split('\r\n')[0] + '\r\n',
      'lineItems.csv': LINE_ITEMS.split('\r\n')[0] + '\r\n',
      'results.csv':
        RESULTS.split('\r\n')[0] +
        '\r\nr1,tobedeleted,2025-03-01,li-1,u1,fully graded,8,2025-02-01\r\n',
    });
    dirs.push(dir);

    const run = await importRosterFolder(t.deps(), dir, t.bucket);

    expect(run.counts).toMatchObject({ parsed: 1, accepted: 1, replaced: 1, held: 0 });
    const evidence = await t.store.listStudentEvidence('u1');
    expect(evidence.map((e) => e.status).sort()).toEqual([
      'exempt',
      'not_submitted',
      'voided',
    ]);
  });

  it('rejects a mapping file row that maps one vendor id to two students', async () => {
    const mapping = Buffer.from(
      'program,vendorStudentId,studentId\noneroster,v1,s1\noneroster,v1,s2\n',
    );

    await expect(loadMappingTable(t.deps(), 'map.csv', mapping)).rejects.toThrow(
      'map.csv row 3 column studentId: oneroster id v1 is mapped to two students; keep one row',
    );
  });
});
