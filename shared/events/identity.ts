/**
 * Who an event is about. The resolver is one small function so the
 * roster-based resolver (OneRoster sourcedIds, SIS ids, explicit mappings)
 * can replace it without touching the pipeline.
 *
 * The rule here: only an identifier the district issued resolves. An xAPI
 * `account` at the district SIS home page is the student id, kept exactly
 * (leading zeros too); display names are never used, so a name change never
 * makes a new student and two people with one name are never merged. Every
 * other identifier is held until an explicit mapping exists.
 */
import { createHash } from 'node:crypto';
import type { PushProgram } from './programs.js';

/** The identifiers an event names its learner by (never the display name). */
export interface LearnerRef {
  account?: { homePage: string; name: string };
  mbox?: string;
  mbox_sha1sum?: string;
  openid?: string;
  /** A Caliper Person IRI. */
  iri?: string;
}

export type Resolution =
  | { resolved: true; studentId: string }
  | { resolved: false; waitingFor: string; reason: string };

export type LearnerResolver = (learner: LearnerRef, program: PushProgram) => Resolution;

const trimSlash = (s: string) => s.replace(/\/+$/, '');

/** The identifier that names the learner, as one string (for hashing). */
export function learnerKey(l: LearnerRef): string {
  if (l.account) return `account:${l.account.homePage}|${l.account.name}`;
  if (l.mbox) return `mbox:${l.mbox.toLowerCase()}`;
  if (l.mbox_sha1sum) return `mbox_sha1sum:${l.mbox_sha1sum.toLowerCase()}`;
  if (l.openid) return `openid:${l.openid}`;
  return `iri:${l.iri ?? ''}`;
}

/**
 * What a held record waits for: the hash keeps e-mail addresses out of keys
 * and logs while staying the same for the same identifier.
 */
export const waitingForLearner = (l: LearnerRef) =>
  `student:${createHash('sha256').update(learnerKey(l)).digest('hex').slice(0, 32)}`;

export const resolveByDistrictId: LearnerResolver = (learner, program) => {
  const account = learner.account;
  if (account) {
    const home = trimSlash(account.homePage);
    if (program.studentAccountHomePages.some((h) => trimSlash(h) === home)) {
      return { resolved: true, studentId: account.name };
    }
  }
  const iri = learner.iri;
  const prefix = iri && program.caliperStudentIdPrefixes.find((p) => iri.startsWith(p));
  if (
    iri &&
    prefix &&
    iri.length > prefix.length &&
    !iri.slice(prefix.length).includes('/')
  ) {
    return { resolved: true, studentId: decodeURIComponent(iri.slice(prefix.length)) };
  }
  const kind = account
    ? 'an account of another system'
    : iri
      ? 'a person IRI outside the district'
      : 'an e-mail or OpenID identifier';
  return {
    resolved: false,
    waitingFor: waitingForLearner(learner),
    reason: `learner is named by ${kind}; held until an explicit mapping to a district student id exists`,
  };
};
