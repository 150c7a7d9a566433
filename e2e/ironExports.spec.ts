/**
 * The iron measurements travel with the case (T2* sample, truth.json t2starSeries): liver, heart
 * and spleen ROIs at the truth centres, then the CSV download, the JSON export and the
 * emh.inventory command give the same numbers; the calibration can be switched (command and
 * panel select); a reload brings the iron back from autosave; the teaching ZIP names the LIC.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import JSZip from 'jszip';
import { openViewer, run, screenshot, truth, watchConsole } from './helpers';
import { csvObjects } from '../extensions/emh/export/rules/csvTestParser';
import type { IronInventory, IronRoiJson } from '../extensions/emh/iron/rules/ironReport';

const T2STAR = truth.t2starSeries;
const tissue = (name: string) => T2STAR.tissues.find((t) => t.name === name)!;

const addIronRoi = (page: Page, organ: string, instanceNumber: number): Promise<IronRoiJson> =>
  run(page, 'emh.addIronRoi', {
    seriesInstanceUID: T2STAR.seriesInstanceUID,
    instanceNumber,
    center: tissue(organ).roi.center,
    radii: tissue(organ).roi.radii,
    organ,
  }) as Promise<IronRoiJson>;

const commandIron = async (page: Page): Promise<IronInventory> => ((await run(page, 'emh.inventory')) as { iron: IronInventory }).iron;
const scriptIron = (page: Page): Promise<IronInventory> =>
  page.evaluate(() => (window.emh.inventory as () => { iron: IronInventory }).call(window.emh).iron);

/** The text of a Blob a command returns. */
function exportText(page: Page, format: 'json' | 'csv'): Promise<string> {
  return page.evaluate(async (f) => ((await window.emh.commands.run('emh.export', { format: f })) as Blob).text(), format);
}

/** CSV numbers carry 12 significant digits; the JSON and the command full precision. */
const sameNumber = (cell: string | undefined, value: number | null): void => {
  expect(value).not.toBeNull();
  const n = Number(cell);
  expect(Math.abs(n - value!), `${cell} vs ${value}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(value!)));
};

const status = async (page: Page) =>
  (await run(page, 'emh.autosaveStatus')) as { ready: boolean; storage: string; pending: number; savedAt: number | null };

test('iron in the CSV, the JSON, emh.inventory, autosave and the teaching file', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const problems = watchConsole(page);
  await openViewer(page, `?manifest=sample-t2star/${T2STAR.manifest}`);
  await expect.poll(async () => (await status(page)).ready).toBe(true);

  // The empty inventory before any ROI: nulls and empty lists, in the command and the script alike.
  const empty = await commandIron(page);
  expect(empty.liver).toMatchObject({ r2starHz: null, licMgFeG: null, grade: null, rois: [] });
  expect(empty.heart).toEqual({ t2starMs: null, r2starHz: null, fieldStrengthT: null, grade: null, rois: [] });
  expect(empty.other).toEqual([]);
  expect(await scriptIron(page)).toEqual(empty);

  const liver = await addIronRoi(page, 'liver', 1);
  const heart = await addIronRoi(page, 'heart', 1);
  const spleen = await addIronRoi(page, 'spleen', 1);
  const truthLiver = tissue('liver').r2starHz;
  expect(Math.abs(liver.r2starHz - truthLiver) / truthLiver, `liver R2* ${liver.r2starHz}`).toBeLessThan(0.02);

  // One source of numbers: the command, the scripting object, the JSON and the CSV.
  const iron = await commandIron(page);
  expect(await scriptIron(page)).toEqual(iron);
  expect(iron.liver.rois.map((r) => r.id)).toEqual([liver.id]);
  expect(iron.heart.rois.map((r) => r.id)).toEqual([heart.id]);
  expect(iron.other.map((r) => r.id)).toEqual([spleen.id]);
  expect(iron.liver.calibration).toBe('wood-2005');
  expect(iron.liver.fieldStrengthT).toBe(1.5);
  expect(Math.abs(iron.liver.licMgFeG! - 10)).toBeLessThan(0.2);
  expect(iron.liver.grade).toBe('moderate');
  expect(iron.heart.grade).toBe('mild-moderate');
  const json = JSON.parse(await exportText(page, 'json')) as { iron: IronInventory };
  expect(json.iron).toEqual(iron);

  // The CSV the panel's button downloads, parsed.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const rows = csvObjects(readFileSync(await download.path(), 'utf8'));
  const liverRow = rows.find((r) => r.kind === 'iron-liver')!;
  sameNumber(liverRow.r2star_hz, iron.liver.r2starHz);
  sameNumber(liverRow.t2star_ms, iron.liver.t2starMs);
  sameNumber(liverRow.lic_mg_fe_g, iron.liver.licMgFeG);
  expect([liverRow.lic_calibration, liverRow.iron_grade, liverRow.field_strength_t]).toEqual(['wood-2005', 'moderate', '1.5']);
  const heartRow = rows.find((r) => r.kind === 'iron-heart')!;
  sameNumber(heartRow.t2star_ms, iron.heart.t2starMs);
  expect(heartRow.iron_grade).toBe('mild-moderate');
  const roiRows = rows.filter((r) => r.kind === 'iron-roi');
  const allRois = [...iron.liver.rois, ...iron.heart.rois, ...iron.other];
  expect(roiRows.map((r) => [r.iron_roi_id, r.organ])).toEqual(allRois.map((r) => [r.id, r.organ]));
  for (const [i, roi] of allRois.entries()) {
    const row = roiRows[i]!;
    sameNumber(row.r2star_hz, roi.r2starHz);
    sameNumber(row.s0, roi.s0);
    sameNumber(row.r_squared, roi.rSquared);
    expect(Number(row.echoes_used)).toBe(roi.echoesUsed);
    expect(Number(row.pixel_count)).toBe(roi.pixels);
    expect(row.sop_instance_uid).toBe(roi.ref.sopInstanceUID);
    expect(row.series_instance_uid).toBe(T2STAR.seriesInstanceUID);
    expect([row.center_column, row.center_row].map(Number)).toEqual(tissue(roi.organ).roi.center);
  }
  // The command's CSV is the download's.
  expect(csvObjects(await exportText(page, 'csv'))).toEqual(rows);

  // The panel: the calibration select names both calibrations.
  const section = page.getByTestId('iron-section');
  const select = section.getByTestId('iron-calibration');
  await expect(select).toHaveValue('wood-2005');
  await expect(select.locator('option')).toHaveText([
    'Wood 2005 (1.5 T): LIC = 0.0254 R2* + 0.202',
    'Garbowski 2014 (1.5 T): LIC = 0.029 R2*^1.014',
  ]);
  await section.scrollIntoViewIfNeeded();
  await screenshot(page, testInfo, 'iron-exports-wood');

  // Garbowski 2014 through the command: LIC = 0.029 R2*^1.014 from the same R2*.
  await run(page, 'emh.setIronCalibration', { calibration: 'garbowski-2014' });
  const garbowski = await commandIron(page);
  expect(garbowski.liver.r2starHz).toBe(iron.liver.r2starHz);
  expect(garbowski.liver.calibration).toBe('garbowski-2014');
  expect(Math.abs(garbowski.liver.licMgFeG! - 0.029 * iron.liver.r2starHz! ** 1.014)).toBeLessThan(1e-9);
  expect(garbowski.liver.grade).toBe('moderate');
  await expect(select).toHaveValue('garbowski-2014');
  await expect(section.getByTestId('iron-liver')).toContainText(`LIC ${garbowski.liver.licMgFeG!.toFixed(1)} mg Fe/g`);
  const csvGarbowski = csvObjects(await exportText(page, 'csv')).find((r) => r.kind === 'iron-liver')!;
  sameNumber(csvGarbowski.lic_mg_fe_g, garbowski.liver.licMgFeG);
  expect(csvGarbowski.lic_calibration).toBe('garbowski-2014');
  await expect(run(page, 'emh.setIronCalibration', { calibration: 'st-pierre' })).rejects.toThrow(/"wood-2005" or "garbowski-2014"/);

  // And back to Wood through the panel's select; then Garbowski again for the reload.
  await select.selectOption('wood-2005');
  await expect.poll(async () => (await commandIron(page)).liver.licMgFeG).toBe(iron.liver.licMgFeG);
  await select.selectOption('garbowski-2014');
  await expect.poll(async () => (await commandIron(page)).liver.calibration).toBe('garbowski-2014');
  await screenshot(page, testInfo, 'iron-exports-garbowski');

  // Autosave: the reload brings back the ROIs and the calibration, to the last bit.
  await expect
    .poll(async () => {
      const s = await status(page);
      return s.storage === 'ok' && s.pending === 0 && s.savedAt !== null;
    })
    .toBe(true);
  const before = await commandIron(page);
  await page.reload();
  await page.evaluate(() => window.emh.ready);
  await expect.poll(async () => (await status(page)).ready).toBe(true);
  await expect(page.getByTestId('iron-section')).toBeVisible();
  await expect(page.locator('.notice', { hasText: 'Restored 3 iron ROIs of ' })).toHaveCount(1);
  const after = await commandIron(page);
  expect(after).toEqual(before);
  const [a, b] = [after, before].map((x) => [x.liver.r2starHz!, x.liver.licMgFeG!, x.heart.t2starMs!, x.other[0]!.r2starHz]);
  for (const [i, value] of a!.entries()) expect(Math.abs(value - b![i]!)).toBeLessThanOrEqual(1e-9);
  await expect(page.getByTestId('iron-calibration')).toHaveValue('garbowski-2014');
  await expect(page.getByTestId('iron-roi')).toHaveCount(3);
  // The three ellipses are drawn again on their echo (one position).
  await run(page, 'emh.showIronRoi', { id: liver.id });
  await expect(page.getByTestId('viewport-0').locator('svg ellipse')).toHaveCount(3);
  await page.getByTestId('iron-section').scrollIntoViewIfNeeded();
  await screenshot(page, testInfo, 'iron-exports-after-reload');
  // Ids go on after the restored ones.
  const fourth = await addIronRoi(page, 'liver', T2STAR.instancesPerPosition + 1);
  expect(fourth.id).toBe('I4');
  await run(page, 'emh.removeIronRoi', { id: fourth.id });

  // The teaching file: the findings name the LIC; the iron's UIDs are replaced as the lesions'.
  const caseText = (await run(page, 'emh.case')) as { findings: string };
  const lic = after.liver.licMgFeG!.toFixed(1);
  expect(caseText.findings).toContain(`LIC ${lic} mg Fe/g dry weight (Garbowski 2014), moderate iron overload.`);
  expect(caseText.findings).toMatch(/Septal myocardial T2\* is 1\d\.\d ms \(R2\* \d+\.\d Hz\): mild to moderate myocardial iron\./);
  // The teaching form shows the same draft.
  await page.getByRole('button', { name: 'Teaching case' }).click();
  await expect(page.getByTestId('case-findings')).toHaveValue(caseText.findings);
  await screenshot(page, testInfo, 'iron-exports-teaching-form');
  await run(page, 'emh.setKeyImage', { seriesInstanceUID: T2STAR.seriesInstanceUID, instanceNumber: 1, on: true });
  const base64 = await page.evaluate(async () => {
    const blob = (await window.emh.commands.run('emh.export', { format: 'teaching' })) as Blob;
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary);
  });
  const zip = await JSZip.loadAsync(Buffer.from(base64, 'base64'));
  const html = await zip.file('case.html')!.async('string');
  expect(html).toContain(`LIC ${lic} mg Fe/g dry weight (Garbowski 2014)`);
  expect(html).toContain('<h2>Iron (T2* MRI)</h2>');
  const teachingJson = JSON.parse(await zip.file('inventory.json')!.async('string')) as { iron: IronInventory };
  expect(teachingJson.iron.liver.licMgFeG).toBe(after.liver.licMgFeG);
  const newSeries = teachingJson.iron.liver.rois[0]!.ref.seriesInstanceUID;
  expect(newSeries).not.toBe(T2STAR.seriesInstanceUID);
  for (const name of ['inventory.json', 'lesions.csv', 'case.html']) {
    const content = await zip.file(name)!.async('string');
    for (const uid of [T2STAR.seriesInstanceUID, T2STAR.studyInstanceUID, liver.ref.sopInstanceUID]) {
      expect(content.includes(uid), `${uid} in ${name}`).toBe(false);
    }
  }
  const teachingCsv = csvObjects(await zip.file('lesions.csv')!.async('string')).filter((r) => r.kind === 'iron-roi');
  expect(teachingCsv.map((r) => r.series_instance_uid)).toEqual([newSeries, newSeries, newSeries]);
  expect(problems).toEqual([]);
});
