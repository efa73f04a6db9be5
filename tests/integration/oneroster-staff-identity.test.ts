/**
 * Only a roster's students are indexed for identity: a vendor record that
 * carries a teacher's id or e-mail must stay unresolved (held), never land
 * on the teacher as if a student. OneRoster 1.1 gives the role on the user
 * row; 1.2 in roles.csv.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

const found = (kind: 'sourcedId' | 'email' | 'identifier', value: string) =>
  t.store.identity().findStudents({ kind, value });

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
    // No role given for u3: indexed, as a user whose roles are unknown.
    expect(await found('sourcedId', 'u3')).toEqual(['u3']);
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
