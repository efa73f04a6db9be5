/**
 * What each program's runs did, summed: the figures `npm start` prints per
 * program (accepted, matched, held and released) and the test compares.
 */
import type { IngestRun } from '../model.js';
import { RELEASE_SOURCE_BUCKET } from '../identity/release.js';
import { ONEROSTER_PROGRAM_ID } from '../programs.js';

export interface ProgramSummary {
  programId: string;
  runs: number;
  parsed: number;
  /** Accepted by the runs that read records (a release's records are in `released`). */
  accepted: number;
  replaced: number;
  duplicates: number;
  rejected: number;
  unwritten: number;
  /** Records whose student the program's id resolved to. */
  matched: number;
  held: number;
  /** Held records a later mapping or roster released (accepted then, by the release run). */
  released: number;
  /** Runs of a file held whole for an unknown layout (no record read yet). */
  heldFiles: number;
  unmappedSkills: string[];
}

const isRelease = (run: IngestRun) => run.source.bucket === RELEASE_SOURCE_BUCKET;

/** Per program, in program order; release runs count as `released`, not parsed again. */
export function summarizeRuns(runs: readonly IngestRun[]): ProgramSummary[] {
  const byProgram = new Map<string, ProgramSummary>();
  for (const run of runs) {
    const s = byProgram.get(run.programId) ?? {
      programId: run.programId,
      runs: 0,
      parsed: 0,
      accepted: 0,
      replaced: 0,
      duplicates: 0,
      rejected: 0,
      unwritten: 0,
      matched: 0,
      held: 0,
      released: 0,
      heldFiles: 0,
      unmappedSkills: [],
    };
    const c = run.counts;
    s.runs += 1;
    if (isRelease(run)) {
      s.released += c.accepted;
    } else {
      if (run.status === 'held') s.heldFiles += 1;
      s.parsed += c.parsed;
      s.accepted += c.accepted;
      s.replaced += c.replaced;
      s.duplicates += c.duplicates;
      s.rejected += c.rejected;
      s.unwritten += c.unwritten;
      s.held += c.held;
      s.matched += run.matchRate?.matched ?? c.accepted + c.duplicates;
    }
    for (const skill of run.unmappedSkills ?? []) {
      if (!s.unmappedSkills.includes(skill)) s.unmappedSkills.push(skill);
    }
    byProgram.set(run.programId, s);
  }
  return [...byProgram.values()].sort((a, b) => (a.programId < b.programId ? -1 : 1));
}

/** Unmapped skills printed per program; the run records list them all. */
export const UNMAPPED_SKILLS_PRINTED = 3;

function listed(skills: readonly string[]): string {
  const shown = skills.slice(0, UNMAPPED_SKILLS_PRINTED).join(', ');
  const more = skills.length - UNMAPPED_SKILLS_PRINTED;
  return `unmapped skills (${skills.length}): ${shown}${more > 0 ? ` and ${more} more` : ''}`;
}

/**
 * One line per program; ids and counts only, never names. The line is the
 * runs' own sum, so it adds up as each run does: parsed = accepted +
 * duplicates + rejected + held (+ unwritten); what was released later is
 * told beside the held, not added to the accepted a second time.
 */
export function formatSummary(summaries: readonly ProgramSummary[]): string {
  const lines = summaries.map((s) => {
    // A roster's records are users and classes: no student id to match or hold.
    const roster = s.programId === ONEROSTER_PROGRAM_ID;
    const parts = [
      `accepted ${s.accepted}`,
      s.duplicates ? `duplicates ${s.duplicates}` : '',
      s.rejected ? `rejected ${s.rejected}` : '',
      s.unwritten ? `unwritten ${s.unwritten}` : '',
      s.held || !roster
        ? `held ${s.held} (released since ${s.released}, still held ${s.held - s.released})`
        : '',
    ].filter(Boolean);
    const extras = [
      roster ? '' : `matched ${s.matched}`,
      s.replaced ? `replaced ${s.replaced} of the accepted` : '',
      s.heldFiles
        ? `${s.heldFiles} file${s.heldFiles === 1 ? '' : 's'} held whole for an unknown layout`
        : '',
      s.unmappedSkills.length ? listed(s.unmappedSkills) : '',
    ].filter(Boolean);
    const runs = `${s.runs} run${s.runs === 1 ? '' : 's'}`;
    const head = `  ${s.programId.padEnd(16)} ${runs}: parsed ${s.parsed} = ${parts.join(' + ')}`;
    return `${head}${extras.length ? `; ${extras.join('; ')}` : ''}`;
  });
  return lines.join('\n');
}
