/** Per-program content catalogs. */
export * from './catalog.js';
export * from './schema.js';
