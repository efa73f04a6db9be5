/**
 * Small groups for lab tutoring: students who share unmastered standards
 * among those asked for. Standards needed by the most students come first;
 * each one's students not yet grouped are split into balanced groups no
 * larger than `maxSize`. Fewer than `minSize` students wait for a later
 * standard they also need, or end ungrouped with the reason. Deterministic:
 * the same grid gives the same groups. From the class read the grid shares
 * (the grid document's cells when it is current, else the cells).
 */
import type { MasteryStore } from '../ports.js';
import { classCellsOf, type ClassReportRead } from './class-mastery.js';
import type { ClassGroups } from './schemas.js';

export const DEFAULT_GROUP_MIN_SIZE = 2;
export const DEFAULT_GROUP_MAX_SIZE = 5;
export const MAX_GROUP_SIZE = 15;

export async function classGroups(
  deps: { mastery: MasteryStore },
  classId: string,
  read: ClassReportRead,
  options: { standards: readonly string[]; minSize: number; maxSize: number },
): Promise<ClassGroups> {
  const { studentIds, cells } = await classCellsOf(deps, classId, read);

  const asked = [...new Set(options.standards)];
  const mastered = new Set(
    cells
      .filter((c) => c.level === 'mastered')
      .map((c) => `${c.studentId}\u0000${c.standard}`),
  );
  // No cell means no evidence: not mastered, so the student needs it.
  const needs = new Map(
    [...new Set(studentIds)]
      .sort()
      .map((id) => [id, asked.filter((code) => !mastered.has(`${id}\u0000${code}`))]),
  );
  const demand = (code: string) =>
    [...needs.values()].filter((codes) => codes.includes(code)).length;
  const order = [...asked].sort((a, b) => demand(b) - demand(a) || (a < b ? -1 : 1));

  const grouped = new Set<string>();
  const groups: ClassGroups['groups'] = [];
  for (const code of order) {
    const candidates = [...needs]
      .filter(([id, codes]) => !grouped.has(id) && codes.includes(code))
      .map(([id]) => id);
    if (candidates.length < options.minSize) continue;
    const count = Math.ceil(candidates.length / options.maxSize);
    for (let g = 0; g < count; g += 1) {
      // Balanced split: sizes differ by at most one.
      const members = candidates.filter((_, i) => i % count === g);
      members.forEach((id) => grouped.add(id));
      const shared = asked.filter((c) =>
        members.every((id) => needs.get(id)?.includes(c)),
      );
      groups.push({
        groupId: `${code}-${g + 1}`,
        focusStandard: code,
        studentIds: members,
        sharedStandards: shared,
        reason:
          `${members.length} students have not mastered ${code}` +
          (shared.length > 1
            ? `; they also share ${shared.filter((c) => c !== code).join(', ')}`
            : ''),
      });
    }
  }

  const ungrouped = [...needs]
    .filter(([id]) => !grouped.has(id))
    .map(([studentId, codes]) => ({
      studentId,
      reason:
        codes.length === 0
          ? 'has mastered every standard asked for'
          : `too few other students left who need ${codes.join(', ')}`,
    }));
  return {
    classId,
    standards: asked,
    minSize: options.minSize,
    maxSize: options.maxSize,
    groups,
    ungrouped,
  };
}
