/** `#/classes`: the teacher's classes, each a link to its mastery grid. */
import { api } from '../api.js';
import { csvButton, h, toCsv } from '../dom.js';
import { show } from '../page.js';

/**
 * The caller's role in each class, as the API decides it: a teacher who
 * tutors in a lab is lab staff there, and the lab's usage view is refused.
 */
const ROLE_LABELS: Record<string, string> = {
  teacher: 'Teacher',
  lab_staff: 'Lab staff',
  school_admin: 'School admin',
  district_admin: 'District admin',
};

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
      h('td', {}, ROLE_LABELS[c.role] ?? c.role),
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
          ['classId', 'schoolId', 'role', 'studentCount'],
          ...classes.map((c) => [c.classId, c.schoolId, c.role, c.studentCount]),
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
          h('th', { scope: 'col' }, 'Your role'),
          h('th', { scope: 'col', class: 'num' }, 'Students'),
        ),
      ),
      h('tbody', {}, ...rows),
    ),
  );
}
