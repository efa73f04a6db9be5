/**
 * A BKT-driven student simulator, seeded, for proving the alignment analysis:
 * each student has a hidden known/unknown state per standard, answers with
 * guess and slip, and learns with probability `learn` after each opportunity,
 * multiplied by `alignedLearnMultiplier` when the class is teaching the
 * standard that day. A multiplier of 1 plants no effect.
 */
import { DateTime } from 'luxon';
import type { FocusPlan } from '../focus/index.js';
import { deterministicId } from '../ids.js';
import type { Enrollment, Evidence } from '../model.js';
import { seededRandom } from './random.js';

export interface SimulationOptions {
  seed: number;
  students: number;
  /** 1 plants no effect; 2 doubles the learning rate of aligned practice. */
  alignedLearnMultiplier: number;
  standards?: readonly string[];
  classes?: number;
  opportunities?: number;
  /** Monday the simulated term starts. */
  start?: string;
  prior?: number;
  learn?: number;
  guess?: number;
  slip?: number;
  schoolId?: string;
  programId?: string;
}

export interface Simulation {
  evidence: Evidence[];
  focusPlans: FocusPlan[];
  enrollments: Enrollment[];
  from: string;
  to: string;
}

export const SIMULATED_STANDARDS = ['6.RP.A.1', '6.RP.A.2', '6.SP.B.4', '6.SP.B.5'];
/** Each standard is taught for this many days, one after the other. */
export const FOCUS_BLOCK_DAYS = 14;
const MINUTE_MS = 60 * 1000;
const DAY_MS = 24 * 60 * MINUTE_MS;

export function simulateAlignment(options: SimulationOptions): Simulation {
  const random = seededRandom(options.seed);
  const standards = options.standards ?? SIMULATED_STANDARDS;
  const classes = options.classes ?? 4;
  const opportunities = options.opportunities ?? 20;
  const start = DateTime.fromISO(options.start ?? '2025-01-06', { zone: 'utc' });
  const programId = options.programId ?? 'sim-program';
  const schoolId = options.schoolId ?? 'sim-school';
  const { prior = 0.15, learn = 0.08, guess = 0.2, slip = 0.1 } = options;
  const blocks = standards.length;

  // Classes teach the standards in rotated orders, so aligned and other
  // practice cover every standard evenly (no confounding by difficulty).
  const blockOf = (c: number, s: number) => (s + c) % blocks;
  const dayStart = (block: number) => start.plus({ days: block * FOCUS_BLOCK_DAYS });
  const blockStartMs = Array.from({ length: blocks }, (_, b) => dayStart(b).toMillis());
  const focusPlans: FocusPlan[] = Array.from({ length: classes }, (_, c) => ({
    classId: `sim-class-${c + 1}`,
    updatedAt: start.toISO() as string,
    entries: standards.map((standard, s) => ({
      standards: [standard],
      from: dayStart(blockOf(c, s)).toISODate() as string,
      to: dayStart(blockOf(c, s))
        .plus({ days: FOCUS_BLOCK_DAYS - 1 })
        .toISODate() as string,
    })),
  }));

  const evidence: Evidence[] = [];
  const enrollments: Enrollment[] = [];
  for (let n = 0; n < options.students; n += 1) {
    const c = n % classes;
    const studentId = `sim-${String(n + 1).padStart(5, '0')}`;
    const classId = `sim-class-${c + 1}`;
    enrollments.push({ classId, userId: studentId, role: 'student', schoolId });
    standards.forEach((standard, s) => {
      // Half the episodes happen while the class teaches the standard.
      const aligned = random() < 0.5;
      const taught = blockOf(c, s);
      const block = aligned
        ? taught
        : (taught + 1 + Math.floor(random() * (blocks - 1))) % blocks;
      const multiplier = aligned ? options.alignedLearnMultiplier : 1;
      let known = random() < prior;
      for (let i = 0; i < opportunities; i += 1) {
        const correct = known ? random() >= slip : random() < guess;
        if (!known && random() < Math.min(1, learn * multiplier)) known = true;
        const day = Math.floor((i * FOCUS_BLOCK_DAYS) / opportunities);
        const at = new Date(
          (blockStartMs[block] as number) + day * DAY_MS + (9 * 60 + i) * MINUTE_MS,
        );
        const evidenceId = deterministicId(
          'sim',
          String(options.seed),
          studentId,
          standard,
          String(i),
        );
        evidence.push({
          evidenceId,
          studentId,
          programId,
          itemId: `${standard}-item-${i + 1}`,
          standards: [standard],
          status: 'scored',
          score: correct ? 1 : 0,
          occurredAt: at.toISOString().replace('.000Z', 'Z'),
          sequence: i + 1,
          weight: 1,
          classId,
          source: {
            kind: 'push',
            uri: 'lablink:simulator',
            line: i + 1,
            runId: `sim-${options.seed}`,
          },
          contentHash: `${evidenceId}:${correct ? 1 : 0}`,
        });
      }
    });
  }
  return {
    evidence,
    focusPlans,
    enrollments,
    from: start.toISODate() as string,
    to: dayStart(blocks).minus({ days: 1 }).toISODate() as string,
  };
}
