/**
 * Which roster users the identity index holds: students only, so a vendor
 * record carrying a teacher's id or e-mail stays held instead of landing on
 * the teacher as if a student.
 *
 * A user's roles come from the first of these that says anything:
 * 1. the bundle itself: the user row's `role` (OneRoster 1.1) or the bundle's
 *    roles.csv records naming the user (1.2), a delta merged on the records
 *    already stored for them;
 * 2. what the store knows: the roles.csv records an earlier bundle gave (a
 *    bulk roles.csv replaces them), else the `role` of an earlier user row;
 * 3. the user's enrollments once this bundle's are applied: a student
 *    enrollment makes a student, a teacher, aide or proctor one staff.
 * A user with any student role is indexed. A user whose role none of them
 * says is not indexed (counted `roleUnknown` in the run's `identity` counts):
 * a district would rather see a vendor record held, and released once a
 * bundle gives the role, than a teacher resolvable as a student.
 *
 * Users are indexed after users, roles and enrollments are applied and
 * before results, so a result of the same bundle resolves its student.
 */
import type {
  IdentityStore,
  RosterEntity,
  RosterEntityStore,
  UserRoles,
} from '../identity/ports.js';
import { identifiersOfUser } from '../identity/normalize.js';
import type { RosterStore } from '../ports.js';
import type { FileMode } from './files.js';
import type { RosterRow } from './rows.js';

/** OneRoster roles that are a learner's: a user with any of them is indexed. */
export const STUDENT_ROLES: ReadonlySet<string> = new Set(['student']);

/** What the identity pass did, as the run's `identity` counts. */
export interface IndexCounts {
  /** Users whose roles were (re)read: in users.csv, roles.csv or a student enrollment. */
  users: number;
  indexed: number;
  /** Known roles, none a student's. */
  staff: number;
  /** No role known anywhere: not indexed (the module comment says why). */
  roleUnknown: number;
}

interface Deps {
  identity: IdentityStore;
  entities: RosterEntityStore;
  roster: Pick<RosterStore, 'listStudentClasses' | 'listStaffClasses'>;
}

const normalRole = (role: string | undefined) => (role ?? '').trim().toLowerCase();

export class UserIndexer {
  /** Active users.csv rows of the bundle, with their record as stored before it. */
  private readonly rows = new Map<
    string,
    { row: RosterRow; stored: RosterEntity | undefined }
  >();
  /** roles.csv rows by user: role by record sourcedId, undefined when deleted. */
  private readonly roleChanges = new Map<string, Map<string, string | undefined>>();
  private readonly enrolledStudents = new Set<string>();
  private storedRoleRecords?: Map<string, Record<string, string>>;

  constructor(
    private readonly deps: Deps,
    /** How the bundle gives roles.csv: a bulk file replaces every user's records. */
    private readonly rolesMode: FileMode,
  ) {}

  /** An active users.csv row; its record is written by `apply`, with its roles. */
  user(row: RosterRow, stored: RosterEntity | undefined): void {
    this.rows.set(row.sourcedId, { row, stored });
  }

  /** A roles.csv row, a deleted one with the values it had when stored. */
  role(row: RosterRow): void {
    const user = row.values.userSourcedId;
    // A deleted record never stored names no user: nothing to take back.
    if (!user) return;
    const changes = this.roleChanges.get(user) ?? new Map<string, string | undefined>();
    changes.set(row.sourcedId, row.deleted ? undefined : normalRole(row.values.role));
    this.roleChanges.set(user, changes);
  }

  /**
   * An enrollment row as applied. Only a student enrollment can change what
   * the index holds (a staff one leaves an unknown user unindexed either way).
   */
  enrollment(row: RosterRow): void {
    const user = row.values.userSourcedId;
    if (user && normalRole(row.values.role) === 'student')
      this.enrolledStudents.add(user);
  }

  /** Indexes (or takes out of the index) every user the bundle touched. */
  async apply(runId: string): Promise<IndexCounts> {
    const counts: IndexCounts = { users: 0, indexed: 0, staff: 0, roleUnknown: 0 };
    const touched = new Set([
      ...this.rows.keys(),
      ...this.roleChanges.keys(),
      ...this.enrolledStudents,
    ]);
    const writes: RosterEntity[] = [];
    for (const userId of touched) {
      const given = this.rows.get(userId);
      // A user not in this bundle's users.csv costs one read of their record.
      const stored = given
        ? given.stored
        : await this.deps.entities.getEntity('users', userId);
      const values = given ? given.row.values : stored?.values;
      // A role or enrollment of a user the roster does not have (or deleted).
      if (!values) continue;
      counts.users += 1;

      const { roles, kept } = await this.rolesOf(userId, given?.row, stored);
      const student = roles.some((r) => STUDENT_ROLES.has(r));
      if (student) counts.indexed += 1;
      else if (roles.length > 0) counts.staff += 1;
      else counts.roleUnknown += 1;

      const oldIds = stored ? identifiersOfUser(stored.values) : [];
      const newIds = student ? identifiersOfUser(values) : [];
      const keep = new Set(newIds.map((i) => `${i.kind}\u0000${i.value}`));
      const stale = oldIds.filter((i) => !keep.has(`${i.kind}\u0000${i.value}`));
      await this.deps.identity.deleteIdentifiers(userId, stale);
      await this.deps.identity.putIdentifiers(userId, newIds);

      if (given)
        writes.push({ kind: 'users', sourcedId: userId, values, runId, roles: kept });
      else if (stored && JSON.stringify(stored.roles) !== JSON.stringify(kept))
        writes.push({ ...stored, roles: kept });
    }
    await this.deps.entities.putEntities(writes);
    return counts;
  }

  /** The roles that decide (in the order of the module comment) and those to keep. */
  private async rolesOf(
    userId: string,
    row: RosterRow | undefined,
    stored: RosterEntity | undefined,
  ): Promise<{ roles: string[]; kept: UserRoles }> {
    const changes = this.roleChanges.get(userId);
    const rowRole = normalRole(row?.values.role);
    const records = {
      ...(await this.storedRecords(userId, stored, !!changes || !!rowRole)),
    };
    for (const [id, role] of changes ?? []) {
      if (role === undefined) delete records[id];
      else records[id] = role;
    }
    // A record stored before roles were kept has its 1.1 role in its values.
    const keptRow = rowRole || stored?.roles?.row || normalRole(stored?.values.role);
    const kept: UserRoles = { ...(keptRow ? { row: keptRow } : {}), records };
    const recordRoles = Object.values(records).filter((r) => r !== '');

    const said = [...(rowRole ? [rowRole] : []), ...(changes ? recordRoles : [])];
    if (said.length > 0) return { roles: said, kept };
    if (recordRoles.length > 0) return { roles: recordRoles, kept };
    if (keptRow) return { roles: [keptRow], kept };
    if ((await this.deps.roster.listStudentClasses(userId)).length > 0)
      return { roles: ['student'], kept };
    if ((await this.deps.roster.listStaffClasses(userId)).length > 0)
      return { roles: ['staff'], kept };
    return { roles: [], kept };
  }

  /**
   * The roles.csv records stored for a user before this bundle (none when it
   * gives a bulk roles.csv, which replaces them). A user stored before roles
   * were kept on the user has them read from the roles partition, as has a
   * user new to the roster whose bundle says nothing of their roles (a role
   * record may have come first); a new user whose bundle gives their roles
   * is taken at its word, which spares the read on every delta that adds one.
   */
  private async storedRecords(
    userId: string,
    stored: RosterEntity | undefined,
    bundleSays: boolean,
  ): Promise<Record<string, string>> {
    if (this.rolesMode === 'bulk') return {};
    if (stored?.roles) return stored.roles.records;
    if (!stored && bundleSays) return {};
    return this.partitionRecords(userId);
  }

  /** The roles partition by user: one paged query, once per bundle, only when needed. */
  private async partitionRecords(userId: string): Promise<Record<string, string>> {
    if (!this.storedRoleRecords) {
      const byUser = new Map<string, Record<string, string>>();
      for (const r of await this.deps.entities.listEntities('roles')) {
        const user = r.values.userSourcedId;
        if (!user) continue;
        byUser.set(user, {
          ...byUser.get(user),
          [r.sourcedId]: normalRole(r.values.role),
        });
      }
      this.storedRoleRecords = byUser;
    }
    return this.storedRoleRecords.get(userId) ?? {};
  }
}
