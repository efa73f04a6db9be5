/**
 * Vendor scores to a fraction in [0,1]. Anything outside the declared scale
 * is refused with the likely cause (85 on a fraction scale is a percent; a
 * maximum of 0 is a placeholder), never clamped.
 */
import type { NumberParser, Problem } from './numbers.js';
import type { ScoreSpec } from './schema.js';

export interface ScoreProblem extends Problem {
  field: 'score' | 'scoreMax';
  value: string;
}

/** Both texts trimmed; `score` never empty. A number is the fraction. */
export type ScoreReader = (score: string, scoreMax: string) => number | ScoreProblem;

const PERCENT_MAX = 100;

export function createScoreReader(
  spec: ScoreSpec,
  parseNumber: NumberParser,
  explain: (text: string) => Problem,
): ScoreReader {
  const bad = (
    field: ScoreProblem['field'],
    value: string,
    problem: Problem,
  ): ScoreProblem => ({
    field,
    value,
    ...problem,
  });
  const number = (field: ScoreProblem['field'], text: string): number | ScoreProblem => {
    const n = parseNumber(text);
    return Number.isNaN(n) ? bad(field, text, explain(text)) : n;
  };

  switch (spec.scale) {
    case 'usage':
      // A usage layout has no score column; the mapper never asks.
      return (text) =>
        bad('score', text, {
          reason: 'a usage layout has no score',
          fix: 'declare the score scale in the profile',
        });

    case 'fraction':
      return (text) => {
        const n = number('score', text);
        if (typeof n !== 'number' || (n >= 0 && n <= 1)) return n;
        const looksPercent = n > 1 && n <= PERCENT_MAX;
        return bad('score', text, {
          reason: 'outside 0..1',
          fix: looksPercent
            ? 'this looks like a percent; set "score": {"scale": "percent"}'
            : 'correct the value in the export',
        });
      };

    case 'percent':
      return (text) => {
        const digits = text.endsWith('%') ? text.slice(0, -1).trimEnd() : text;
        const n = number('score', digits);
        if (typeof n !== 'number') return { ...n, value: text };
        if (n >= 0 && n <= PERCENT_MAX) return n / PERCENT_MAX;
        return bad('score', text, {
          reason: 'outside 0..100%',
          fix: 'correct the value in the export',
        });
      };

    case 'points':
      return (text, maxText) => {
        let max = spec.max;
        if (max === undefined) {
          if (maxText === '') {
            return bad('scoreMax', maxText, {
              reason: 'empty',
              fix: 'fill the maximum points',
            });
          }
          const parsed = number('scoreMax', maxText);
          if (typeof parsed !== 'number') return parsed;
          if (parsed <= 0) {
            return bad('scoreMax', maxText, {
              reason:
                'must be greater than 0 (a maximum of 0 is a placeholder, not a scale)',
              fix: 'export the real maximum, or set a fixed "score.max" in the profile',
            });
          }
          max = parsed;
        }
        const n = number('score', text);
        if (typeof n !== 'number') return n;
        if (n >= 0 && n <= max) return n / max;
        return bad('score', text, {
          reason: `outside 0..${max} points`,
          fix: 'correct the value in the export',
        });
      };

    case 'correct':
      return (text) => {
        const n = number('score', text);
        if (typeof n !== 'number' || n === 0 || n === 1) return n;
        return bad('score', text, {
          reason: 'must be 0 or 1 on the correct scale',
          fix: 'correct the value, or declare the scale the vendor uses (fraction, percent, points)',
        });
      };

    case 'levels': {
      const levels = new Map(
        Object.entries(spec.levels).map(([label, value]) => [
          label.trim().toLowerCase(),
          value,
        ]),
      );
      const known = Object.keys(spec.levels).join(', ');
      return (text) =>
        levels.get(text.toLowerCase()) ??
        bad('score', text, {
          reason: 'not a known level',
          fix: `known levels are ${known}; add this one to score.levels with its fraction`,
        });
    }
  }
}
