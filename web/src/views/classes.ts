/** `#/classes`: the teacher's classes, each a link to its mastery grid. */
import { api } from '../api.js';
import { csvButton, h, toCsv } from '../dom.js';
import { show } from '../page.js';

export async function renderClasses(): Promise<void> {
  const { classes } = await api.myClasses();
  if (classes.length === 0) {
    show('My classes', h('p', {}, 'No class lists you as its teacher yet.'));
    return;
  }
  const rows = classes.map((c) =>
    h(
      'tr',
      {},
      h(
        'th',
        { scope: 'row' },
        h(
          'a',
          { href: `#/classes/${encodeURIComponent(c.classId)}/mastery` },
          `Class ${c.classId}`,
        ),
      ),
      h('td', {}, c.schoolId ?? '–'),
      h('td', { class: 'num' }, c.studentCount),
    ),
  );
  show(
    'My classes',
    h(
      'div',
      { class: 'toolbar' },
      csvButton('Download CSV', 'my-classes.csv', () =>
        toCsv([
          ['classId', 'schoolId', 'studentCount'],
          ...classes.map((c) => [c.classId, c.schoolId, c.studentCount]),
        ]),
      ),
    ),
    h(
      'table',
      { class: 'data' },
      h('caption', {}, `${classes.length} ${classes.length === 1 ? 'class' : 'classes'}`),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Class'),
          h('th', { scope: 'col' }, 'School'),
          h('th', { scope: 'col', class: 'num' }, 'Students'),
        ),
      ),
      h('tbody', {}, ...rows),
    ),
  );
}
