/**
 * Prerequisites from the standards catalog's structure. The catalog has parent
 * links and grades but no learning progressions, so this is a heuristic:
 * standards earlier in the same cluster, then earlier in the same domain,
 * then the same domain one grade down. It misses cross-domain progressions
 * (6.RP builds on 5.NF, not on a 5.RP that does not exist); a district that
 * has a progressions file should replace this function.
 */
import type { Standard } from '../model.js';
import { loadCatalog } from '../standards/index.js';

/** A far-behind student gets at most this many prerequisites per standard. */
export const MAX_PREREQUISITES = 3;

const ASSESSABLE = new Set(['standard', 'substandard']);

let byCode: Map<string, Standard> | undefined;

function catalogIndex(): Map<string, Standard> {
  byCode ??= new Map(loadCatalog().map((s) => [s.code, s]));
  return byCode;
}

/** Compares codes segment by segment, numbers as numbers (`6.SP.B.4` < `6.SP.B.10`). */
export function compareCodes(a: string, b: string): number {
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) {
    const p = x[i] ?? '';
    const q = y[i] ?? '';
    if (p === q) continue;
    const n = Number(p);
    const m = Number(q);
    if (p !== '' && q !== '' && Number.isFinite(n) && Number.isFinite(m)) return n - m;
    return p < q ? -1 : 1;
  }
  return 0;
}

const gradeDown = (grade: string) =>
  grade === '1' ? 'K' : /^\d+$/.test(grade) ? String(Number(grade) - 1) : undefined;

/** The nearest prerequisites of `code`, nearest first; empty when the catalog knows none. */
export function prerequisitesOf(code: string, limit = MAX_PREREQUISITES): string[] {
  const index = catalogIndex();
  const target = index.get(code);
  if (!target || !ASSESSABLE.has(target.kind)) return [];
  const [grade, domain] = code.split('.');
  const all = [...index.values()].filter((s) => s.kind === target.kind);

  const sameParent = all
    .filter((s) => s.parent === target.parent && compareCodes(s.code, code) < 0)
    .sort((a, b) => compareCodes(b.code, a.code));
  const sameDomain = all
    .filter(
      (s) =>
        s.parent !== target.parent &&
        s.code.startsWith(`${grade}.${domain}.`) &&
        compareCodes(s.code, code) < 0,
    )
    .sort((a, b) => compareCodes(b.code, a.code));
  const down = gradeDown(grade ?? '');
  const lowerGrade = down
    ? all
        .filter((s) => s.code.startsWith(`${down}.${domain}.`))
        .sort((a, b) => compareCodes(b.code, a.code))
    : [];

  return [...sameParent, ...sameDomain, ...lowerGrade].slice(0, limit).map((s) => s.code);
}
