/** The standards catalog and the spelling of standard codes. */
export * from './catalog.js';
export * from './codes.js';
