/**
 * `#/classes/{id}/plan`: the week's assignment plan per student, each item
 * with its reason; the teacher approves all of it or the items ticked, then
 * watches each push's status (pending, sent, acknowledged, failed).
 */
import { api, ApiError, type Approval, type Assignment, type WeekPlan } from '../api.js';
import { alertBox, announce, csvButton, h, toCsv } from '../dom.js';
import { show } from '../page.js';

/** How often, and how long, the page asks for push statuses after an approval. */
export const STATUS_POLL_INTERVAL_MS = 2000;
export const STATUS_POLL_LIMIT_MS = 60_000;

/** The ISO week (`2025-W12`) of a date, as `<input type=week>` and the API write it. */
export function isoWeek(date = new Date()): string {
  const d = new Date(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

type Item = WeekPlan['students'][number]['items'][number] & { studentId: string };
const keyOf = (i: Item) => `${i.studentId}|${i.programId}|${i.contentId}`;

function planCsv(plan: WeekPlan): Blob {
  return toCsv([
    [
      'studentId',
      'programId',
      'contentId',
      'title',
      'standards',
      'minutes',
      'purpose',
      'reason',
    ],
    ...plan.students.flatMap((s) =>
      s.items.map((i) => [
        s.studentId,
        i.programId,
        i.contentId,
        i.title,
        i.standards.join(' '),
        i.estimatedMinutes,
        i.purpose,
        i.reason,
      ]),
    ),
  ]);
}

function statusCell(a: { status: string; reason?: string }): HTMLElement {
  return h(
    'td',
    { class: `status st-${a.status}` },
    a.status,
    a.reason ? `: ${a.reason}` : '',
  );
}

function pushTable(approval: Approval): HTMLElement {
  const rows = new Map<string, HTMLTableRowElement>();
  const table = h(
    'table',
    { class: 'data', 'aria-live': 'polite' },
    h(
      'caption',
      {},
      `${approval.assignments.length} assignments approved for ${approval.week}; ${approval.queued} queued`,
    ),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['Assignment', 'Program', 'Content', 'Students', 'Due', 'Status'].map((c) =>
          h('th', { scope: 'col' }, c),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      ...approval.assignments.map((a) => {
        const row = h(
          'tr',
          {},
          h('th', { scope: 'row' }, a.assignmentId),
          h('td', {}, a.programId),
          h('td', {}, a.contentId),
          h('td', { class: 'num' }, a.studentCount),
          h('td', {}, a.dueAt),
          statusCell(a),
        );
        rows.set(a.assignmentId, row);
        return row;
      }),
    ),
  );
  void pollStatuses(approval, (a: Assignment) =>
    rows.get(a.assignmentId)?.lastElementChild?.replaceWith(statusCell(a)),
  );
  return h(
    'section',
    { 'aria-labelledby': 'pushes' },
    h('h2', { id: 'pushes' }, 'Pushes to programs'),
    table,
  );
}

async function pollStatuses(
  approval: Approval,
  update: (a: Assignment) => void,
): Promise<void> {
  const open = new Set(approval.assignments.map((a) => a.assignmentId));
  const until = Date.now() + STATUS_POLL_LIMIT_MS;
  while (open.size && Date.now() < until) {
    await new Promise((r) => setTimeout(r, STATUS_POLL_INTERVAL_MS));
    for (const id of [...open]) {
      const a = await api.assignment(id).catch(() => undefined);
      if (!a) continue;
      update(a);
      if (a.status !== 'pending') open.delete(id);
    }
  }
  announce(
    open.size ? `${open.size} pushes still pending` : 'Every push has a final status',
  );
}

function planTable(plan: WeekPlan, selected: Set<string>): HTMLElement {
  const rows = plan.students.flatMap((s) => {
    if (s.items.length === 0)
      return [
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, s.studentId),
          h(
            'td',
            { colspan: 5, class: 'muted' },
            s.notes.join('; ') || 'Nothing this week.',
          ),
        ),
      ];
    return s.items.map((item, i) => {
      const it: Item = { ...item, studentId: s.studentId };
      const id = `item-${keyOf(it).replace(/[^\w-]/g, '_')}`;
      return h(
        'tr',
        {},
        i === 0 ? h('th', { scope: 'row', rowspan: s.items.length }, s.studentId) : null,
        h(
          'td',
          {},
          h('input', {
            type: 'checkbox',
            id,
            onchange: (e: Event) => {
              if ((e.target as HTMLInputElement).checked) selected.add(keyOf(it));
              else selected.delete(keyOf(it));
            },
          }),
          h('label', { for: id }, `${item.title} (${item.programId})`),
        ),
        h(
          'td',
          {},
          item.forStandard,
          item.purpose === 'prerequisite' ? ' (prerequisite)' : '',
        ),
        h('td', { class: 'num' }, `${item.estimatedMinutes} min`),
        h('td', { class: 'reason' }, item.reason),
        h('td', { class: 'muted' }, s.notes.join('; ')),
      );
    });
  });
  return h(
    'div',
    { class: 'scroll', tabindex: 0, role: 'region', 'aria-label': 'Plan items' },
    h(
      'table',
      { class: 'data plan' },
      h(
        'caption',
        {},
        `Plan for ${plan.week} (${plan.from} to ${plan.to}), due ${plan.dueAt}`,
      ),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...['Student', 'Item (program)', 'For standard', 'Minutes', 'Why', 'Notes'].map(
            (c) => h('th', { scope: 'col' }, c),
          ),
        ),
      ),
      h('tbody', {}, ...rows),
    ),
  );
}

export async function renderPlan(classId: string, week = isoWeek()): Promise<void> {
  let plan: WeekPlan;
  const picker = h(
    'form',
    {
      class: 'toolbar',
      onsubmit: (e: Event) => {
        e.preventDefault();
        void renderPlan(
          classId,
          (document.getElementById('week') as HTMLInputElement).value || week,
        );
      },
    },
    h('label', { for: 'week' }, 'Week '),
    h('input', { id: 'week', type: 'week', value: week, required: true }),
    h('button', { type: 'submit', class: 'secondary' }, 'Show'),
  );
  try {
    plan = await api.plan(classId, week);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status >= 500 || error.status === 404)
      throw error;
    const why =
      error.status === 403
        ? 'Assignment plans are not open to teacher sign-in on this deployment yet.'
        : error.message;
    show(`Class ${classId}: assignment plan`, picker, alertBox(why));
    return;
  }
  const selected = new Set<string>();
  const outcome = h('div', {});
  const approve = async (items?: Item[]) => {
    if (items && items.length === 0) {
      outcome.replaceChildren(alertBox('Tick at least one item, or approve all.'));
      return;
    }
    try {
      const approval = await api.approve(
        classId,
        plan.week,
        items?.map(({ studentId, programId, contentId }) => ({
          studentId,
          programId,
          contentId,
        })),
      );
      outcome.replaceChildren(pushTable(approval));
      announce(
        `Approved: ${approval.assignments.length} assignments, ${approval.queued} queued`,
      );
    } catch (error) {
      outcome.replaceChildren(
        alertBox(`The plan could not be approved: ${(error as Error).message}`),
      );
    }
  };
  const all: Item[] = plan.students.flatMap((s) =>
    s.items.map((i) => ({ ...i, studentId: s.studentId })),
  );
  const focus = plan.focus
    .map((f) => `${f.standard}${f.unit ? ` (${f.unit})` : ''}`)
    .join(', ');
  show(
    `Class ${classId}: assignment plan`,
    picker,
    h(
      'p',
      { class: 'note' },
      focus
        ? `Focus: ${focus}. ${all.length} items planned.`
        : 'No focus standards this week: nothing to plan.',
    ),
    h(
      'div',
      { class: 'toolbar' },
      h(
        'button',
        {
          type: 'button',
          class: 'primary',
          disabled: all.length === 0,
          onclick: () => void approve(),
        },
        'Approve all',
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          disabled: all.length === 0,
          onclick: () => void approve(all.filter((i) => selected.has(keyOf(i)))),
        },
        'Approve selected',
      ),
      csvButton('Download CSV', `class-${classId}-plan-${plan.week}.csv`, () =>
        planCsv(plan),
      ),
    ),
    outcome,
    planTable(plan, selected),
  );
}
