/**
 * `#/classes/{id}/usage`: minutes per student, program and week as bars, the
 * weekly target as a line, weeks under target marked in words. Programs are
 * told apart by fill pattern as well as colour, and every bar has its
 * minutes written next to it.
 */
import { api, getCsv, type ClassUsage } from '../api.js';
import { csvButton, h, svg } from '../dom.js';
import { show } from '../page.js';

/** Fill patterns by program, in order of first appearance (solid, stripes, dots, cross). */
const PATTERNS = ['solid', 'stripes', 'dots', 'cross'] as const;
const BAR_WIDTH = 100;
const BAR_HEIGHT = 14;

function patternDefs(): SVGElement {
  const defs = svg(
    'defs',
    {},
    svg(
      'pattern',
      {
        id: 'p-stripes',
        width: 6,
        height: 6,
        patternUnits: 'userSpaceOnUse',
        patternTransform: 'rotate(45)',
      },
      svg('rect', { width: 6, height: 6, class: 'fill-1' }),
      svg('rect', { width: 2, height: 6, class: 'ink' }),
    ),
    svg(
      'pattern',
      { id: 'p-dots', width: 5, height: 5, patternUnits: 'userSpaceOnUse' },
      svg('rect', { width: 5, height: 5, class: 'fill-2' }),
      svg('circle', { cx: 2.5, cy: 2.5, r: 1.2, class: 'ink' }),
    ),
    svg(
      'pattern',
      { id: 'p-cross', width: 6, height: 6, patternUnits: 'userSpaceOnUse' },
      svg('rect', { width: 6, height: 6, class: 'fill-3' }),
      svg('path', { d: 'M0 0L6 6M6 0L0 6', class: 'ink-line' }),
    ),
  );
  return svg('svg', { width: 0, height: 0, 'aria-hidden': 'true', class: 'defs' }, defs);
}

function fillOf(index: number): string {
  const pattern = PATTERNS[index % PATTERNS.length];
  return pattern === 'solid' ? 'fill-0' : `pat-${pattern}`;
}

function bar(
  byProgram: Record<string, number>,
  programs: string[],
  scale: number,
  target: number,
): SVGElement {
  let x = 0;
  const parts = programs.flatMap((p, i) => {
    const minutes = byProgram[p] ?? 0;
    if (!minutes) return [];
    const width = minutes * scale;
    const rect = svg('rect', { x, y: 0, width, height: BAR_HEIGHT, class: fillOf(i) });
    x += width;
    return [rect];
  });
  const targetX = Math.min(target * scale, BAR_WIDTH);
  return svg(
    'svg',
    {
      viewBox: `0 0 ${BAR_WIDTH} ${BAR_HEIGHT}`,
      class: 'bar',
      'aria-hidden': 'true',
      preserveAspectRatio: 'none',
    },
    svg('rect', { width: BAR_WIDTH, height: BAR_HEIGHT, class: 'track' }),
    ...parts,
    svg('line', { x1: targetX, x2: targetX, y1: 0, y2: BAR_HEIGHT, class: 'target' }),
  );
}

function chart(usage: ClassUsage): HTMLElement {
  const programs = [
    ...new Set(
      usage.students.flatMap((s) => s.weeks.flatMap((w) => Object.keys(w.byProgram))),
    ),
  ].sort();
  const max = Math.max(
    usage.targetMinutesPerWeek * 1.25,
    ...usage.students.flatMap((s) => s.weeks.map((w) => w.minutes)),
  );
  const scale = BAR_WIDTH / (max || 1);
  const legend = h(
    'ul',
    { class: 'legend', 'aria-label': 'Programs' },
    ...programs.map((p, i) =>
      h(
        'li',
        {},
        svg(
          'svg',
          { viewBox: '0 0 14 14', class: 'swatch-svg', 'aria-hidden': 'true' },
          svg('rect', { width: 14, height: 14, class: fillOf(i) }),
        ),
        p,
      ),
    ),
    h(
      'li',
      {},
      h('span', { class: 'target-key', 'aria-hidden': 'true' }),
      `Target: ${usage.targetMinutesPerWeek} min a week`,
    ),
  );
  const head = h(
    'tr',
    {},
    h('th', { scope: 'col' }, 'Student'),
    ...usage.weekStarts.map((w) => h('th', { scope: 'col' }, `Week of ${w}`)),
    h('th', { scope: 'col', class: 'num' }, 'Total'),
  );
  const rows = usage.students.map((s) =>
    h(
      'tr',
      { class: s.belowTarget ? 'below' : undefined },
      h(
        'th',
        { scope: 'row' },
        s.studentId,
        s.belowTarget ? h('span', { class: 'flag' }, ' ⚠ under target') : null,
      ),
      ...s.weeks.map((w) => {
        const under = s.weeksBelowTarget.includes(w.weekStart);
        const detail = programs
          .filter((p) => w.byProgram[p])
          .map((p) => `${p} ${Math.round(w.byProgram[p] ?? 0)}`);
        return h(
          'td',
          { class: under ? 'week under' : 'week' },
          bar(w.byProgram, programs, scale, usage.targetMinutesPerWeek),
          h(
            'span',
            { class: 'minutes' },
            `${Math.round(w.minutes)} min`,
            detail.length > 1 ? ` (${detail.join(', ')})` : '',
            under ? h('span', { class: 'flag' }, ' ⚠ under') : null,
          ),
        );
      }),
      h('td', { class: 'num' }, `${Math.round(s.totalMinutes)} min`),
    ),
  );
  const below = usage.students.filter((s) => s.belowTarget).length;
  return h(
    'div',
    {},
    patternDefs(),
    h(
      'p',
      {},
      `${below} of ${usage.students.length} students under the target in at least one week (${usage.from} to ${usage.to}, ${usage.timeZone}).`,
    ),
    legend,
    h(
      'div',
      {
        class: 'scroll',
        tabindex: 0,
        role: 'region',
        'aria-label': 'Minutes per student and week',
      },
      h(
        'table',
        { class: 'data usage' },
        h('caption', {}, 'Minutes per student, program and week'),
        h('thead', {}, head),
        h('tbody', {}, ...rows),
      ),
    ),
  );
}

/** A calendar date `days` after `day` (both YYYY-MM-DD). */
function plusDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Moves between four-week ranges, or to the weeks up to a chosen date. */
function weekNavigation(classId: string, usage: ClassUsage, to?: string): HTMLElement {
  const go = (day?: string) => void renderUsage(classId, day);
  // The four whole weeks before these end on the Sunday before `from`.
  const earlier = plusDays(usage.from, -1);
  const later = plusDays(usage.to, 28);
  // Weeks up to today are the API's default; later ones have no work yet.
  const today = new Date().toISOString().slice(0, 10);
  return h(
    'div',
    { class: 'toolbar' },
    h('button', { type: 'button', onclick: () => go(earlier) }, 'Earlier weeks'),
    h(
      'button',
      // Without `to` these are the weeks up to today: nothing later yet.
      {
        type: 'button',
        disabled: to === undefined,
        onclick: () => go(later < today ? later : undefined),
      },
      'Later weeks',
    ),
    h('label', { for: 'usage-to' }, 'Weeks up to'),
    h('input', {
      type: 'date',
      id: 'usage-to',
      value: usage.to,
      onchange: (e: Event) => {
        const value = (e.target as HTMLInputElement).value;
        if (value) go(value);
      },
    }),
  );
}

/**
 * Four whole weeks of a class's usage up to `to` (default today, in the
 * district's zone). A range without minutes says so and where to look,
 * since work from an earlier term is only a few clicks away.
 */
export async function renderUsage(classId: string, to?: string): Promise<void> {
  const usage = await api.usage(classId, to);
  const anyMinutes = usage.students.some((s) => s.totalMinutes > 0);
  show(
    `Class ${classId}: usage`,
    h(
      'div',
      { class: 'toolbar' },
      csvButton('Download CSV', `class-${classId}-usage.csv`, () =>
        getCsv(api.usageCsvPath(classId, to)),
      ),
    ),
    weekNavigation(classId, usage, to),
    usage.students.length
      ? h(
          'div',
          {},
          anyMinutes
            ? false
            : h(
                'p',
                { class: 'note' },
                `No minutes recorded from ${usage.from} to ${usage.to}: choose earlier weeks or a date.`,
              ),
          chart(usage),
        )
      : h('p', {}, 'No usage recorded for this class.'),
  );
}
