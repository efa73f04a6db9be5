/**
 * Authorization by roster, read on every request so a teacher removed from a
 * class loses it at once. A class or student the caller may not see is
 * reported exactly like one that does not exist (404), so a refusal reveals
 * nothing; a 403 is only for what a role may never do, whatever the resource.
 */
import { NotFoundError } from '../errors.js';
import type {
  ClassStaffMember,
  RosterStore,
  StaffRole,
  StudentEnrollment,
} from '../ports.js';
import { ForbiddenError } from './errors.js';
import type { Role, Principal } from './principal.js';
import type { DirectoryStore } from './ports.js';

/** What a report route does with student data, by what a role may do. */
export type Capability =
  'classes' | 'mastery' | 'groups' | 'usage' | 'demographics' | 'planning';

/**
 * Lab staff tutor the students scheduled in their lab: mastery and groups,
 * but no demographics and no usage (the teacher's and admins' concern), and
 * no planning: what a class teaches and what is pushed to its students stay
 * the teacher's (and admins').
 */
export const CAPABILITIES: Record<Role, readonly Capability[]> = {
  lab_staff: ['classes', 'mastery', 'groups'],
  teacher: ['classes', 'mastery', 'groups', 'usage', 'demographics', 'planning'],
  school_admin: ['classes', 'mastery', 'groups', 'usage', 'demographics', 'planning'],
  district_admin: ['classes', 'mastery', 'groups', 'usage', 'demographics', 'planning'],
};

/** How a refusal names what was asked. */
const ACTIONS: Record<Capability, string> = {
  classes: 'read classes',
  mastery: 'read mastery',
  groups: 'read groups',
  usage: 'read usage',
  demographics: 'read demographics',
  planning: 'change plans or assignments',
};

export const roleCan = (role: Role, capability: Capability) =>
  CAPABILITIES[role].includes(capability);

/** Whether the caller's role may ever do it, whatever the class. */
export const can = (p: Principal, capability: Capability) => roleCan(p.role, capability);

const refuse = (role: Role, capability: Capability, classId?: string) =>
  new ForbiddenError(
    classId
      ? `a ${role} in class ${classId} may not ${ACTIONS[capability]}`
      : `a ${role} may not ${ACTIONS[capability]}`,
    { role, capability, ...(classId ? { classId } : {}) },
  );

/**
 * A 403 before anything is read for what the caller's role may never do. A
 * class route checks again with the role the caller holds in the class
 * (`requireClass`), which can be less.
 */
export function requireCapability(p: Principal, capability: Capability): void {
  if (!can(p, capability)) throw refuse(p.role, capability);
}

/**
 * The role a caller acts with in one class: the lesser of the token's role
 * and the role the roster enrolls them with there. A teacher who also tutors
 * in a lab is a teacher in their own class and lab staff in the lab (no usage
 * or demographics of the lab's students); a lab staff token never acts as a
 * teacher, whatever the roster says. Admins act with their own role.
 */
export function roleInClass(p: Principal, enrolledAs: StaffRole): Role {
  if (p.role === 'district_admin' || p.role === 'school_admin') return p.role;
  return p.role === 'lab_staff' || enrolledAs === 'lab_staff' ? 'lab_staff' : 'teacher';
}

export interface AccessDeps {
  roster: RosterStore;
  directory: DirectoryStore;
}

export const classNotFound = (classId: string) =>
  new NotFoundError(`class ${classId} not found`, { classId });
export const studentNotFound = (studentId: string) =>
  new NotFoundError(`student ${studentId} not found`, { studentId });

/** A class the caller may see, with the role they act with in it. */
export interface VisibleClass {
  readonly classId: string;
  readonly role: Role;
}

/** The classes a caller may see, sorted, with their role in each. One or two roster queries. */
export async function visibleClasses(
  deps: AccessDeps,
  p: Principal,
): Promise<VisibleClass[]> {
  if (p.role === 'district_admin' || p.role === 'school_admin') {
    const ids =
      p.role === 'district_admin'
        ? await deps.roster.listClasses()
        : await deps.directory.listSchoolClasses(p.schoolId);
    return [...new Set(ids)].sort().map((classId) => ({ classId, role: p.role }));
  }
  const byClass = new Map<string, Role>();
  for (const c of await deps.roster.listStaffClasses(p.userId)) {
    byClass.set(c.classId, roleInClass(p, c.role));
  }
  return [...byClass.keys()].sort().map((classId) => ({
    classId,
    role: byClass.get(classId) as Role,
  }));
}

/**
 * Passes when the caller may see the class and, with the role they hold in
 * it, do `capability`; answers that role. A class they may not see is the
 * 404 of an unknown class; one they see but may not do this in is a 403
 * (it reveals nothing they could not read from /me/classes). `classStaff`,
 * when given, is the class's staff already read with the report's data (one
 * query fewer); it comes from the same enrollment items.
 */
export async function requireClass(
  deps: AccessDeps,
  p: Principal,
  classId: string,
  capability: Capability,
  classStaff?: Promise<readonly ClassStaffMember[]>,
): Promise<Role> {
  let role: Role | undefined;
  if (p.role === 'district_admin') {
    role = p.role;
  } else if (p.role === 'school_admin') {
    role =
      (await deps.directory.classSchool(classId)) === p.schoolId ? p.role : undefined;
  } else {
    const enrolledAs = classStaff
      ? (await classStaff).find((s) => s.userId === p.userId)?.role
      : await deps.roster.classStaffRole(classId, p.userId);
    role = enrolledAs && roleInClass(p, enrolledAs);
  }
  if (!role) throw classNotFound(classId);
  if (!roleCan(role, capability)) throw refuse(role, capability, classId);
  return role;
}

/** What a caller may see of one student: the classes they share, and what they may do there. */
export interface StudentAccess {
  /** The student's classes where the caller may do what the route asked, sorted. */
  readonly classIds: string[];
  /** Whether the caller's role in one of those classes allows it (demographics on a profile). */
  can(capability: Capability): boolean;
}

/**
 * The student's classes the caller may see and do `capability` in; the 404
 * of an unknown student when they share none (a teacher sees only students
 * of their own classes), a 403 when they share classes but may not do this
 * in any. `enrollments`, when given, is the student's classes already read
 * with the report's data (one query fewer for both the classes and their
 * schools).
 */
export async function requireStudent(
  deps: AccessDeps,
  p: Principal,
  studentId: string,
  capability: Capability,
  enrollments?: Promise<readonly StudentEnrollment[]>,
): Promise<StudentAccess> {
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
  const shared = new Map<string, Role>();
  if (p.role === 'district_admin') {
    for (const c of studentClasses) shared.set(c, p.role);
  } else if (p.role === 'school_admin') {
    const schools = enrollments
      ? (await enrollments).map((e) => e.schoolId)
      : await deps.directory.studentSchools(studentId);
    if (schools.includes(p.schoolId))
      for (const c of studentClasses) shared.set(c, p.role);
  } else {
    const own = new Map(
      ((await ownClasses) ?? []).map((c) => [c.classId, roleInClass(p, c.role)]),
    );
    for (const c of studentClasses) {
      const role = own.get(c);
      if (role) shared.set(c, role);
    }
  }
  if (shared.size === 0) throw studentNotFound(studentId);
  const allowed = [...shared].filter(([, role]) => roleCan(role, capability));
  if (allowed.length === 0) {
    throw refuse([...shared.values()][0] as Role, capability);
  }
  const roles = new Set(allowed.map(([, role]) => role));
  return {
    classIds: allowed.map(([classId]) => classId).sort(),
    can: (c) => [...roles].some((role) => roleCan(role, c)),
  };
}
