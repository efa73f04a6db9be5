/**
 * The evidence behind one cell, in a modal dialog: each record's program,
 * item, when (or its place in the vendor's sequence when the vendor exports
 * no clock), score and its weight in the mastery value.
 */
import { api, type StudentStandard } from '../api.js';
import { alertBox, csvButton, h, toCsv } from '../dom.js';
import { masteryPercent, percent } from '../values.js';
import { LEVELS } from './levels.js';

function when(e: StudentStandard['evidence'][number]): string {
  if (e.occurredAt) return new Date(e.occurredAt).toLocaleString();
  return e.sequence === undefined ? 'unknown' : `no time (order ${e.sequence})`;
}

function weight(e: StudentStandard['evidence'][number]): string {
  if (!e.counted) return 'not counted';
  return e.weight === null ? 'n/a' : percent(e.weight);
}

function evidenceCsv(x: StudentStandard): Blob {
  return toCsv([
    [
      'studentId',
      'standard',
      'programId',
      'itemId',
      'occurredAt',
      'sequence',
      'score',
      'status',
      'counted',
      'weight',
    ],
    ...x.evidence.map((e) => [
      x.studentId,
      x.standard.code,
      e.programId,
      e.itemId,
      e.occurredAt,
      e.sequence,
      e.score,
      e.status,
      String(e.counted),
      e.weight ?? undefined,
    ]),
  ]);
}

function content(x: StudentStandard): Node[] {
  const level = LEVELS[x.level as keyof typeof LEVELS];
  // Newest first: the teacher asks "what did they do lately" before "how did it start".
  const records = [...x.evidence].reverse();
  return [
    h(
      'p',
      {},
      `${level.label}, ${masteryPercent(x.value)} from ${x.evidenceCount} evidence (${x.method.replace(/_/g, ' ')}). `,
      x.standard.description ?? '',
    ),
    csvButton(
      'Download CSV',
      `student-${x.studentId}-${x.standard.code}-evidence.csv`,
      () => evidenceCsv(x),
    ),
    h(
      'div',
      { class: 'scroll', tabindex: 0, role: 'region', 'aria-label': 'Evidence records' },
      h(
        'table',
        { class: 'data' },
        h('caption', {}, `${records.length} evidence records, newest first`),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...['Program', 'Item', 'When', 'Score', 'Status', 'Weight'].map((c) =>
              h('th', { scope: 'col' }, c),
            ),
          ),
        ),
        h(
          'tbody',
          {},
          ...records.map((e) =>
            h(
              'tr',
              {},
              h('td', {}, e.programId),
              h('td', {}, e.itemId),
              h('td', {}, when(e)),
              h('td', { class: 'num' }, percent(e.score)),
              h('td', {}, e.status.replace(/_/g, ' ')),
              h('td', { class: 'num' }, weight(e)),
            ),
          ),
        ),
      ),
    ),
  ];
}

export async function openEvidence(studentId: string, code: string): Promise<void> {
  const opener = document.activeElement as HTMLElement | null;
  const body = h('div', { class: 'dialog-body' }, h('p', {}, 'Loading the evidence…'));
  const dialog = h(
    'dialog',
    { class: 'evidence', 'aria-labelledby': 'evidence-title' },
    h(
      'div',
      { class: 'dialog-head' },
      h('h2', { id: 'evidence-title' }, `Student ${studentId}, ${code}: evidence`),
      h(
        'button',
        { type: 'button', class: 'secondary', onclick: () => dialog.close() },
        'Close',
      ),
    ),
    body,
  );
  dialog.addEventListener('close', () => {
    dialog.remove();
    opener?.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
  try {
    body.replaceChildren(...content(await api.evidence(studentId, code)));
  } catch (error) {
    body.replaceChildren(
      alertBox(`The evidence could not be read: ${(error as Error).message}`),
    );
  }
}
