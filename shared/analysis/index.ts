/**
 * The alignment hypothesis and the simulator that proves its analysis. The
 * analysis of a generated demo district is imported from ./demo-district.js
 * directly, so the report's Lambda never bundles the generator.
 */
export * from './alignment.js';
export * from './random.js';
export * from './school.js';
export * from './simulator.js';
export * from './stats.js';
