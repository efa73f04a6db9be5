/** Planning aligned work for a class's week. */
export * from './plan.js';
export * from './plan-class.js';
export * from './prerequisites.js';
