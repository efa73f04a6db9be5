/**
 * How each program that pushes events is read: which account home page means
 * the district's student id, which Caliper person IRIs carry it, and where
 * standards come from. A district's configuration extends this list.
 */
import { NotFoundError } from '../errors.js';

export interface PushProgram {
  programId: string;
  /** xAPI `account.homePage` values whose `account.name` is the district student id. */
  studentAccountHomePages: readonly string[];
  /** Caliper Person IRI prefixes followed by the district student id. */
  caliperStudentIdPrefixes: readonly string[];
  /** xAPI context extension IRIs whose value is a standard code (or a list of them). */
  standardExtensions: readonly string[];
  /** Builtin crosswalk mapping activity or item ids to standards. */
  crosswalkId?: string;
}

export const BUILTIN_PUSH_PROGRAMS: readonly PushProgram[] = [
  {
    programId: 'district-lrs',
    studentAccountHomePages: ['https://sis.example-district.org'],
    caliperStudentIdPrefixes: ['https://example.edu/users/'],
    standardExtensions: ['https://example.org/xapi/ext/standard'],
  },
];

export function findPushProgram(
  programId: string,
  programs: readonly PushProgram[] = BUILTIN_PUSH_PROGRAMS,
): PushProgram {
  const program = programs.find((p) => p.programId === programId);
  if (!program) {
    throw new NotFoundError(
      `program "${programId}" takes no pushed events; known: ` +
        programs.map((p) => p.programId).join(', '),
      { programId },
    );
  }
  return program;
}
