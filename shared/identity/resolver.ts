/**
 * One student across vendors: a vendor's student id becomes the Lablink
 * student id through the program's explicit mapping table first, then the
 * roster identifiers the program's files are configured to carry. Nothing is
 * ever matched on names: an id that matches nothing stays unresolved and its
 * evidence is held until a mapping or roster names the student.
 */
import { studentIdKindsOf } from '../programs.js';
import { normalizeIdentifier } from './normalize.js';
import type { IdentityStore, StudentIdKind } from './ports.js';

/**
 * How a vendor id was matched; `mapping` is the explicit table,
 * `districtAccount` a pushed event's district SIS account (shared/events),
 * `review` a reviewer who named the student (shared/events/review.ts),
 * `earlierRun` a resent event that no id resolves now but whose student an
 * earlier run stored with it (a release or a review; PushMatchTally).
 */
export type MatchedBy =
  'mapping' | 'districtAccount' | 'review' | 'earlierRun' | StudentIdKind;

export type Resolution =
  | { ok: true; studentId: string; matchedBy: MatchedBy }
  | {
      ok: false;
      /** Why: `no_match` or `ambiguous` (two roster students share the id). */
      why: 'no_match' | 'ambiguous';
      reason: string;
    };

/** What a held record of an unresolved student waits for. */
export const studentWaitingFor = (programId: string, vendorStudentId: string) =>
  `student:${programId}:${vendorStudentId}`;

export const STUDENT_WAITING_PREFIX = 'student:';

/**
 * Resolves one vendor student id of a program. `kinds` defaults to the
 * program's configuration in shared/programs.ts.
 *
 * @example
 *   const r = await resolveStudent(identity, 'vendor-x', '00123');
 *   if (r.ok) evidence.studentId = r.studentId;
 */
export async function resolveStudent(
  identity: IdentityStore,
  programId: string,
  vendorStudentId: string,
  kinds: readonly StudentIdKind[] = studentIdKindsOf(programId),
): Promise<Resolution> {
  const mapped = await identity.getMapping(programId, vendorStudentId);
  if (mapped !== undefined) return { ok: true, studentId: mapped, matchedBy: 'mapping' };

  for (const kind of kinds) {
    if (kind === 'lablink')
      return { ok: true, studentId: vendorStudentId, matchedBy: kind };
    const id = normalizeIdentifier({ kind, value: vendorStudentId });
    const students = [...new Set(await identity.findStudents(id))];
    if (students.length === 1) {
      return { ok: true, studentId: students[0] as string, matchedBy: kind };
    }
    if (students.length > 1) {
      return {
        ok: false,
        why: 'ambiguous',
        reason:
          `${students.length} roster students share ${kind} ${vendorStudentId}; ` +
          `map it with lablink identity map`,
      };
    }
  }
  return {
    ok: false,
    why: 'no_match',
    reason:
      `no mapping for ${programId} and no roster student with ` +
      `${kinds.join(' or ')} ${vendorStudentId}`,
  };
}

/** Caches resolutions for one run: a file repeats each student many times. */
export type StudentResolver = (vendorStudentId: string) => Promise<Resolution>;

/**
 * A resolver for one program and run. A program whose files carry Lablink
 * ids (and has no identity store) resolves without any lookup, which keeps
 * the demo path as fast as before.
 */
export function createStudentResolver(
  identity: IdentityStore | undefined,
  programId: string,
): StudentResolver {
  const kinds = studentIdKindsOf(programId);
  // A program whose files carry Lablink ids needs no lookup (and no mapping
  // table): the demo's 10,791 rows stay exactly as fast as before.
  if (kinds[0] === 'lablink') {
    return async (vendorStudentId) => ({
      ok: true,
      studentId: vendorStudentId,
      matchedBy: 'lablink',
    });
  }
  if (!identity) {
    return async (vendorStudentId) =>
      kinds.includes('lablink')
        ? { ok: true, studentId: vendorStudentId, matchedBy: 'lablink' }
        : {
            ok: false,
            why: 'no_match',
            reason: `no identity store to resolve ${programId} students`,
          };
  }
  const cache = new Map<string, Promise<Resolution>>();
  return (vendorStudentId) => {
    let hit = cache.get(vendorStudentId);
    if (!hit) {
      hit = resolveStudent(identity, programId, vendorStudentId, kinds);
      cache.set(vendorStudentId, hit);
    }
    return hit;
  };
}
