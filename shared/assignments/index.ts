/** Assignments: approval, the push through connectors, and status. */
export * from './approve.js';
export * from './config.js';
export * from './errors.js';
export * from './file-connector.js';
export * from './http-connector.js';
export * from './model.js';
export * from './push.js';
export * from './retry.js';
