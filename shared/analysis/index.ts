/** The alignment hypothesis and the simulator that proves its analysis. */
export * from './alignment.js';
export * from './random.js';
export * from './school.js';
export * from './simulator.js';
export * from './stats.js';
