/**
 * Vendor skills no crosswalk maps yet, per program: the to-do list of
 * whoever maintains the crosswalks. Built from recorded runs, so it covers
 * every file ingested, and checked against today's crosswalk, so a skill
 * mapped since its run no longer shows.
 */
import type { IngestRun } from '../model.js';
import { knownPrograms } from '../programs.js';
import { loadCrosswalk } from './builtin.js';
import { skillKey, type Crosswalk } from './schema.js';

export interface UnmappedSkill {
  /** As the vendor wrote it the first time it was seen. */
  vendorSkill: string;
  /** Runs that saw it unmapped. */
  runs: number;
}

export interface UnmappedSkillsReport {
  programId: string;
  crosswalkId?: string;
  /** Most frequent first, then by name. */
  skills: UnmappedSkill[];
}

type RunSkills = Pick<IngestRun, 'programId' | 'unmappedSkills'>;

/** The crosswalk a program uses (the district's or a builtin one), if any. */
export function crosswalkOf(programId: string): Crosswalk | undefined {
  const id = knownPrograms().find((p) => p.programId === programId)?.crosswalkId;
  return id ? loadCrosswalk(id) : undefined;
}

/**
 * Unmapped vendor skills per program, from runs (e.g. `RunStore.listRuns`).
 * Programs with nothing unmapped are left out; programs sort by id.
 */
export function unmappedSkillsByProgram(
  runs: Iterable<RunSkills>,
  lookup: (programId: string) => Crosswalk | undefined = crosswalkOf,
): UnmappedSkillsReport[] {
  const byProgram = new Map<string, Map<string, UnmappedSkill>>();
  for (const run of runs) {
    let skills = byProgram.get(run.programId);
    if (!skills) byProgram.set(run.programId, (skills = new Map()));
    for (const vendorSkill of run.unmappedSkills) {
      const key = skillKey(vendorSkill);
      const seen = skills.get(key);
      if (seen) seen.runs += 1;
      else skills.set(key, { vendorSkill, runs: 1 });
    }
  }

  const reports: UnmappedSkillsReport[] = [];
  for (const [programId, skills] of [...byProgram].sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    const crosswalk = lookup(programId);
    const mapped = new Set(crosswalk?.mappings.map((m) => skillKey(m.vendorSkill)));
    const left = [...skills]
      .filter(([key]) => !mapped.has(key))
      .map(([, skill]) => skill)
      .sort((a, b) => b.runs - a.runs || a.vendorSkill.localeCompare(b.vendorSkill));
    if (left.length === 0) continue;
    const report: UnmappedSkillsReport = { programId, skills: left };
    if (crosswalk) report.crosswalkId = crosswalk.id;
    reports.push(report);
  }
  return reports;
}

/**
 * The reports as tab-separated lines (`program`, `crosswalk`, `runs`, `vendor
 * skill`) under a header: what `lablink` prints, and what a spreadsheet opens.
 */
export function formatUnmappedSkills(reports: readonly UnmappedSkillsReport[]): string {
  const lines = ['program\tcrosswalk\truns\tvendor skill'];
  for (const report of reports) {
    for (const skill of report.skills) {
      // A tab or line break inside a skill would shift the columns.
      const name = skill.vendorSkill.replace(/[\t\r\n]+/g, ' ');
      lines.push(
        `${report.programId}\t${report.crosswalkId ?? '-'}\t${skill.runs}\t${name}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
