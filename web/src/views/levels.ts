/** Mastery levels as the page shows them: never by colour alone. */

export type Level = 'not_started' | 'developing' | 'approaching' | 'mastered';

/** Level, its one-letter mark in a cell, and its words. */
export const LEVELS: Record<Level, { mark: string; label: string }> = {
  mastered: { mark: 'M', label: 'Mastered' },
  approaching: { mark: 'A', label: 'Approaching' },
  developing: { mark: 'D', label: 'Developing' },
  not_started: { mark: 'N', label: 'Not started' },
};
