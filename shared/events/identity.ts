/**
 * Who an event is about, resolved through the same identity module as files.
 *
 * First the district's own rule: an xAPI `account` at the district SIS home
 * page (or a Caliper Person IRI under the district prefix) names the student
 * id, kept exactly (leading zeros too). Then the identifier's value becomes
 * the program's vendor id and goes through `resolveStudent`: the program's
 * mapping table, then the roster identifiers the program is configured for.
 * Display names are never read, so a name change never makes a new student
 * and two people with one name are never merged (case C11).
 *
 * An e-mail never reaches a key or a log line: an `mbox` is turned into its
 * `mbox_sha1sum` (SHA-1 of the mailto IRI, as xAPI defines it) before it is
 * used as a vendor id, so a district maps that hash with `lablink identity map`.
 */
import { createHash } from 'node:crypto';
import type { IdentityStore } from '../identity/ports.js';
import {
  countMatch,
  emptyMatchRate,
  type MatchOutcome,
  type MatchRate,
} from '../identity/match-rate.js';
import {
  createStudentResolver,
  studentWaitingFor,
  type MatchedBy,
} from '../identity/resolver.js';
import type { EventFormat, EventItem, EventRecordStore } from './model.js';
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
  | { resolved: true; studentId: string; matchedBy: MatchedBy }
  | {
      resolved: false;
      waitingFor: string;
      reason: string;
      why: 'no_match' | 'ambiguous' | 'no_identifier';
    };

/** Maps need an answer at once; `createLearnerResolver` looks ids up first. */
export type LearnerResolver = (learner: LearnerRef, program: PushProgram) => Resolution;

/** What an event naming no identifier at all waits for: a person's review. */
export const LEARNER_REVIEW = 'learner-review';

const trimSlash = (s: string) => s.replace(/\/+$/, '');

/**
 * The xAPI `mbox_sha1sum` of an `mbox`: SHA-1 (hex) of the mailto IRI exactly
 * as sent. `printf '%s' 'mailto:a@b.org' | sha1sum` gives the same value.
 */
export const mboxSha1sum = (mbox: string) =>
  createHash('sha1').update(mbox, 'utf8').digest('hex');

/**
 * The vendor student id an event's identifier stands for: the account name,
 * the mbox's SHA-1, the mbox_sha1sum (lower-case hex), the OpenID or the
 * Caliper Person IRI. Undefined when the event names no identifier.
 */
export function vendorIdOf(learner: LearnerRef): string | undefined {
  if (learner.account) return learner.account.name;
  if (learner.mbox) return mboxSha1sum(learner.mbox);
  if (learner.mbox_sha1sum) return learner.mbox_sha1sum.toLowerCase();
  return learner.openid ?? learner.iri;
}

/** The student id the district's own identifier carries, if it is one. */
export function districtStudentId(
  learner: LearnerRef,
  program: PushProgram,
): string | undefined {
  const account = learner.account;
  if (account) {
    const home = trimSlash(account.homePage);
    if (program.studentAccountHomePages.some((h) => trimSlash(h) === home)) {
      return account.name;
    }
  }
  const iri = learner.iri;
  const prefix = iri && program.caliperStudentIdPrefixes.find((p) => iri.startsWith(p));
  if (!iri || !prefix || iri.length === prefix.length) return undefined;
  const rest = iri.slice(prefix.length);
  return rest.includes('/') ? undefined : decodeURIComponent(rest);
}

function unresolved(
  learner: LearnerRef,
  program: PushProgram,
  why: 'no_match' | 'ambiguous',
  detail: string,
): Resolution {
  const vendorId = vendorIdOf(learner);
  if (vendorId === undefined) {
    return {
      resolved: false,
      waitingFor: LEARNER_REVIEW,
      reason: 'the event names no learner identifier (account, mbox, openid or IRI)',
      why: 'no_identifier',
    };
  }
  return {
    resolved: false,
    waitingFor: studentWaitingFor(program.programId, vendorId),
    reason: `learner ${vendorId} is not a district student id; ${detail}`,
    why,
  };
}

/** The district rule alone: no lookups, everything else held. */
export const resolveByDistrictId: LearnerResolver = (learner, program) => {
  const studentId = districtStudentId(learner, program);
  if (studentId !== undefined)
    return { resolved: true, studentId, matchedBy: 'districtAccount' };
  return unresolved(
    learner,
    program,
    'no_match',
    'held until a mapping (lablink identity map) names the student',
  );
};

/**
 * A resolver for one request's learners: the district rule, then the
 * program's mapping table and roster identifiers, looked up once per
 * distinct vendor id before the events are mapped.
 *
 * @example
 *   const resolve = await createLearnerResolver(identity, program, learners);
 *   mapStatement(statement, 0, { program, runId, resolve });
 */
export async function createLearnerResolver(
  identity: IdentityStore | undefined,
  program: PushProgram,
  learners: readonly LearnerRef[],
): Promise<LearnerResolver> {
  const lookup = createStudentResolver(identity, program.programId);
  const answers = new Map<string, Resolution>();
  for (const learner of learners) {
    if (districtStudentId(learner, program) !== undefined) continue;
    const vendorId = vendorIdOf(learner);
    if (vendorId === undefined || answers.has(vendorId)) continue;
    const found = await lookup(vendorId);
    answers.set(
      vendorId,
      found.ok
        ? { resolved: true, studentId: found.studentId, matchedBy: found.matchedBy }
        : unresolved(learner, program, found.why, found.reason),
    );
  }
  return (learner, p) => {
    const vendorId = vendorIdOf(learner);
    const answer = vendorId === undefined ? undefined : answers.get(vendorId);
    const district = resolveByDistrictId(learner, p);
    return district.resolved || !answer ? district : answer;
  };
}

/**
 * `resolve`, also counting each answer in `rate` the way a file run counts
 * its rows: matched by kind, or unmatched by why (`no_match`, `ambiguous`,
 * `no_identifier`). The maps call a resolver once per event that needs a
 * student (scored or usage evidence), so `rate.records` is those events;
 * voids, score-less events without a duration and scores held for review
 * never reach it.
 */
export function countingResolver(
  resolve: LearnerResolver,
  rate: MatchRate,
): LearnerResolver {
  return (learner, program) => {
    const who = resolve(learner, program);
    countMatch(
      rate,
      vendorIdOf(learner),
      who.resolved ? { ok: true, matchedBy: who.matchedBy } : { ok: false, why: who.why },
    );
    return who;
  };
}

/**
 * A push's match rate. Each event's learner counts as countingResolver
 * counts it, except a resend: an event stored before with the same content
 * and linked to its student (its learner resolved when first sent, or a
 * release or a review decided who it is) comes back a duplicate whose
 * student is known, so it counts matched, by `earlierRun`, even when it
 * would be held now. Without that a resent batch of reviewed events reads as
 * unmatched, and one whose events were all held for score review the first
 * time has no record in its match rate at all.
 *
 * Only an event held now is looked up (one batch read of its records): an
 * event that maps to evidence resolved, and counts matched by its kind of id
 * whether it is a resend or not.
 *
 * @example
 *   const tally = new PushMatchTally();
 *   const resolve = tally.counting(await createLearnerResolver(identity, program, learners));
 *   const items = statements.map((s, i) =>
 *     tally.item(mapStatement(s, i, { program, runId, resolve })),
 *   );
 *   const matchRate = await tally.matchRate(events, program.programId, 'xapi');
 */
export class PushMatchTally {
  /** The answer the map being run got for its learner, if it asked. */
  private asked: { vendorId: string | undefined; outcome: MatchOutcome } | undefined;
  private readonly mapped: {
    item: EventItem;
    asked: PushMatchTally['asked'];
  }[] = [];

  /** `resolve`, keeping its answer for the event being mapped. */
  counting(resolve: LearnerResolver): LearnerResolver {
    return (learner, program) => {
      const who = resolve(learner, program);
      this.asked = {
        vendorId: vendorIdOf(learner),
        outcome: who.resolved
          ? { ok: true, matchedBy: who.matchedBy }
          : { ok: false, why: who.why },
      };
      return who;
    };
  }

  /**
   * The item a map just returned, kept with the answer its learner got. The
   * maps ask at most once per event, synchronously, so the answer since the
   * last item is this item's (none for a void, a score held for review or an
   * event that needs no student).
   */
  item(item: EventItem): EventItem {
    this.mapped.push({ item, asked: this.asked });
    this.asked = undefined;
    return item;
  }

  async matchRate(
    events: Pick<EventRecordStore, 'getEventRecords'>,
    programId: string,
    format: EventFormat,
  ): Promise<MatchRate> {
    const held = this.mapped.flatMap(({ item }) =>
      item.kind === 'held' ? [item.eventId] : [],
    );
    const stored =
      held.length > 0
        ? await events.getEventRecords(programId, format, held)
        : new Map<string, never>();
    const rate = emptyMatchRate();
    for (const { item, asked } of this.mapped) {
      const before = stored.get(item.eventId);
      // The same test applyEventItems makes to count a held event a duplicate.
      const resent =
        item.kind === 'held' &&
        before?.contentHash === item.contentHash &&
        before.studentId !== undefined &&
        before.evidenceId !== undefined;
      if (resent)
        countMatch(rate, asked?.vendorId, { ok: true, matchedBy: 'earlierRun' });
      else if (asked) countMatch(rate, asked.vendorId, asked.outcome);
    }
    return rate;
  }
}
