/**
 * The local server of the teacher page answers any path, well-formed or not,
 * without going down: it runs in the stack's process, so one bad request must
 * not stop the API and the emulators beside it.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebServer, type WebServer } from '../../infra/local/web-server.js';

let web: WebServer;

beforeAll(async () => {
  const root = await mkdtemp(join(tmpdir(), 'lablink-web-'));
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Lablink</title>');
  web = await startWebServer({
    port: 0,
    // Neither is reached: no API path and no sign-in is asked for.
    apiUrl: 'http://127.0.0.1:9',
    issuerUrl: 'http://127.0.0.1:9',
    clientId: 'lablink-web',
    root,
  });
});
afterAll(() => web.stop());

describe('the teacher page server', () => {
  it.each(['/%ZZ', '/assets/%E0%A4%A.js', '/..%2f..%2fetc%2fpasswd'])(
    'answers %s with a 404 and keeps serving',
    async (path) => {
      const bad = await fetch(`${web.url}${path}`);
      expect(bad.status).toBe(404);
      expect(await bad.text()).toBe('Not found');

      const page = await fetch(`${web.url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toBe('<!doctype html><title>Lablink</title>');
    },
  );
});
