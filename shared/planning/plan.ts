/**
 * A week's plan for a class: for each student, content in the programs that
 * student uses, aligned to the week's focus standards the student has not
 * mastered, within each program's weekly minutes budget, each item with its
 * reason. A pure function of its inputs, sorted everywhere, so the same
 * inputs always give the same plan (approval re-derives it and relies on that).
 */
import { focusBetween, type FocusPlan, type IsoWeek } from '../focus/index.js';
import type { ContentItem, ProgramContent } from '../catalog-content/index.js';
import type { MasteryState } from '../model.js';
import { formatDecimal } from '../rounding.js';
import { compareCodes, prerequisitesOf } from './prerequisites.js';

/** Below this mastery value a developing student is "far behind": prerequisites first. */
export const FAR_BEHIND_VALUE = 0.4;

/** A student gets at most this many items per standard in one week. */
export const MAX_ITEMS_PER_STANDARD = 2;

export interface PlanItem {
  programId: string;
  contentId: string;
  title: string;
  standards: string[];
  estimatedMinutes: number;
  purpose: 'focus' | 'prerequisite';
  /** The focus standard this item serves (itself, or the one it prepares). */
  forStandard: string;
  reason: string;
}

export interface StudentPlan {
  studentId: string;
  programs: string[];
  items: PlanItem[];
  minutesByProgram: Record<string, number>;
  /** Why a focus standard got nothing, in words. */
  notes: string[];
}

export interface WeekPlan {
  classId: string;
  week: string;
  from: string;
  to: string;
  dueAt: string;
  focus: { standard: string; unit?: string; from: string; to: string }[];
  students: StudentPlan[];
}

export interface PlanInput {
  classId: string;
  week: IsoWeek;
  focus: FocusPlan | undefined;
  /** The class grid cells (MasteryStore.listClassMastery). */
  cells: readonly MasteryState[];
  students: readonly string[];
  /** Programs each student has evidence in. */
  studentPrograms: ReadonlyMap<string, ReadonlySet<string>>;
  catalog: ReadonlyMap<string, ProgramContent>;
}

interface Target {
  standard: string;
  purpose: PlanItem['purpose'];
  forStandard: string;
  why: string;
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const fmt = (v: number | undefined) =>
  v === undefined ? 'no value' : formatDecimal(v, 2);

function describeState(state: MasteryState | undefined): string {
  if (!state || state.level === 'not_started') return 'has no evidence on it yet';
  return `is ${state.level} (${fmt(state.value)} after ${state.evidenceCount} evidence)`;
}

/** Lowest mastery first (no evidence counts as lowest), then by code. */
function urgency(a?: MasteryState, b?: MasteryState): number {
  return (a?.value ?? -1) - (b?.value ?? -1);
}

function targetsFor(
  focus: WeekPlan['focus'],
  states: ReadonlyMap<string, MasteryState>,
  notes: string[],
): Target[] {
  const open = focus.filter((f) => {
    if (states.get(f.standard)?.level !== 'mastered') return true;
    notes.push(`${f.standard}: already mastered, nothing assigned`);
    return false;
  });
  open.sort(
    (a, b) =>
      urgency(states.get(a.standard), states.get(b.standard)) ||
      compareCodes(a.standard, b.standard),
  );
  return open.flatMap((f) => {
    const state = states.get(f.standard);
    const when = `${f.unit ? `${f.unit}, ` : ''}taught ${f.from} to ${f.to}`;
    const main: Target = {
      standard: f.standard,
      purpose: 'focus',
      forStandard: f.standard,
      why: `${f.standard} is this week's focus (${when}); the student ${describeState(state)}`,
    };
    const far = state?.level === 'developing' && (state.value ?? 0) < FAR_BEHIND_VALUE;
    if (!far) return [main];
    const prereqs = prerequisitesOf(f.standard)
      .filter((p) => states.get(p)?.level !== 'mastered')
      .map<Target>((p) => ({
        standard: p,
        purpose: 'prerequisite',
        forStandard: f.standard,
        why:
          `${p} comes before ${f.standard} in the standards catalog, and the student is ` +
          `far behind on ${f.standard} (${fmt(state?.value)} < ${FAR_BEHIND_VALUE}); ` +
          `on ${p} the student ${describeState(states.get(p))}`,
      }));
    return [main, ...prereqs];
  });
}

/** Catalog items first, then the shortest, then by id. */
function candidates(content: ProgramContent, standard: string): ContentItem[] {
  const teaching = content.items.filter((i) => i.standards.includes(standard));
  const fromCatalog = teaching.filter((i) => i.provenance.source !== 'evidence');
  return (fromCatalog.length > 0 ? fromCatalog : teaching).sort(
    (a, b) => a.estimatedMinutes - b.estimatedMinutes || byId(a.contentId, b.contentId),
  );
}

function planStudent(input: PlanInput, studentId: string, focus: WeekPlan['focus']) {
  const notes: string[] = [];
  const states = new Map(
    input.cells.filter((c) => c.studentId === studentId).map((c) => [c.standard, c]),
  );
  const programs = [...(input.studentPrograms.get(studentId) ?? [])]
    .filter((p) => input.catalog.has(p))
    .sort(byId);
  const targets = targetsFor(focus, states, notes);
  const used: Record<string, number> = Object.fromEntries(programs.map((p) => [p, 0]));
  const items: PlanItem[] = [];
  const taken = new Set<string>();
  if (programs.length === 0 && targets.length > 0) {
    notes.push('the student has no evidence in a program with a content catalog');
  }

  // Round robin over targets so every open standard gets one item before any gets two.
  for (let round = 0; round < MAX_ITEMS_PER_STANDARD; round += 1) {
    for (const target of targets) {
      const placed = programs.some((programId) => {
        const content = input.catalog.get(programId) as ProgramContent;
        const item = candidates(content, target.standard).find(
          (i) =>
            !taken.has(`${programId}|${i.contentId}`) &&
            (used[programId] ?? 0) + i.estimatedMinutes <= content.weeklyMinutes,
        );
        if (!item) return false;
        taken.add(`${programId}|${item.contentId}`);
        used[programId] = (used[programId] ?? 0) + item.estimatedMinutes;
        items.push({
          programId,
          contentId: item.contentId,
          title: item.title,
          standards: item.standards,
          estimatedMinutes: item.estimatedMinutes,
          purpose: target.purpose,
          forStandard: target.forStandard,
          reason:
            `${target.why}; ${item.title} teaches ${target.standard} ` +
            `(${item.estimatedMinutes} min, ${used[programId]} of ` +
            `${content.weeklyMinutes} min this week in ${programId})`,
        });
        return true;
      });
      if (!placed && round === 0 && programs.length > 0) {
        const any = programs.some(
          (p) =>
            candidates(input.catalog.get(p) as ProgramContent, target.standard).length,
        );
        notes.push(
          any
            ? `${target.standard}: no content left within the weekly budget`
            : `${target.standard}: no content in ${programs.join(', ')} teaches it`,
        );
      }
    }
  }
  return { studentId, programs, items, minutesByProgram: used, notes };
}

/** The week's plan; see the file comment for the rules. */
export function planWeek(input: PlanInput): WeekPlan {
  const focus = focusBetween(input.focus, input.week.from, input.week.to).map(
    ({ standard, entry }) => ({
      standard,
      from: entry.from,
      to: entry.to,
      ...(entry.unit ? { unit: entry.unit } : {}),
    }),
  );
  const students = [...new Set(input.students)].sort(byId);
  return {
    classId: input.classId,
    week: input.week.week,
    from: input.week.from,
    to: input.week.to,
    dueAt: input.week.dueAt,
    focus,
    students: students.map((s) => planStudent(input, s, focus)),
  };
}
