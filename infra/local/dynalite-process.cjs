// Runs dynalite in its own process so the emulator and the handlers use both
// cores. Started by infra/local/emulators.ts; it reports its port over IPC
// and exits with its parent. Plain CommonJS: it needs no TypeScript loader.
const dynalite = require('dynalite');

const [port, dataDir] = process.argv.slice(2);
// createTableMs 0: tables are ACTIVE at once instead of after dynalite's delay.
const server = dynalite({
  path: dataDir || undefined,
  createTableMs: 0,
  deleteTableMs: 0,
});
server.once('error', (error) => {
  process.send({ error: error.message });
  process.exit(1);
});
server.listen(Number(port), '127.0.0.1', () =>
  process.send({ port: server.address().port }),
);
process.on('disconnect', () => server.close(() => process.exit(0)));
process.on('message', (message) => {
  if (message === 'stop') server.close(() => process.exit(0));
});
