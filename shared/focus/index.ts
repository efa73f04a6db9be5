/** Focus plans: what a class is teaching, when. */
export * from './focus.js';
export * from './scope-sequence.js';
export * from './week.js';
