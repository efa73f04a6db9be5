/** The statistics the alignment analysis needs, and nothing more. */
import type { Random } from './random.js';

export const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

export function variance(xs: readonly number[]): number {
  const m = mean(xs);
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2
    ? (s[mid] as number)
    : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** The p-quantile by linear interpolation between order statistics. */
export function quantile(sorted: readonly number[], p: number): number {
  const at = (sorted.length - 1) * p;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return (
    (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (at - lo)
  );
}

/**
 * Cohen's d of `b` against `a` with the pooled standard deviation:
 * (mean(a) - mean(b)) / sd, positive when `b` is lower.
 */
export function cohensD(a: readonly number[], b: readonly number[]): number {
  const pooled =
    ((a.length - 1) * variance(a) + (b.length - 1) * variance(b)) /
    (a.length + b.length - 2);
  return pooled > 0 ? (mean(a) - mean(b)) / Math.sqrt(pooled) : 0;
}

/** Held once: under jest (a vm context) each read of the global `Math` is slow. */
const floor = Math.floor;

function resample(xs: readonly number[], random: Random): number[] {
  const out = new Array<number>(xs.length);
  for (let i = 0; i < xs.length; i += 1)
    out[i] = xs[floor(random() * xs.length)] as number;
  return out;
}

/** Percentile bootstrap interval of `stat`, resampling each group on its own. */
export function bootstrapInterval(
  a: readonly number[],
  b: readonly number[],
  stat: (a: readonly number[], b: readonly number[]) => number,
  samples: number,
  random: Random,
  level = 0.95,
): [number, number] {
  const values: number[] = [];
  for (let i = 0; i < samples; i += 1)
    values.push(stat(resample(a, random), resample(b, random)));
  values.sort((x, y) => x - y);
  const tail = (1 - level) / 2;
  return [quantile(values, tail), quantile(values, 1 - tail)];
}
