/**
 * The class's focus standards this week, from `GET /classes/{id}/focus`.
 * A class without a focus plan (404), or a deployment where the route is not
 * open to teachers yet (403), still shows its pages, with a note saying so.
 */
import { api, ApiError, SignInRequired } from '../api.js';
import { h } from '../dom.js';
import { today } from '../page.js';

export interface WeekFocus {
  standards: string[];
  units: string[];
  /** Why there is no focus, when there is none. */
  missing?: string;
}

export async function focusOfWeek(classId: string, day = today()): Promise<WeekFocus> {
  try {
    const plan = await api.focus(classId);
    const current = plan.entries.filter((e) => e.from <= day && day <= e.to);
    return {
      standards: [...new Set(current.flatMap((e) => e.standards))],
      units: [...new Set(current.flatMap((e) => (e.unit ? [e.unit] : [])))],
      missing: current.length
        ? undefined
        : 'The focus plan names no standard for this week.',
    };
  } catch (error) {
    if (error instanceof SignInRequired) throw error;
    const status = error instanceof ApiError ? error.status : 0;
    const missing =
      status === 404
        ? 'This class has no focus plan yet.'
        : `The focus plan could not be read (${(error as Error).message}).`;
    return { standards: [], units: [], missing };
  }
}

export function focusNote(focus: WeekFocus): HTMLElement {
  if (focus.missing) return h('p', { class: 'note' }, focus.missing);
  const units = focus.units.length ? ` (${focus.units.join(', ')})` : '';
  return h(
    'p',
    { class: 'note' },
    h('span', { class: 'focus-mark', 'aria-hidden': 'true' }, '★ '),
    `Focus this week${units}: ${focus.standards.join(', ')}`,
  );
}
