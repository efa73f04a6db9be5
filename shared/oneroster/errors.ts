/**
 * A OneRoster bundle problem a district admin can fix: it names the file,
 * the column and the 1-based row (the header is row 1) and says how.
 */
import { InvalidInputError } from '../errors.js';

export interface BundleProblem {
  file: string;
  column?: string;
  row?: number;
  message: string;
  fix: string;
}

export const describeProblem = (p: BundleProblem): string =>
  `${p.file}${p.row === undefined ? '' : ` row ${p.row}`}` +
  `${p.column === undefined ? '' : ` column ${p.column}`}: ${p.message}; ${p.fix}`;

/** The bundle cannot be imported as a whole (a missing file or column). */
export class OneRosterBundleError extends InvalidInputError {
  constructor(readonly problem: BundleProblem) {
    super(describeProblem(problem), { ...problem });
  }
}
