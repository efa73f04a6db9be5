/**
 * Only a roster's students are indexed for identity: a vendor record that
 * carries a teacher's id or e-mail must stay unresolved (held), never land
 * on the teacher as if a student. OneRoster 1.1 gives the role on the user
 * row; 1.2 in roles.csv. A bundle that does not say a user's roles (a 1.2
 * delta without roles.csv) uses what the store knows; a user whose role is
 * known nowhere is not indexed (shared/oneroster/user-index.ts).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveStudent } from '../../shared/identity/resolver.js';
import { importRosterFolder } from '../../shared/oneroster/ingest-roster.js';
import { startEmulatedStores, type EmulatedStores } from './oneroster-support.js';

let t: EmulatedStores;
const dirs: string[] = [];
beforeAll(async () => {
  t = await startEmulatedStores();
});
afterAll(async () => {
  await t.stop();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function importBundle(files: Record<string, string>) {
  const dir = await mkdtemp(join(tmpdir(), 'or-staff-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files))
    await writeFile(join(dir, name), text);
  return importRosterFolder(t.deps(), dir, t.bucket);
}

const manifest = (version: string, files: string[]) =>
  [
    'propertyName,value',
    'manifest.version,1.0',
    `oneroster.version,${version}`,
    ...files.map((f) => `file.${f},bulk`),
  ].join('\r\n');

/** A manifest giving each file in its mode (`bulk` or `delta`); the rest absent. */
const manifestOf = (version: string, modes: Record<string, 'bulk' | 'delta'>) =>
  [
    'propertyName,value',
    'manifest.version,1.0',
    `oneroster.version,${version}`,
    ...Object.entries(modes).map(([f, mode]) => `file.${f},${mode}`),
  ].join('\r\n');

const found = (kind: 'sourcedId' | 'email' | 'identifier', value: string) =>
  t.store.identity().findStudents({ kind, value });

/** What a vendor record carrying `value` as that kind of id resolves to. */
const resolved = async (kind: 'sourcedId' | 'email' | 'identifier', value: string) => {
  const r = await resolveStudent(t.store.identity(), 'any-vendor', value, [kind]);
  return r.ok ? r.studentId : r.why;
};

const USERS_12 =
  'sourcedId,status,dateLastModified,enabledUser,username,email,givenName,familyName,identifier\r\n';
const ROLES =
  'sourcedId,status,dateLastModified,userSourcedId,roleType,role,orgSourcedId\r\n';
const ENROLLMENTS =
  'sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role\r\n';

describe('OneRoster users in the identity index', () => {
  beforeEach(() => t.freshTable());

  it('indexes the students of a 1.1 bundle and not its teacher', async () => {
    await importBundle({
      'manifest.csv': manifest('1.1', ['users']),
      'users.csv':
        'sourcedId,status,dateLastModified,enabledUser,role,username,email,givenName,familyName,identifier\r\n' +
        'u1,active,2025-01-01,true,student,ana,ana@example.org,Ana,Vega,00123\r\n' +
        't1,active,2025-01-01,true,teacher,tom,tom@example.org,Tom,Ruiz,00999\r\n',
    });

    expect(await found('sourcedId', 'u1')).toEqual(['u1']);
    expect(await found('identifier', '00123')).toEqual(['u1']);
    expect(await found('sourcedId', 't1')).toEqual([]);
    expect(await found('email', 'tom@example.org')).toEqual([]);
    expect(await found('identifier', '00999')).toEqual([]);
  });

  it('reads 1.2 roles from roles.csv: a teacher there is not indexed', async () => {
    await importBundle({
      'manifest.csv': manifest('1.2', ['users', 'roles']),
      'users.csv':
        'sourcedId,status,dateLastModified,enabledUser,username,email,givenName,familyName,identifier\r\n' +
        'u2,active,2025-01-01,true,bea,bea@example.org,Bea,Sol,00124\r\n' +
        't2,active,2025-01-01,true,ada,ada@example.org,Ada,Paz,00998\r\n' +
        'u3,active,2025-01-01,true,cy,cy@example.org,Cy,Lee,00125\r\n',
      'roles.csv':
        'sourcedId,status,dateLastModified,userSourcedId,roleType,role,orgSourcedId\r\n' +
        'r1,active,2025-01-01,u2,primary,student,org-1\r\n' +
        'r2,active,2025-01-01,t2,primary,teacher,org-1\r\n',
    });

    expect(await found('sourcedId', 'u2')).toEqual(['u2']);
    expect(await found('sourcedId', 't2')).toEqual([]);
    expect(await found('email', 'ada@example.org')).toEqual([]);
    // No role for u3 in roles.csv, no enrollment, nothing stored: not indexed.
    expect(await found('sourcedId', 'u3')).toEqual([]);
  });

  it('removes a user from the index when a later bundle makes them staff', async () => {
    const users = (role: string) =>
      'sourcedId,status,dateLastModified,enabledUser,role,username,givenName,familyName\r\n' +
      `a1,active,2025-01-01,true,${role},al,Al,Oro\r\n`;
    await importBundle({
      'manifest.csv': manifest('1.1', ['users']),
      'users.csv': users('student'),
    });
    expect(await found('sourcedId', 'a1')).toEqual(['a1']);

    await importBundle({
      'manifest.csv': manifest('1.1', ['users']),
      'users.csv': users('aide'),
    });

    expect(await found('sourcedId', 'a1')).toEqual([]);
  });
});

describe('a 1.2 delta without roles.csv', () => {
  beforeAll(() => t.freshTable());

  it('indexes only the students of the full bundle', async () => {
    const run = await importBundle({
      'manifest.csv': manifestOf('1.2', {
        users: 'bulk',
        roles: 'bulk',
        enrollments: 'bulk',
      }),
      'users.csv':
        USERS_12 +
        's1,active,2025-01-01,true,sam,sam@example.org,Sam,Rio,10001\r\n' +
        't1,active,2025-01-01,true,tess,tess@example.org,Tess,Mar,20001\r\n' +
        'a1,active,2025-01-01,true,abe,abe@example.org,Abe,Lin,30001\r\n',
      'roles.csv':
        ROLES +
        'r-s1,active,2025-01-01,s1,primary,student,sch-1\r\n' +
        'r-t1,active,2025-01-01,t1,primary,teacher,sch-1\r\n' +
        'r-a1,active,2025-01-01,a1,primary,administrator,sch-1\r\n',
      // a1 has no enrollment: only roles.csv says what they are.
      'enrollments.csv':
        ENROLLMENTS +
        'e-s1,active,2025-01-01,cls-1,sch-1,s1,student\r\n' +
        'e-t1,active,2025-01-01,cls-1,sch-1,t1,teacher\r\n',
    });

    expect(run.status).toBe('completed');
    expect(run.fileCounts?.identity).toEqual({
      users: 3,
      indexed: 1,
      staff: 2,
      roleUnknown: 0,
    });
    expect(await resolved('identifier', '10001')).toBe('s1');
    expect(await resolved('sourcedId', 't1')).toBe('no_match');
    expect(await resolved('sourcedId', 'a1')).toBe('no_match');
  });

  it('keeps the teacher and the administrator out and the student in, with their new ids', async () => {
    const run = await importBundle({
      'manifest.csv': manifestOf('1.2', { users: 'delta' }),
      'users.csv':
        USERS_12 +
        's1,active,2025-02-01,true,sam,sam@example.org,Sam,Rio,10002\r\n' +
        't1,active,2025-02-01,true,tess,tess.mar@example.org,Tess,Mar,20002\r\n' +
        'a1,active,2025-02-01,true,abe,abe.lin@example.org,Abe,Lin,30001\r\n',
    });

    expect(run.status).toBe('completed');
    expect(run.fileCounts?.identity).toEqual({
      users: 3,
      indexed: 1,
      staff: 2,
      roleUnknown: 0,
    });
    expect(await resolved('identifier', '10002')).toBe('s1');
    expect(await resolved('email', 'sam@example.org')).toBe('s1');
    expect(await resolved('sourcedId', 's1')).toBe('s1');
    // The student's old SIS id left the index with the update.
    expect(await resolved('identifier', '10001')).toBe('no_match');
    for (const [kind, value] of [
      ['sourcedId', 't1'],
      ['email', 'tess.mar@example.org'],
      ['identifier', '20002'],
      ['identifier', '20001'],
      ['sourcedId', 'a1'],
      ['email', 'abe.lin@example.org'],
      ['identifier', '30001'],
    ] as const) {
      expect([kind, value, await resolved(kind, value)]).toEqual([
        kind,
        value,
        'no_match',
      ]);
    }
  });

  it('merges a delta roles.csv on the stored records: a role added, then the student role removed', async () => {
    const added = await importBundle({
      'manifest.csv': manifestOf('1.2', { roles: 'delta' }),
      'roles.csv': ROLES + 'r-s1-b,active,2025-03-01,s1,secondary,aide,sch-1\r\n',
    });

    // Student and aide: a student's role keeps them in.
    expect(added.fileCounts?.identity).toEqual({
      users: 1,
      indexed: 1,
      staff: 0,
      roleUnknown: 0,
    });
    expect(await resolved('identifier', '10002')).toBe('s1');

    const removed = await importBundle({
      'manifest.csv': manifestOf('1.2', { roles: 'delta' }),
      // A deleted record names its user only through the stored one.
      'roles.csv': ROLES + 'r-s1,tobedeleted,2025-03-02,,,,\r\n',
    });

    expect(removed.fileCounts?.identity).toEqual({
      users: 1,
      indexed: 0,
      staff: 1,
      roleUnknown: 0,
    });
    expect(await resolved('identifier', '10002')).toBe('no_match');
    expect(await resolved('sourcedId', 's1')).toBe('no_match');
  });
});

describe('a user whose role is known nowhere', () => {
  const lineItems =
    'sourcedId,status,dateLastModified,title,classSourcedId,resultValueMin,resultValueMax,learningObjectiveIds\r\n' +
    'li-1,active,2025-01-01,Quiz 1,cls-2,0,10,CCSS.Math.Content.6.SP.B.4\r\n';
  const results =
    'sourcedId,status,dateLastModified,lineItemSourcedId,studentSourcedId,scoreStatus,score,scoreDate\r\n' +
    'res-u3,active,2025-02-01,li-1,u3,fully graded,7,2025-02-01\r\n' +
    'res-u4,active,2025-02-01,li-1,u4,fully graded,9,2025-02-01\r\n';
  beforeAll(() => t.freshTable());

  it('is not indexed, and their result is held; enrollments say the others', async () => {
    const run = await importBundle({
      'manifest.csv': manifestOf('1.2', {
        users: 'bulk',
        enrollments: 'bulk',
        lineItems: 'bulk',
        results: 'bulk',
      }),
      'users.csv':
        USERS_12 +
        'u3,active,2025-01-01,true,una,una@example.org,Una,Paz,40003\r\n' +
        'u4,active,2025-01-01,true,vic,vic@example.org,Vic,Sol,40004\r\n' +
        'u5,active,2025-01-01,true,wes,wes@example.org,Wes,Oro,40005\r\n',
      'enrollments.csv':
        ENROLLMENTS +
        'e-u4,active,2025-01-01,cls-2,sch-1,u4,student\r\n' +
        'e-u5,active,2025-01-01,cls-2,sch-1,u5,teacher\r\n',
      'lineItems.csv': lineItems,
      'results.csv': results,
    });

    expect(run.fileCounts?.identity).toEqual({
      users: 3,
      indexed: 1,
      staff: 1,
      roleUnknown: 1,
    });
    expect(await resolved('sourcedId', 'u3')).toBe('no_match');
    expect(await resolved('sourcedId', 'u4')).toBe('u4');
    expect(await resolved('email', 'wes@example.org')).toBe('no_match');
    // 3 users, 2 enrollments, 1 line item and u4's result; u3's result held.
    expect(run.counts).toEqual({
      parsed: 8,
      accepted: 7,
      replaced: 0,
      duplicates: 0,
      rejected: 0,
      held: 1,
      unwritten: 0,
    });
    expect((await t.store.listHeld('oneroster')).map((h) => h.waitingFor)).toEqual([
      'student:oneroster:u3',
    ]);
    expect((await t.store.listStudentEvidence('u4')).map((e) => e.score)).toEqual([0.9]);
  });

  it('is indexed, and the held result released, once a roles.csv says student', async () => {
    const run = await importBundle({
      'manifest.csv': manifestOf('1.2', { roles: 'delta' }),
      'roles.csv': ROLES + 'r-u3,active,2025-03-01,u3,primary,student,sch-1\r\n',
    });

    expect(run.fileCounts?.identity).toEqual({
      users: 1,
      indexed: 1,
      staff: 0,
      roleUnknown: 0,
    });
    expect(await resolved('identifier', '40003')).toBe('u3');
    expect(await t.store.listHeld('oneroster')).toEqual([]);
    expect((await t.store.listStudentEvidence('u3')).map((e) => e.score)).toEqual([0.7]);
  });

  it('keeps what the stored enrollments say when a later delta updates the users', async () => {
    const run = await importBundle({
      'manifest.csv': manifestOf('1.2', { users: 'delta' }),
      'users.csv':
        USERS_12 +
        'u4,active,2025-04-01,true,vic,vic.sol@example.org,Vic,Sol,40004\r\n' +
        'u5,active,2025-04-01,true,wes,wes.oro@example.org,Wes,Oro,40005\r\n',
    });

    expect(run.fileCounts?.identity).toEqual({
      users: 2,
      indexed: 1,
      staff: 1,
      roleUnknown: 0,
    });
    expect(await resolved('email', 'vic.sol@example.org')).toBe('u4');
    expect(await resolved('email', 'wes.oro@example.org')).toBe('no_match');
    expect(await resolved('sourcedId', 'u5')).toBe('no_match');
  });
});

describe('roles stored by an earlier bundle', () => {
  beforeEach(() => t.freshTable());

  it('reads the role of an earlier 1.1 row when a delta row has no role column', async () => {
    await importBundle({
      'manifest.csv': manifestOf('1.1', { users: 'bulk' }),
      'users.csv':
        'sourcedId,status,dateLastModified,enabledUser,role,username,email,givenName,familyName\r\n' +
        's7,active,2025-01-01,true,student,sol,sol@example.org,Sol,Ra\r\n' +
        't7,active,2025-01-01,true,teacher,tal,tal@example.org,Tal,Ri\r\n',
    });

    await importBundle({
      'manifest.csv': manifestOf('1.1', { users: 'delta' }),
      'users.csv':
        'sourcedId,status,dateLastModified,enabledUser,username,email,givenName,familyName\r\n' +
        's7,active,2025-02-01,true,sol,sol.ra@example.org,Sol,Ra\r\n' +
        't7,active,2025-02-01,true,tal,tal.ri@example.org,Tal,Ri\r\n',
    });

    expect(await resolved('email', 'sol.ra@example.org')).toBe('s7');
    expect(await resolved('email', 'tal.ri@example.org')).toBe('no_match');
    expect(await resolved('sourcedId', 't7')).toBe('no_match');
  });

  it('reads a role record that came before its user', async () => {
    const roles = await importBundle({
      'manifest.csv': manifestOf('1.2', { roles: 'delta' }),
      'roles.csv': ROLES + 'r-n1,active,2025-01-01,n1,primary,teacher,sch-1\r\n',
    });
    // No such user yet: nobody to index, no identity counts.
    expect(roles.fileCounts?.identity).toBeUndefined();

    const users = await importBundle({
      'manifest.csv': manifestOf('1.2', { users: 'delta' }),
      'users.csv':
        USERS_12 + 'n1,active,2025-01-02,true,nia,nia@example.org,Nia,Tu,60001\r\n',
    });

    // Staff by the stored record, not a user whose role is unknown.
    expect(users.fileCounts?.identity).toEqual({
      users: 1,
      indexed: 0,
      staff: 1,
      roleUnknown: 0,
    });
    expect(await resolved('sourcedId', 'n1')).toBe('no_match');
    expect(await resolved('email', 'nia@example.org')).toBe('no_match');
  });

  it('reads roles.csv records stored before roles were kept on the user, and un-indexes a teacher indexed then', async () => {
    // The store as an import before this change left it: users without their
    // roles, the teacher indexed by a delta without roles.csv.
    const identity = t.store.identity();
    await identity.putEntities([
      { kind: 'users', sourcedId: 'k1', values: { sourcedId: 'k1' }, runId: 'old' },
      { kind: 'users', sourcedId: 'k2', values: { sourcedId: 'k2' }, runId: 'old' },
      {
        kind: 'roles',
        sourcedId: 'r-k1',
        values: { sourcedId: 'r-k1', userSourcedId: 'k1', role: 'student' },
        runId: 'old',
      },
      {
        kind: 'roles',
        sourcedId: 'r-k2',
        values: { sourcedId: 'r-k2', userSourcedId: 'k2', role: 'teacher' },
        runId: 'old',
      },
    ]);
    await identity.putIdentifiers('k2', [{ kind: 'sourcedId', value: 'k2' }]);
    expect(await resolved('sourcedId', 'k2')).toBe('k2');

    const run = await importBundle({
      'manifest.csv': manifestOf('1.2', { users: 'delta' }),
      'users.csv':
        USERS_12 +
        'k1,active,2025-02-01,true,kim,kim@example.org,Kim,Al,50001\r\n' +
        'k2,active,2025-02-01,true,kai,kai@example.org,Kai,Bo,50002\r\n',
    });

    expect(run.fileCounts?.identity).toEqual({
      users: 2,
      indexed: 1,
      staff: 1,
      roleUnknown: 0,
    });
    expect(await resolved('email', 'kim@example.org')).toBe('k1');
    expect(await resolved('sourcedId', 'k2')).toBe('no_match');
    expect(await resolved('email', 'kai@example.org')).toBe('no_match');
    // The roles read are kept on the users, so the next bundle needs no scan.
    expect((await identity.getEntity('users', 'k2'))?.roles).toEqual({
      records: { 'r-k2': 'teacher' },
    });
  });
});
