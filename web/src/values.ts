/**
 * How numbers read on the page. No DOM here, so the rules are tested in
 * node beside the rest of the domain's rounding (shared/rounding.ts).
 */

export function percent(value: number | undefined): string {
  return value === undefined ? '–' : `${Math.round(value * 100)}%`;
}

/**
 * A mastery value (reported with three decimals) as a whole percent, cut
 * rather than rounded: its level was decided on the three decimals, and
 * rounding would show 0.795 (approaching at a cut of 0.8) as 80%. Counted in
 * thousandths so 0.58 is 58%, not the 57.99... that 0.58 * 100 gives.
 */
export function masteryPercent(value: number | undefined): string {
  return value === undefined ? '–' : `${Math.floor(Math.round(value * 1000) / 10)}%`;
}
