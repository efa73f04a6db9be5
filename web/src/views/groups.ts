/**
 * `#/classes/{id}/groups`: small groups for the lab, each with its reason,
 * laid out to print on paper (the print stylesheet drops the navigation and
 * buttons and keeps each group on one page).
 */
import { api, type ClassGroups } from '../api.js';
import { csvButton, h, toCsv } from '../dom.js';
import { show } from '../page.js';
import { focusOfWeek } from './focus.js';

function groupsCsv(groups: ClassGroups): Blob {
  return toCsv([
    ['groupId', 'focusStandard', 'studentId', 'sharedStandards', 'reason'],
    ...groups.groups.flatMap((g) =>
      g.studentIds.map((s) => [
        g.groupId,
        g.focusStandard,
        s,
        g.sharedStandards.join(' '),
        g.reason,
      ]),
    ),
    ...groups.ungrouped.map((u) => ['', '', u.studentId, '', u.reason]),
  ]);
}

function groupCard(group: ClassGroups['groups'][number], index: number): HTMLElement {
  return h(
    'section',
    { class: 'group', 'aria-labelledby': `group-${index}` },
    h('h2', { id: `group-${index}` }, `Group ${index + 1}: ${group.focusStandard}`),
    h('p', {}, group.reason),
    h(
      'p',
      { class: 'shared' },
      `Shared unmastered standards: ${group.sharedStandards.join(', ')}`,
    ),
    h(
      'ul',
      { class: 'students', 'aria-label': `Students of group ${index + 1}` },
      ...group.studentIds.map((s) => h('li', {}, `Student ${s}`)),
    ),
  );
}

export async function renderGroups(classId: string): Promise<void> {
  const focus = await focusOfWeek(classId);
  // Without a focus this week, group on every standard the class has evidence on.
  const standards = focus.standards.length
    ? focus.standards
    : (await api.mastery(classId)).standards.map((s) => s.code);
  if (standards.length === 0) {
    show(
      `Class ${classId}: small groups`,
      h('p', {}, 'No standard has evidence in this class yet.'),
    );
    return;
  }
  const groups = await api.groups(classId, standards);
  const basis = focus.standards.length
    ? `this week's focus standards (${standards.join(', ')})`
    : `every standard with evidence (${standards.join(', ')}); ${focus.missing ?? ''}`;
  show(
    `Class ${classId}: small groups`,
    h(
      'div',
      { class: 'toolbar no-print' },
      csvButton('Download CSV', `class-${classId}-groups.csv`, () => groupsCsv(groups)),
      h(
        'button',
        { type: 'button', class: 'secondary', onclick: () => window.print() },
        'Print',
      ),
    ),
    h(
      'p',
      {},
      `Groups of ${groups.minSize} to ${groups.maxSize} students sharing unmastered standards, from ${basis}.`,
    ),
    groups.groups.length
      ? h('div', { class: 'groups' }, ...groups.groups.map(groupCard))
      : h('p', {}, 'No group: no students share an unmastered standard.'),
    groups.ungrouped.length
      ? h(
          'section',
          { class: 'ungrouped', 'aria-labelledby': 'ungrouped' },
          h('h2', { id: 'ungrouped' }, `Not in a group (${groups.ungrouped.length})`),
          h(
            'ul',
            {},
            ...groups.ungrouped.map((u) =>
              h('li', {}, `Student ${u.studentId}: ${u.reason}`),
            ),
          ),
        )
      : null,
  );
}
