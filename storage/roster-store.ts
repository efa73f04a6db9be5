/**
 * DynamoDB side of the roster (shared/ports.ts `RosterStore`): enrollments,
 * written on both sides (class, and student or staff), and the class
 * registry `CLASSES / CLASS#<classId>`. A concern of its own, apart from the
 * evidence and mastery of dynamodb-store.ts: the reports' access checks read
 * it, some through reads that concurrent requests share (shared-calls.ts).
 * `DynamoStore` builds one per instance and forwards to it, so those reads
 * are shared by every request on the same `DynamoStore`.
 */
import {
  GetCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { Enrollment } from '../shared/model.js';
import type {
  RosterStore,
  StaffClass,
  StaffRole,
  StudentEnrollment,
} from '../shared/ports.js';
import { writeAllOrThrow } from './batches.js';
import {
  CLASSES_PK,
  classPk,
  classSk,
  ITEM_SCHEMA_VERSION,
  PREFIX,
  staffPk,
  staffSk,
  strip,
  studentPk,
  studentSk,
} from './keys.js';
import { queryAll, type Item } from './query-all.js';
import { sharedReads } from './shared-calls.js';

/** Registry partition of every class, read by the scheduled rollup. */

export interface RosterStoreOptions {
  /** Whether an item is past its TTL: reads leave it out (the owning store's clock). */
  isExpired: (item: Item) => boolean;
}

export class DynamoRosterStore implements RosterStore {
  /** Classes this instance has written to the class registry. */
  private readonly registeredClasses = new Set<string>();

  /** Roster reads of the profile's check, shared by concurrent requests (shared-calls.ts). */
  private readonly studentEnrollments = sharedReads((studentId) =>
    this.queryStudentEnrollments(studentId),
  );
  private readonly staffClasses = sharedReads((userId) => this.queryStaffClasses(userId));

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly options: RosterStoreOptions,
  ) {}

  async putEnrollments(enrollments: readonly Enrollment[]): Promise<void> {
    const v = ITEM_SCHEMA_VERSION;
    await writeAllOrThrow(
      this.doc,
      this.table,
      enrollments.flatMap((e) => {
        const student = e.role === 'student';
        return [
          {
            pk: classPk(e.classId),
            sk: student ? studentSk(e.userId) : staffSk(e.userId),
            v,
            ...e,
          },
          {
            pk: student ? studentPk(e.userId) : staffPk(e.userId),
            sk: classSk(e.classId),
            v,
            ...e,
          },
        ];
      }),
    );
    // The class registry is one partition: writing it once per enrollment
    // would make it hot (a 100,000-student file re-puts the same few thousand
    // items). Once per class per container is enough; the put is idempotent.
    const newClasses = new Map<string, Enrollment>();
    for (const e of enrollments) {
      if (!this.registeredClasses.has(e.classId)) newClasses.set(e.classId, e);
    }
    await writeAllOrThrow(
      this.doc,
      this.table,
      [...newClasses.values()].map((e) => ({
        pk: CLASSES_PK,
        sk: classSk(e.classId),
        v,
        classId: e.classId,
        schoolId: e.schoolId,
      })),
    );
    for (const classId of newClasses.keys()) this.registeredClasses.add(classId);
  }

  async listClassStudents(classId: string): Promise<string[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': classPk(classId), ':p': PREFIX.student },
    });
    return items.map((i) => i.userId as string);
  }

  /** Teachers and lab staff of a class, with their roles. */
  async listClassStaff(classId: string): Promise<Enrollment[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': classPk(classId), ':p': PREFIX.staff },
    });
    return items.map((i) => Enrollment.parse(strip(i)));
  }

  async classStaffRole(classId: string, userId: string): Promise<StaffRole | undefined> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: classPk(classId), sk: staffSk(userId) },
        ProjectionExpression: '#role',
        ExpressionAttributeNames: { '#role': 'role' },
        // Access follows the roster at once, even right after an un-enrollment.
        ConsistentRead: true,
      }),
    );
    return out.Item?.role as StaffRole | undefined;
  }

  /** The profile's roster check, shared by the requests running at once. */
  listStudentEnrollments(studentId: string): Promise<readonly StudentEnrollment[]> {
    return this.studentEnrollments.load(studentId);
  }

  private async queryStudentEnrollments(studentId: string): Promise<StudentEnrollment[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': studentPk(studentId), ':p': PREFIX.class },
      // Access follows the roster at once: an un-enrollment a moment ago counts.
      ConsistentRead: true,
    });
    return items.map((i) => ({
      classId: i.classId as string,
      schoolId: i.schoolId as string | undefined,
    }));
  }

  /** The classes a teacher or lab staff member is in (shared as above). */
  listStaffClasses(userId: string): Promise<readonly StaffClass[]> {
    return this.staffClasses.load(userId);
  }

  private async queryStaffClasses(userId: string): Promise<StaffClass[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': staffPk(userId), ':p': PREFIX.class },
      // Access follows the roster at once: an un-enrollment a moment ago counts.
      ConsistentRead: true,
    });
    return items.map((i) => ({
      classId: i.classId as string,
      role: i.role as StaffRole,
    }));
  }

  async listStudentClasses(studentId: string): Promise<string[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': studentPk(studentId), ':p': PREFIX.class },
      // Access follows the roster at once: an un-enrollment a moment ago counts.
      ConsistentRead: true,
    });
    return items.map((i) => i.classId as string);
  }

  async listClasses(): Promise<string[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': CLASSES_PK },
    });
    return items.map((i) => i.classId as string);
  }

  private async queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
    const items = await queryAll(this.doc, { TableName: this.table, ...input });
    return items.filter((item) => !this.options.isExpired(item));
  }
}
