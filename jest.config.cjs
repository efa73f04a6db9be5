/** Type-checking is `tsc --noEmit` (npm test runs it first); swc only strips types. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
  // jose 6 is ESM-only, like middy.
  transformIgnorePatterns: ['/node_modules/(?!(@middy|jose)/)'],
  // Sources import with NodeNext's .js suffix; jest resolves them to the .ts files.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  setupFiles: ['<rootDir>/tests/support/jest-env.ts'],
  // Integration suites ingest real files through the emulators; on a loaded 2-core
  // machine one can take minutes. Speed is measured in the benchmarks, not here.
  testTimeout: 300000,
};
