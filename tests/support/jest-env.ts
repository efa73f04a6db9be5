// Handlers create their logger at import; keep test output to jest's own.
process.env.POWERTOOLS_LOG_LEVEL = `${process.env.TEST_LOG_LEVEL ?? 'SILENT'}`;
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
