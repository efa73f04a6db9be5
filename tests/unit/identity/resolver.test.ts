import type {
  IdentityStore,
  StudentIdentifier,
  VendorMapping,
} from '../../../shared/identity/ports.js';
import { identifiersOfUser, parseUserIds } from '../../../shared/identity/normalize.js';
import {
  resolveStudent,
  createStudentResolver,
} from '../../../shared/identity/resolver.js';

/** An in-memory identity store: the index and the mapping tables. */
class MemoryIdentity implements IdentityStore {
  index = new Map<string, Set<string>>();
  mappings = new Map<string, string>();
  lookups = 0;
  async findStudents(id: StudentIdentifier) {
    this.lookups += 1;
    return [...(this.index.get(`${id.kind}|${id.value}`) ?? [])];
  }
  async putIdentifiers(studentId: string, ids: readonly StudentIdentifier[]) {
    for (const id of ids) {
      const key = `${id.kind}|${id.value}`;
      this.index.set(key, new Set([...(this.index.get(key) ?? []), studentId]));
    }
  }
  async deleteIdentifiers() {}
  async getMapping(programId: string, vendorId: string) {
    return this.mappings.get(`${programId}|${vendorId}`);
  }
  async putMappings(rows: readonly VendorMapping[]) {
    for (const r of rows)
      this.mappings.set(`${r.programId}|${r.vendorStudentId}`, r.studentId);
  }
  async listMappings() {
    return [];
  }
}

const user = (values: Record<string, string>) => identifiersOfUser(values);

describe('resolveStudent', () => {
  it('keeps leading zeros: 00123 resolves, 123 does not', async () => {
    const identity = new MemoryIdentity();
    await identity.putIdentifiers(
      'stu-1',
      user({ sourcedId: 'stu-1', identifier: '00123' }),
    );

    const kept = await resolveStudent(identity, 'vendor-x', '00123', ['identifier']);
    const lost = await resolveStudent(identity, 'vendor-x', '123', ['identifier']);

    expect(kept).toEqual({ ok: true, studentId: 'stu-1', matchedBy: 'identifier' });
    expect(lost).toEqual({
      ok: false,
      why: 'no_match',
      reason: 'no mapping for vendor-x and no roster student with identifier 123',
    });
  });

  it('prefers the explicit mapping table over the roster', async () => {
    const identity = new MemoryIdentity();
    await identity.putIdentifiers(
      'stu-1',
      user({ sourcedId: 'stu-1', identifier: 'V9' }),
    );
    await identity.putMappings([
      { programId: 'vendor-x', vendorStudentId: 'V9', studentId: 'stu-2' },
    ]);

    expect(await resolveStudent(identity, 'vendor-x', 'V9', ['identifier'])).toEqual({
      ok: true,
      studentId: 'stu-2',
      matchedBy: 'mapping',
    });
  });

  it('resolves two programs ids to one student', async () => {
    const identity = new MemoryIdentity();
    await identity.putIdentifiers(
      'stu-1',
      user({
        sourcedId: 'stu-1',
        email: 'Ana.Vega@Example.org',
        userIds: '{state:0042}',
      }),
    );
    await identity.putMappings([
      { programId: 'lab-a', vendorStudentId: 'A-77', studentId: 'stu-1' },
    ]);

    const a = await resolveStudent(identity, 'lab-a', 'A-77', ['email']);
    const b = await resolveStudent(identity, 'lab-b', 'ana.vega@example.org ', ['email']);
    const c = await resolveStudent(identity, 'lab-c', '0042', ['userId:state']);

    expect([a, b, c].map((r) => r.ok && r.studentId)).toEqual([
      'stu-1',
      'stu-1',
      'stu-1',
    ]);
    expect([a, b, c].map((r) => r.ok && r.matchedBy)).toEqual([
      'mapping',
      'email',
      'userId:state',
    ]);
  });

  it('never merges on name similarity: names are not identifiers', async () => {
    const identity = new MemoryIdentity();
    await identity.putIdentifiers(
      'stu-1',
      user({ sourcedId: 'stu-1', givenName: 'Maria', familyName: 'Lopez' }),
    );

    expect([...identity.index.keys()]).toEqual(['sourcedId|stu-1']);
    expect(
      await resolveStudent(identity, 'x', 'Maria Lopez', ['sourcedId', 'identifier']),
    ).toMatchObject({
      ok: false,
      why: 'no_match',
    });
  });

  it('reports an id two roster students share as ambiguous, not a match', async () => {
    const identity = new MemoryIdentity();
    await identity.putIdentifiers('stu-1', [{ kind: 'identifier', value: '7' }]);
    await identity.putIdentifiers('stu-2', [{ kind: 'identifier', value: '7' }]);

    expect(await resolveStudent(identity, 'x', '7', ['identifier'])).toMatchObject({
      ok: false,
      why: 'ambiguous',
    });
  });

  it('keeps the ASSISTments demo ids as Lablink ids without any lookup', async () => {
    const identity = new MemoryIdentity();
    const resolve = createStudentResolver(identity, 'assistments');

    expect(await resolve('64525')).toEqual({
      ok: true,
      studentId: '64525',
      matchedBy: 'lablink',
    });
    expect(identity.lookups).toBe(0);
  });
});

describe('parseUserIds', () => {
  it('reads OneRoster userIds lists with their types', () => {
    expect(parseUserIds('{LDAP:12},{LTI:15},{state:0042}')).toEqual([
      { type: 'ldap', value: '12' },
      { type: 'lti', value: '15' },
      { type: 'state', value: '0042' },
    ]);
  });
});
