/** The caller's classes, from the roster, a page at a time. */
import { visibleClasses, type AccessDeps } from '../auth/access.js';
import type { Principal } from '../auth/principal.js';
import { cursorScope, paginate } from './paging.js';
import type { MyClasses } from './schemas.js';

/**
 * Visible classes (one roster query), then the school and student count of
 * the page's classes only, so a district admin's first page costs the same
 * as a teacher's.
 */
export async function myClasses(
  deps: AccessDeps,
  principal: Principal,
  paging: { cursor?: string; limit?: number },
): Promise<MyClasses> {
  const page = paginate(await visibleClasses(deps, principal), (c) => c.classId, {
    ...paging,
    scope: cursorScope('me/classes'),
  });
  const classes = await Promise.all(
    page.items.map(async ({ classId, role }) => {
      const [schoolId, students] = await Promise.all([
        deps.directory.classSchool(classId),
        deps.roster.listClassStudents(classId),
      ]);
      return { classId, schoolId, role, studentCount: students.length };
    }),
  );
  return { classes, nextCursor: page.nextCursor };
}
