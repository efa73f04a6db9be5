/**
 * Authorization by roster, read on every request so a teacher removed from a
 * class loses it at once. A class or student the caller may not see is
 * reported exactly like one that does not exist (404), so a refusal reveals
 * nothing; a 403 is only for what a role may never do, whatever the resource.
 */
import { NotFoundError } from '../errors.js';
import type { RosterStore, StudentEnrollment } from '../ports.js';
import { ForbiddenError } from './errors.js';
import type { Role, Principal } from './principal.js';
import type { DirectoryStore } from './ports.js';

/** What a report route does with student data, by what a role may do. */
export type Capability = 'classes' | 'mastery' | 'groups' | 'usage' | 'demographics';

/**
 * Lab staff tutor the students scheduled in their lab: mastery and groups,
 * but no demographics and no usage (the teacher's and admins' concern).
 */
export const CAPABILITIES: Record<Role, readonly Capability[]> = {
  lab_staff: ['classes', 'mastery', 'groups'],
  teacher: ['classes', 'mastery', 'groups', 'usage', 'demographics'],
  school_admin: ['classes', 'mastery', 'groups', 'usage', 'demographics'],
  district_admin: ['classes', 'mastery', 'groups', 'usage', 'demographics'],
};

export const can = (p: Principal, capability: Capability) =>
  CAPABILITIES[p.role].includes(capability);

export function requireCapability(p: Principal, capability: Capability): void {
  if (!can(p, capability)) {
    throw new ForbiddenError(`a ${p.role} may not read ${capability}`, {
      role: p.role,
      capability,
    });
  }
}

export interface AccessDeps {
  roster: RosterStore;
  directory: DirectoryStore;
}

export const classNotFound = (classId: string) =>
  new NotFoundError(`class ${classId} not found`, { classId });
export const studentNotFound = (studentId: string) =>
  new NotFoundError(`student ${studentId} not found`, { studentId });

/** The classes a caller may see, sorted. One or two roster queries. */
export async function visibleClasses(deps: AccessDeps, p: Principal): Promise<string[]> {
  const ids =
    p.role === 'district_admin'
      ? await deps.roster.listClasses()
      : p.role === 'school_admin'
        ? await deps.directory.listSchoolClasses(p.schoolId)
        : await deps.roster.listStaffClasses(p.userId);
  return [...new Set(ids)].sort();
}

/**
 * Passes when the caller may see the class, else the 404 of an unknown class.
 * `classStaff`, when given, is the class's staff already read with the
 * report's data (one query fewer); it comes from the same enrollment items.
 */
export async function requireClass(
  deps: AccessDeps,
  p: Principal,
  classId: string,
  classStaff?: Promise<readonly string[]>,
): Promise<void> {
  const allowed =
    p.role === 'district_admin'
      ? true
      : p.role === 'school_admin'
        ? (await deps.directory.classSchool(classId)) === p.schoolId
        : classStaff
          ? (await classStaff).includes(p.userId)
          : await deps.roster.isClassStaff(classId, p.userId);
  if (!allowed) throw classNotFound(classId);
}

/**
 * The student's classes the caller may see; the 404 of an unknown student
 * when there is none (a teacher sees only students of their own classes).
 * `enrollments`, when given, is the student's classes already read with the
 * report's data (one query fewer for both the classes and their schools).
 */
export async function requireStudent(
  deps: AccessDeps,
  p: Principal,
  studentId: string,
  enrollments?: Promise<readonly StudentEnrollment[]>,
): Promise<string[]> {
  // A teacher's or lab staff member's own classes are read beside the
  // student's, not after them: the check costs one round trip, not two.
  const ownClasses =
    p.role === 'district_admin' || p.role === 'school_admin'
      ? undefined
      : deps.roster.listStaffClasses(p.userId);
  ownClasses?.catch(() => undefined);
  const studentClasses = enrollments
    ? (await enrollments).map((e) => e.classId)
    : await deps.roster.listStudentClasses(studentId);
  let shared: string[];
  if (p.role === 'district_admin') {
    shared = studentClasses;
  } else if (p.role === 'school_admin') {
    const schools = enrollments
      ? (await enrollments).map((e) => e.schoolId)
      : await deps.directory.studentSchools(studentId);
    shared = schools.includes(p.schoolId) ? studentClasses : [];
  } else {
    const own = new Set(await ownClasses);
    shared = studentClasses.filter((c) => own.has(c));
  }
  if (shared.length === 0) throw studentNotFound(studentId);
  return [...new Set(shared)].sort();
}
