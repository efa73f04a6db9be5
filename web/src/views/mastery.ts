/**
 * `#/classes/{id}/mastery`: the class grid as a heat map, students by
 * standards grouped by domain. Every cell says its level in text and pattern
 * as well as colour, and opens the evidence behind it.
 */
import { api, getCsv, type ClassMasteryGrid } from '../api.js';
import { csvButton, h } from '../dom.js';
import { masteryPercent } from '../values.js';
import { show } from '../page.js';
import { focusOfWeek, focusNote } from './focus.js';
import { openEvidence } from './evidence.js';
import { LEVELS } from './levels.js';

type Standard = ClassMasteryGrid['standards'][number];

/** Standards ordered by domain, then code; one group per domain. */
function byDomain(standards: Standard[]): { domain: string; standards: Standard[] }[] {
  const groups = new Map<string, Standard[]>();
  const sorted = [...standards].sort(
    (a, b) =>
      (a.domain ?? '').localeCompare(b.domain ?? '') ||
      a.code.localeCompare(b.code, 'en', { numeric: true }),
  );
  for (const s of sorted) {
    const domain = s.domain ?? 'Other';
    groups.set(domain, [...(groups.get(domain) ?? []), s]);
  }
  return [...groups].map(([domain, list]) => ({ domain, standards: list }));
}

function legend(): HTMLElement {
  return h(
    'ul',
    { class: 'legend', 'aria-label': 'Levels' },
    ...Object.entries(LEVELS).map(([level, { mark, label }]) =>
      h(
        'li',
        {},
        h('span', { class: `swatch lvl-${level}`, 'aria-hidden': 'true' }, mark),
        label,
      ),
    ),
    h(
      'li',
      {},
      h('span', { class: 'swatch lvl-none', 'aria-hidden': 'true' }, '·'),
      'No evidence',
    ),
    h(
      'li',
      {},
      h('span', { class: 'swatch focus-mark', 'aria-hidden': 'true' }, '★'),
      'Focus this week',
    ),
  );
}

function heatMap(
  classId: string,
  grid: ClassMasteryGrid,
  focus: Set<string>,
): HTMLElement {
  const domains = byDomain(grid.standards);
  const columns = domains.flatMap((d) => d.standards);
  const mastered = new Map(grid.rollups.map((r) => [r.standard, r]));

  const domainRow = h(
    'tr',
    {},
    h('td', { class: 'corner' }),
    ...domains.map((d) =>
      h(
        'th',
        { scope: 'colgroup', colspan: d.standards.length, class: 'domain' },
        d.domain,
      ),
    ),
  );
  const codeRow = h(
    'tr',
    {},
    h('th', { scope: 'col' }, 'Student'),
    ...columns.map((s) =>
      h(
        'th',
        {
          scope: 'col',
          class: focus.has(s.code) ? 'code focus' : 'code',
          title: s.description,
        },
        focus.has(s.code) ? h('span', { class: 'focus-mark' }, '★ ') : null,
        s.code,
        focus.has(s.code)
          ? h('span', { class: 'visually-hidden' }, ' (focus this week)')
          : null,
      ),
    ),
  );
  const rows = grid.students.map((student) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, student.studentId),
      ...columns.map((s) => {
        const cell = student.cells[s.code];
        const focusClass = focus.has(s.code) ? ' focus' : '';
        if (!cell)
          return h(
            'td',
            { class: `cell lvl-none${focusClass}` },
            h('span', { 'aria-label': 'no evidence' }, '·'),
          );
        const { mark, label } = LEVELS[cell.level];
        return h(
          'td',
          { class: `cell lvl-${cell.level}${focusClass}` },
          h(
            'button',
            {
              type: 'button',
              onclick: () => void openEvidence(student.studentId, s.code),
            },
            h('span', { class: 'mark' }, mark),
            h('span', { class: 'value' }, masteryPercent(cell.value)),
            // Read after the visible text, so the spoken name starts with what is seen.
            h(
              'span',
              { class: 'visually-hidden' },
              ` ${label}, ${cell.evidenceCount} evidence: student ${student.studentId}, ${s.code}. Show the evidence.`,
            ),
          ),
        );
      }),
    ),
  );
  const summary = h(
    'tr',
    { class: 'summary' },
    h('th', { scope: 'row' }, 'Mastered'),
    ...columns.map((s) => {
      const r = mastered.get(s.code);
      return h(
        'td',
        { class: 'num' },
        r ? `${r.levels.mastered}/${r.studentCount}` : '–',
      );
    }),
  );
  return h(
    'div',
    {
      class: 'scroll',
      tabindex: 0,
      role: 'region',
      'aria-label': `Mastery grid of class ${classId}`,
    },
    h(
      'table',
      { class: 'grid' },
      h('caption', {}, `${grid.students.length} students by ${columns.length} standards`),
      h('thead', {}, domainRow, codeRow),
      h('tbody', {}, ...rows),
      h('tfoot', {}, summary),
    ),
  );
}

export async function renderMastery(classId: string): Promise<void> {
  const [grid, focus] = await Promise.all([api.mastery(classId), focusOfWeek(classId)]);
  const focusCodes = new Set(focus.standards);
  show(
    `Class ${classId}: mastery`,
    h(
      'div',
      { class: 'toolbar' },
      legend(),
      csvButton('Download CSV', `class-${classId}-mastery.csv`, () =>
        getCsv(api.masteryCsvPath(classId)),
      ),
    ),
    focusNote(focus),
    grid.students.length === 0
      ? h('p', {}, 'No student of this class has evidence yet.')
      : heatMap(classId, grid, focusCodes),
    h(
      'p',
      { class: 'hint' },
      'Select a cell to see the evidence behind it: program, item, when and score.',
    ),
  );
}
