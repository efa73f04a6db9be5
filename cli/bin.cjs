#!/usr/bin/env node
// `npx lablink`: runs the TypeScript CLI through tsx's require hook, so the
// CLI needs no build step and runs the same sources as the tests.
require('tsx/cjs/api').register();
require('./main.ts');
