/** From a vendor file's bytes to evidence: profiles, the reader and the row mapper. */
export * from './builtin.js';
export * from './choose-profile.js';
export * from './detect.js';
export * from './fields.js';
export * from './mapper.js';
export * from './reader.js';
export * from './schema.js';
export { configError, formatPath, type ConfigIssue } from './config-issues.js';
