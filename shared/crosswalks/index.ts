/** Crosswalks from vendor skills to standards. */
export * from './builtin.js';
export * from './schema.js';
export * from './unmapped.js';
export * from './validate.js';
