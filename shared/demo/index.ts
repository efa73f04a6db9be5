/** The demo district generator: pure, deterministic from a seed and a size. */
export * from './model.js';
export * from './district.js';
export * from './simulate.js';
export * from './files.js';
export * from './roster.js';
export * from './plan.js';
export * from './summary.js';
export { csvLine, zipOf } from './csv.js';
export * from './evidence.js';
