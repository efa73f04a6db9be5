/**
 * The teacher page end to end, in Debian's headless Chromium (playwright-core)
 * against the local stack with the ASSISTments demo data: sign in through the
 * local issuer, open a class, open a cell's evidence, download a CSV, approve
 * a plan. Every page passes axe (no serious or critical WCAG 2.1 AA
 * violation) and is saved as a screenshot under tests/web/screenshots/.
 *
 * Without Chromium the suite skips with a reason, except under CI=true,
 * where it fails: .ci/run installs it.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { S3Client } from '@aws-sdk/client-s3';
import axe from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.js';
import { dropFile, waitForRun } from '../../infra/local/drop-file.js';
import { createDocumentClient, DynamoStore } from '../../storage/dynamodb-store.js';
import { DEMO_FILE } from '../support/demo-data.js';

const CHROMIUM = process.env.LABLINK_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];
const SCREENSHOTS = resolve(__dirname, 'screenshots');
const WEB_DIST = resolve(__dirname, '../../web/dist');
const LAPTOP = { width: 1366, height: 768 };
const TABLET = { width: 820, height: 1180 };
/** axe impacts that fail the suite. */
const BLOCKING_IMPACTS = ['serious', 'critical'];

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env.CI === 'true')
  throw new Error(
    `Chromium is not at ${CHROMIUM}: .ci/run must apt-get install chromium`,
  );
if (!hasChromium)
  console.log(
    `tests/web skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`,
  );
const describeInBrowser = hasChromium ? describe : describe.skip;

/** The current ISO week and a focus range around today, so the plan has a focus. */
function focusAroundToday() {
  const day = (offset: number) =>
    new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  return { from: day(-7), to: day(7) };
}

interface AxeSummary {
  id: string;
  impact: string | null;
  nodes: number;
}

async function axeCheck(page: Page): Promise<AxeSummary[]> {
  // evaluate runs outside the page's CSP, which forbids injected scripts.
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const inPage = globalThis as unknown as {
      axe: typeof axe;
      document: axe.ElementContext;
    };
    const result = await inPage.axe.run(inPage.document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      nodes: v.nodes.length,
    }));
  });
  return violations;
}

async function checkPage(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const violations = await axeCheck(page);
  console.log(
    `axe ${name}: ${violations.length ? JSON.stringify(violations) : 'no violations'}`,
  );
  expect(violations.filter((v) => BLOCKING_IMPACTS.includes(v.impact ?? ''))).toEqual([]);
}

describeInBrowser('Teacher page in Chromium', () => {
  let stack: LocalStack;
  let browser: Browser;
  let page: Page;
  let classId: string;
  let teacher: string;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    if (!existsSync(join(WEB_DIST, 'index.html'))) {
      const build = spawnSync('npm', ['run', 'build:web'], { stdio: 'inherit' });
      if (build.status !== 0) throw new Error('npm run build:web failed');
    }
    mkdirSync(SCREENSHOTS, { recursive: true });
    stack = await startLocalStack({
      schedules: false,
      webPort: 0,
      onError: () => undefined,
    });
    const store = new DynamoStore(createDocumentClient(), stack.table);
    const drop = await dropFile(new S3Client({}), stack.bucket, 'assistments', DEMO_FILE);
    await waitForRun(store, drop.runId);
    await stack.scheduler.fire('rollupMastery');

    // The class of the demo's largest roster, and its teacher, as npm start picks them.
    const sizes = await Promise.all(
      (await store.listClasses()).map(async (id) => ({
        id,
        n: (await store.listClassStudents(id)).length,
      })),
    );
    sizes.sort((a, b) => b.n - a.n || (a.id < b.id ? -1 : 1));
    classId = sizes[0]!.id;
    teacher = (await store.listClassStaff(classId)).find(
      (s) => s.role === 'teacher',
    )!.userId;

    const token = await stack.issuer.sign({ role: 'teacher', userId: teacher });
    const grid = (await (
      await fetch(`${stack.urls.api}/classes/${classId}/mastery`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { standards: { code: string }[] };
    const focus = await fetch(`${stack.urls.api}/classes/${classId}/focus`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        entries: [
          {
            standards: [grid.standards[0]!.code],
            ...focusAroundToday(),
            unit: 'Data displays',
          },
        ],
      }),
    });
    expect(focus.status).toBe(200);

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: LAPTOP, acceptDownloads: true });
    page = await context.newPage();
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('signs a demo teacher in through the local issuer and lists their classes', async () => {
    await page.goto(`${stack.urls.web}/?login_hint=${teacher}`);
    await page.getByRole('heading', { name: 'Sign in to Lablink (local)' }).waitFor();
    await checkPage(page, '01-sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.getByRole('heading', { name: 'My classes' }).waitFor();
    expect(page.url()).toBe(`${stack.urls.web}/#/classes`);
    await expect(
      page.getByRole('link', { name: `Class ${classId}` }).count(),
    ).resolves.toBe(1);
    // School, the caller's role in the class (the API's), students.
    const row = page.getByRole('row', { name: new RegExp(`^Class ${classId} `) });
    await expect(row.getByRole('cell').nth(1).textContent()).resolves.toBe('Teacher');
    await checkPage(page, '02-classes');
  });

  it('opens a class as a heat map with the focus standard marked', async () => {
    await page.getByRole('link', { name: `Class ${classId}` }).click();
    await page.getByRole('heading', { name: `Class ${classId}: mastery` }).waitFor();

    await expect(page.locator('th.code.focus').count()).resolves.toBe(1);
    await expect(
      page.getByText(/Focus this week \(Data displays\)/).count(),
    ).resolves.toBe(1);
    expect(await page.locator('td.cell button').count()).toBeGreaterThan(10);
    await checkPage(page, '03-mastery-grid');
  });

  it("opens a cell's evidence with program, item, when and score", async () => {
    await page.locator('td.cell button').first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('table').waitFor();

    const header = await dialog.locator('thead th').allTextContents();
    expect(header).toEqual(['Program', 'Item', 'When', 'Score', 'Status', 'Weight']);
    expect(await dialog.locator('tbody tr').count()).toBeGreaterThan(0);
    await expect(dialog.locator('tbody tr td').first().textContent()).resolves.toBe(
      'assistments',
    );
    await checkPage(page, '04-evidence');
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it("downloads the class grid as the API's CSV", async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);

    expect(download.suggestedFilename()).toBe(`class-${classId}-mastery.csv`);
    const text = readFileSync((await download.path()) as string, 'utf8');
    expect(text.split('\n')[0]).toMatch(/studentId/i);
    expect(text.trim().split('\n').length).toBeGreaterThan(10);
  });

  it('shows usage per student and week, and the small groups', async () => {
    await page.getByRole('link', { name: 'Usage' }).click();
    await page.getByRole('heading', { name: `Class ${classId}: usage` }).waitFor();
    await checkPage(page, '05-usage');

    // Four whole weeks up to a chosen day, then the four before, then back.
    const range = (from: string, to: string) =>
      page.getByText(`(${from} to ${to}, `, { exact: false }).waitFor();
    // 2025-12-07 is a Sunday: its week and the three before.
    await page.getByLabel('Weeks up to').fill('2025-12-07');
    await range('2025-11-10', '2025-12-07');
    await page.getByRole('button', { name: 'Earlier weeks' }).click();
    await range('2025-10-13', '2025-11-09');
    await page.getByRole('button', { name: 'Later weeks' }).click();
    await range('2025-11-10', '2025-12-07');

    await page.getByRole('link', { name: 'Small groups' }).click();
    await page.getByRole('heading', { name: `Class ${classId}: small groups` }).waitFor();
    await checkPage(page, '06-groups');
  });

  it('approves the week plan and shows each push status', async () => {
    await page.getByRole('link', { name: 'Assignment plan' }).click();
    await page
      .getByRole('heading', { name: `Class ${classId}: assignment plan` })
      .waitFor();
    await page.getByRole('button', { name: 'Approve all' }).click();

    const pushes = page.getByRole('table').filter({ hasText: 'approved for' });
    await pushes.waitFor();
    const statuses = await pushes.locator('td.status').allTextContents();
    expect(statuses.length).toBeGreaterThan(0);
    for (const s of statuses) expect(s).toMatch(/^(pending|sent|acknowledged|failed)/);
    await checkPage(page, '07-plan-approved');
  });

  it('lays the grid out for a tablet and violates no Content-Security-Policy', async () => {
    await page.setViewportSize(TABLET);
    await page.getByRole('link', { name: 'Mastery' }).click();
    await page.getByRole('heading', { name: `Class ${classId}: mastery` }).waitFor();
    await checkPage(page, '08-mastery-tablet');

    expect(cspViolations).toEqual([]);
  });
});
