import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureL4AndLiver, run, screenshot, truth, watchConsole } from './helpers';
import { startPacs, type Pacs } from './support/orthanc';
import { checkFirstLook } from './support/firstLookCheck';

/** The port playwright.config.ts proxies /dicom-web to: a real Orthanc, started here. */
const PACS_PORT = Number(process.env.EMH_E2E_PACS_PORT || 8182);
const PACS_QUERY = '?dicomweb=/dicom-web';
const ctStudy = truth.studies.find((s) => s.key === 'ct')?.studyInstanceUID as string;
const CT_IMAGES = 80;

type Inventory = {
  lesions: { id: string; site: string | null; longAxisMm: number | null; shortAxisMm: number | null; ct: { meanHU: number | null } }[];
  liver: { meanHU: number | null; call: string; rois: unknown[] };
};

async function imageCount(page: Page): Promise<number> {
  return page.evaluate(() => window.emh.series().reduce((sum, s) => sum + s.imageCount, 0));
}

async function waitForLoadIdle(page: Page): Promise<void> {
  await expect(page.locator('.progress')).toBeHidden({ timeout: 60_000 });
}

/** The first part of a multipart/related answer: what WADO-RS sends for one instance. */
function firstPart(body: Buffer, contentType: string): Buffer {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
  if (!boundary) throw new Error(`no boundary in ${contentType}`);
  const start = body.indexOf('\r\n\r\n', body.indexOf(`--${boundary}`)) + 4;
  const end = body.indexOf(`\r\n--${boundary}`, start);
  return body.subarray(start, end);
}

test.describe.configure({ mode: 'serial' });

let pacs: Pacs | undefined;

test.afterAll(async () => {
  await pacs?.dispose();
});

test('PACS: list and search studies, open the CT, save the report (STOW-RS), a fresh browser gets it back', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(180_000);
  pacs = await startPacs({ port: PACS_PORT });
  const problems = watchConsole(page);
  await page.goto(`/${PACS_QUERY}`);
  const rows = page.getByTestId('study-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('EMH, Phantom');
  await expect(rows.first()).toContainText('EMH-0001');
  await expect(rows.first()).toContainText('2024-03-14');
  await expect(rows.first()).toContainText('MR');
  await expect(rows.nth(1)).toContainText('CT CHEST ABDOMEN PELVIS');
  await screenshot(page, testInfo, 'pacs-study-list');

  // Search: modality, date range, a name typed the way people type it, and no match.
  await page.getByTestId('search-modality').selectOption('CT');
  await page.getByTestId('search-run').click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('2024-03-12');
  await page.getByTestId('search-modality').selectOption('');
  await page.getByTestId('search-from').fill('2024-03-13');
  await page.getByTestId('search-to').fill('2024-03-31');
  await page.getByTestId('search-run').click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('MR');
  await page.getByTestId('search-from').fill('');
  await page.getByTestId('search-to').fill('');
  await page.getByTestId('search-name').fill('phantom');
  await page.getByTestId('search-run').click();
  await expect(rows).toHaveCount(2);
  await page.getByTestId('search-id').fill('NOBODY-9');
  await page.getByTestId('search-run').click();
  await expect(page.getByText('No study matches.')).toBeVisible();
  await page.getByTestId('search-id').fill('EMH-0001');
  await page.getByTestId('search-modality').selectOption('CT');
  await page.getByTestId('search-run').click();

  // Open the CT: metadata and frames via WADO-RS, and measure on it.
  await rows.first().click();
  await expect(page.getByTestId('study-list')).toBeHidden();
  await page.waitForFunction(() => performance.getEntriesByName('viewer:series-loaded').length > 0, null, { timeout: 60_000 });
  expect(await imageCount(page)).toBe(CT_IMAGES);
  await measureL4AndLiver(page);
  const before = (await run(page, 'emh.inventory')) as Inventory;
  expect(Math.abs((before.lesions[0].longAxisMm ?? 0) - 100)).toBeLessThan(2);
  expect(Math.abs((before.lesions[0].shortAxisMm ?? 0) - 57)).toBeLessThan(2);
  expect(Math.abs((before.liver.meanHU ?? 0) - 103)).toBeLessThan(3);
  expect(before.liver.call).toBe('above');

  // Save to PACS from the panel.
  await page.getByTestId('save-pacs').click();
  await expect(page.getByTestId('save-pacs-status')).toContainText('Saved at');
  await screenshot(page, testInfo, 'pacs-saved');

  // QIDO finds the SR in the CT study, and dsrdump reads what Orthanc returns.
  const srSeries = (await (await pacs.dicomWeb(`/studies/${ctStudy}/series?Modality=SR`)).json()) as Record<string, { Value?: string[] }>[];
  expect(srSeries).toHaveLength(1);
  const srSeriesUID = srSeries[0]['0020000E'].Value?.[0] as string;
  const srInstances = (await (await pacs.dicomWeb(`/studies/${ctStudy}/series/${srSeriesUID}/instances`)).json()) as Record<
    string,
    { Value?: string[] }
  >[];
  expect(srInstances).toHaveLength(1);
  const sop = srInstances[0]['00080018'].Value?.[0] as string;
  const retrieved = await pacs.dicomWeb(`/studies/${ctStudy}/series/${srSeriesUID}/instances/${sop}`, {
    headers: { Accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' },
  });
  const file = join(mkdtempSync(join(tmpdir(), 'emh-pacs-sr-')), 'sr.dcm');
  writeFileSync(file, firstPart(Buffer.from(await retrieved.arrayBuffer()), retrieved.headers.get('content-type') ?? ''));
  const dump = spawnSync('dsrdump', [file], { encoding: 'utf8' });
  expect(dump.error, 'dsrdump could not run: install Debian package dcmtk').toBeUndefined();
  expect(dump.status, dump.stderr).toBe(0);
  expect(dump.stdout).toContain('Imaging Measurement Report');
  expect(dump.stdout).toContain('"L1"');

  // A fresh browser profile (no autosave) reopens the study from the PACS and loads the report.
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  const otherProblems = watchConsole(other);
  // The opening image's frames are asked for before the viewer's code has loaded (earlyFetch),
  // and that answer is the one read: every image's frames are asked for once.
  const frameRequests: string[] = [];
  other.on('request', (request) => {
    if (request.url().includes('/frames/')) frameRequests.push(request.url());
  });
  await other.goto(`/${PACS_QUERY}&study=${ctStudy}`);
  await other.waitForFunction(() => performance.getEntriesByName('viewer:series-loaded').length > 0, null, { timeout: 60_000 });
  expect(frameRequests).toHaveLength(CT_IMAGES);
  expect(new Set(frameRequests).size).toBe(CT_IMAGES);
  await expect(other.getByTestId('saved-report')).toHaveCount(1);
  expect(((await run(other, 'emh.inventory')) as Inventory).lesions).toHaveLength(0);
  await other.getByTestId('load-latest-report').click();
  await expect(other.getByTestId('lesion-row-L1')).toBeVisible();
  const after = (await run(other, 'emh.inventory')) as Inventory;
  expect(after.lesions.map((l) => [l.id, l.site, l.longAxisMm?.toFixed(2), l.shortAxisMm?.toFixed(2)])).toEqual(
    before.lesions.map((l) => [l.id, l.site, l.longAxisMm?.toFixed(2), l.shortAxisMm?.toFixed(2)]),
  );
  expect(after.liver.meanHU?.toFixed(1)).toBe(before.liver.meanHU?.toFixed(1));
  expect(after.liver.rois).toHaveLength(3);
  await screenshot(other, testInfo, 'pacs-report-loaded');
  await fresh.close();
  expect(problems).toEqual([]);
  expect(otherProblems).toEqual([]);
});

test("PACS: the first look shows the study's opening image before the viewer draws it, then the viewer draws it in the same place", async ({
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  const url = `/${PACS_QUERY}&study=${ctStudy}`;
  await checkFirstLook(browser, testInfo, { name: 'pacs', url, rows: truth.geometry.rows, columns: truth.geometry.columns });
});

test('PACS: a server that stops mid-load says so, keeps what loaded, and retry resumes; a failed save can be retried', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  if (!pacs) pacs = await startPacs({ port: PACS_PORT });
  const running = pacs;
  // Hold every frame after the unenhanced CT's 60 until the PACS has been stopped.
  let frames = 0;
  let stopped: () => void = () => undefined;
  const pacsDown = new Promise<void>((resolve) => (stopped = resolve));
  await page.route('**/dicom-web/**/frames/**', async (route) => {
    frames += 1;
    if (frames > 60) await pacsDown;
    await route.continue();
  });
  await page.goto(`/${PACS_QUERY}&study=${ctStudy}`);
  // A study opened alone gets a first look: the viewer's code, and all of window.emh, come after it.
  await page.evaluate(() => window.emh.ready);
  await expect.poll(() => imageCount(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(60);
  const onPacsBeforeStop = ((await (await running.dicomWeb(`/studies/${ctStudy}/instances`)).json()) as unknown[]).length;
  await running.stop({ kill: true });
  stopped();
  await waitForLoadIdle(page);
  const loaded = await imageCount(page);
  expect(loaded).toBe(60);
  expect(loaded).toBeLessThan(CT_IMAGES);
  const onPacs = onPacsBeforeStop; // the CT's images and any report saved by the test before
  const refusals = page.getByTestId('refusals');
  await expect(refusals).toContainText(`${onPacs - loaded} files could not be shown`);
  await expect(page.getByTestId('retry-load')).toHaveText(`Retry ${onPacs - loaded} not received`);
  await expect(refusals).toContainText('the PACS did not answer');
  await screenshot(page, testInfo, 'pacs-down-mid-load');

  // While it is down, measure and try to save: the failure is said, nothing is lost.
  await measureL4AndLiver(page);
  await page.getByTestId('save-pacs').click();
  await expect(page.getByTestId('save-pacs-status')).toContainText('Not saved: the PACS did not answer');
  await expect(page.getByTestId('save-pacs')).toHaveText('Retry saving to PACS');
  expect(((await run(page, 'emh.inventory')) as Inventory).lesions).toHaveLength(1);

  await running.restart();
  await page.getByTestId('retry-load').click();
  await expect.poll(() => imageCount(page), { timeout: 60_000 }).toBe(CT_IMAGES);
  await waitForLoadIdle(page);
  await expect(refusals).toBeHidden();
  await page.getByTestId('save-pacs').click();
  await expect(page.getByTestId('save-pacs-status')).toContainText('Saved at');
  await screenshot(page, testInfo, 'pacs-retried');
});

test('PACS: wrong credentials bring the sign-in back; right ones open the study list', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await pacs?.dispose();
  pacs = await startPacs({ port: PACS_PORT, users: { alice: 's3cret' } });
  const problems = watchConsole(page);
  await page.goto(`/${PACS_QUERY}`);
  const dialog = page.getByTestId('credentials-dialog');
  await expect(dialog).toBeVisible();
  await page.getByTestId('pacs-username').fill('alice');
  await page.getByTestId('pacs-password').fill('wrong');
  await page.getByTestId('pacs-sign-in').click();
  await expect(dialog).toContainText('The PACS refused these credentials');
  await screenshot(page, testInfo, 'pacs-credentials');
  await page.getByTestId('pacs-password').fill('s3cret');
  await page.getByTestId('pacs-sign-in').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('study-row')).toHaveCount(2);
  // The failed requests were the browser's to report as 401s; the page itself raised nothing.
  expect(problems.filter((p) => !p.includes('401'))).toEqual([]);
});

test('PACS: a bearer token asked for on a 401 is sent with every request after it', async ({ page }) => {
  // Orthanc knows only basic auth; this server is played by the test.
  const seen: string[] = [];
  await page.route(
    (url) => url.pathname.startsWith('/token-pacs/'),
    async (route) => {
      const authorization = (await route.request().allHeaders()).authorization ?? '';
      seen.push(authorization);
      if (authorization !== 'Bearer abc.def') await route.fulfill({ status: 401, body: '' });
      else await route.fulfill({ status: 200, contentType: 'application/dicom+json', body: '[]' });
    },
  );
  await page.goto('/?dicomweb=/token-pacs/rs');
  await expect(page.getByTestId('credentials-dialog')).toBeVisible();
  await page.getByLabel('Token').check();
  await page.getByTestId('pacs-token').fill('abc.def');
  await page.getByTestId('pacs-sign-in').click();
  await expect(page.getByText('No study matches.')).toBeVisible();
  expect(seen).toEqual(['', 'Bearer abc.def']);
});

test('PACS: a deployment config file names the server; its study list shows what QIDO-RS returns', async ({ page }) => {
  await page.route(
    (url) => url.pathname === '/site-config.json',
    (route) => route.fulfill({ json: { dicomweb: { url: '/other-pacs/rs' } } }),
  );
  await page.route(
    (url) => url.pathname.startsWith('/other-pacs/'),
    (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/dicom+json',
        body: JSON.stringify([
          {
            '0020000D': { vr: 'UI', Value: ['1.2.3'] },
            '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Doe^Jane' }] },
            '00100020': { vr: 'LO', Value: ['P-77'] },
            '00080020': { vr: 'DA', Value: ['20251001'] },
            '00080061': { vr: 'CS', Value: ['CT', 'SR'] },
            '00081030': { vr: 'LO', Value: ['CT ABDOMEN'] },
            '00201206': { vr: 'IS', Value: [3] },
          },
        ]),
      }),
  );
  await page.goto('/?config=/site-config.json');
  const row = page.getByTestId('study-row');
  await expect(row).toHaveCount(1);
  await expect(row).toHaveText(/Doe, Jane\s*P-77\s*2025-10-01\s*CT, SR\s*CT ABDOMEN\s*3/);
  await expect(page.getByTestId('study-list')).toContainText('/other-pacs/rs');
});
