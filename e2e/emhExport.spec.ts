import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { openViewer, seriesUID, truth, waitForSeriesLoaded, watchConsole } from './helpers';

test('the panel exports JSON and CSV files and copies the lesion table', async ({ page, context }) => {
  const problems = watchConsole(page);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openViewer(page);
  await waitForSeriesLoaded(page);
  const l4 = truth.lesions.find((l) => l.id === 'L4');
  if (!l4) throw new Error('no L4');
  const ct = seriesUID('ct-nc');
  await page.evaluate(
    ([uid, l]) =>
      window.emh.commands.run('emh.addLesion', {
        seriesInstanceUID: uid,
        instanceNumber: l.slice,
        longAxis: l.longAxis,
        shortAxis: l.shortAxis,
        site: 'presacral',
      }),
    [ct, l4] as const,
  );
  await page.evaluate(() =>
    window.emh.commands.run('emh.updateLesion', { lesionId: 'L1', notes: '=HYPERLINK("x"), "quoted"\nsecond line' }),
  );
  const liver = truth.organs.liver.rois[0];
  await page.evaluate(
    ([uid, n, c, r]) =>
      window.emh.commands.run('emh.addHuRoi', { seriesInstanceUID: uid, instanceNumber: n, center: c, radii: [r, r], organ: 'liver' }),
    [ct, truth.organs.liver.recommendedSlice, liver.center, liver.radiusPx] as const,
  );

  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  expect(csvDownload.suggestedFilename()).toMatch(/^emh-inventory-EMH-0001-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync(await csvDownload.path(), 'utf8');
  const header = csv
    .replace(/^\uFEFF/, '')
    .split('\r\n')[0]
    .split(',');
  const lesionLine = csv.split('\r\n').find((line) => line.startsWith('lesion,L1,'));
  expect(lesionLine).toBeDefined();
  const cells = (lesionLine ?? '').split(',');
  expect(Number(cells[header.indexOf('long_axis_cm')])).toBeCloseTo(10, 1);
  expect(Number(cells[header.indexOf('short_axis_cm')])).toBeCloseTo(5.7, 1);
  // The note is neutralised against formulas and keeps its comma, quotes and newline.
  expect(csv).toContain(`"'=HYPERLINK(""x""), ""quoted""\nsecond line"`);
  expect(csv).toMatch(/\r\nliver-summary,/);

  const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  const json = JSON.parse(readFileSync(await jsonDownload.path(), 'utf8')) as {
    format: string;
    version: number;
    lesions: { id: string; longAxisMm: number }[];
    liver: { rois: unknown[] };
  };
  expect(json.format).toBe('emh-inventory');
  expect(json.version).toBe(1);
  expect(json.lesions[0].longAxisMm).toBeCloseTo(100, 0);
  expect(json.liver.rois).toHaveLength(1);

  await page.getByTestId('copy-table').click();
  await expect(page.locator('.notice')).toContainText('copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied.split('\n')[1]).toContain('10.0 x 5.7 cm');
  expect(copied.split('\n')[1].split('\t').length).toBe(copied.split('\n')[0].split('\t').length);
  expect(problems).toEqual([]);
});
