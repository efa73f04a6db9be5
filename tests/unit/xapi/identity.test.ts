import type {
  IdentityStore,
  StudentIdentifier,
  VendorMapping,
} from '../../../shared/identity/ports.js';
import {
  createLearnerResolver,
  mboxSha1sum,
  resolveByDistrictId,
  vendorIdOf,
} from '../../../shared/events/identity.js';
import { BUILTIN_PUSH_PROGRAMS } from '../../../shared/events/programs.js';

const program = BUILTIN_PUSH_PROGRAMS[0]!;
const MBOX = 'mailto:mlopez@example.org';
/** `printf '%s' 'mailto:mlopez@example.org' | sha1sum` */
const MBOX_SHA1 = 'b231229f0a8a249492ae09b672f3cf5f8975b54f';
const district = (name: string) => ({
  account: { homePage: 'https://sis.example-district.org/', name },
});

/** Mapping tables and a roster index in memory, counting lookups. */
class MemoryIdentity implements IdentityStore {
  mappings = new Map<string, string>();
  index = new Map<string, string[]>();
  lookups = 0;
  async findStudents(id: StudentIdentifier) {
    this.lookups += 1;
    return this.index.get(`${id.kind}|${id.value}`) ?? [];
  }
  async putIdentifiers() {}
  async deleteIdentifiers() {}
  async getMapping(programId: string, vendorId: string) {
    this.lookups += 1;
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

describe('Function: vendorIdOf', () => {
  it('uses the mbox_sha1sum of an mbox, never the address', () => {
    expect(mboxSha1sum(MBOX)).toBe(MBOX_SHA1);
    expect(vendorIdOf({ mbox: MBOX })).toBe(MBOX_SHA1);
    expect(vendorIdOf({ mbox_sha1sum: MBOX_SHA1.toUpperCase() })).toBe(MBOX_SHA1);
  });

  it('uses the account name, the OpenID or the IRI as sent', () => {
    expect(
      vendorIdOf({ account: { homePage: 'https://lms.example', name: '007' } }),
    ).toBe('007');
    expect(vendorIdOf({ openid: 'https://id.example/u/9' })).toBe(
      'https://id.example/u/9',
    );
    expect(vendorIdOf({ iri: 'https://other.example/p/1' })).toBe(
      'https://other.example/p/1',
    );
    expect(vendorIdOf({})).toBeUndefined();
  });
});

describe('Function: createLearnerResolver', () => {
  it('resolves a district SIS account exactly, leading zeros kept, with no lookup', async () => {
    const identity = new MemoryIdentity();

    const resolve = await createLearnerResolver(identity, program, [district('0100724')]);

    expect(resolve(district('0100724'), program)).toEqual({
      resolved: true,
      studentId: '0100724',
      matchedBy: 'districtAccount',
    });
    expect(identity.lookups).toBe(0);
  });

  it('holds an mbox-only learner under the sha1 of the mailto IRI, naming no address', async () => {
    const identity = new MemoryIdentity();

    const resolve = await createLearnerResolver(identity, program, [{ mbox: MBOX }]);
    const who = resolve({ mbox: MBOX }, program);

    expect(who).toMatchObject({
      resolved: false,
      waitingFor: `student:district-lrs:${MBOX_SHA1}`,
      why: 'no_match',
    });
    expect(JSON.stringify(who)).not.toContain('@');
  });

  it('resolves through the mapping table, then the roster identifiers', async () => {
    const identity = new MemoryIdentity();
    await identity.putMappings([
      { programId: 'district-lrs', vendorStudentId: MBOX_SHA1, studentId: '100724' },
    ]);
    identity.index.set('identifier|S-9', ['u9']);
    const other = { account: { homePage: 'https://lms.example', name: 'S-9' } };

    const resolve = await createLearnerResolver(identity, program, [
      { mbox: MBOX },
      other,
    ]);

    expect(resolve({ mbox: MBOX }, program)).toEqual({
      resolved: true,
      studentId: '100724',
      matchedBy: 'mapping',
    });
    expect(resolve(other, program)).toEqual({
      resolved: true,
      studentId: 'u9',
      matchedBy: 'identifier',
    });
  });

  it('holds an event that names no identifier for review, not for a mapping', () => {
    expect(resolveByDistrictId({}, program)).toMatchObject({
      resolved: false,
      waitingFor: 'learner-review',
      why: 'no_identifier',
    });
  });
});
