#!/usr/bin/env node
// `npx lablink`: runs the TypeScript CLI through tsx's require hook, so the
// CLI needs no build step and runs the same sources as the tests. npx runs it
// through a link in node_modules/.bin, so it starts the CLI explicitly rather
// than relying on which file node was asked to run.
// Handlers log at import time; the CLI prints its own summaries.
process.env.POWERTOOLS_LOG_LEVEL = process.env.POWERTOOLS_LOG_LEVEL || 'WARN';
require('tsx/cjs/api').register();
require('./main.ts').run();
