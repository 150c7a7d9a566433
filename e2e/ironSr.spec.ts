/**
 * Iron in the DICOM SR, end to end on the T2* sample: liver, heart and spleen ROIs at the truth
 * centres, the SR exported from the browser, checked by dciodvfy, dsrdump and pydicom (an
 * independent reader: liver R2* within 2 % of the truth), then imported into a fresh browser
 * profile, where the iron inventory must be the one before, number for number.
 */
import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openViewer, run, screenshot, truth, waitForSeriesLoaded, watchConsole } from './helpers';

const T2STAR = truth.t2starSeries;
const tissue = (name: string) => T2STAR.tissues.find((t) => t.name === name)!;

async function ironInventory(page: Page): Promise<unknown> {
  return page.evaluate(() => (window.emh.inventory as () => { iron: unknown }).call(window.emh).iron);
}

async function exportSr(page: Page): Promise<Buffer> {
  const bytes = await page.evaluate(async () => {
    const blob = (await window.emh.commands.run('emh.export', { format: 'sr' })) as Blob;
    return [...new Uint8Array(await blob.arrayBuffer())];
  });
  return Buffer.from(bytes);
}

/** A validator's run; under CI=true a missing tool fails, locally its check is left out and said. */
function tool(command: string, args: string[], pkg: string): { status: number | null; stdout: string; stderr: string } | null {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (!result.error) return result;
  expect(process.env.CI, `${command} is not installed (Debian package ${pkg})`).not.toBe('true');
  test.info().annotations.push({ type: 'skipped check', description: `${command} is not installed (${pkg})` });
  return null;
}

/** The text of a Blob the export command returns. */
function exportText(page: Page, format: 'json' | 'csv'): Promise<string> {
  return page.evaluate(async (f) => ((await window.emh.commands.run('emh.export', { format: f })) as Blob).text(), format);
}

/** The CSV's iron rows (liver, heart, one per ROI), as written. */
const ironCsvRows = (csv: string): string[] => csv.split(/\r?\n/).filter((line) => line.startsWith('iron-'));

test('iron ROIs go into the SR and come back from it into a fresh profile, number for number', async ({ page, browser }, testInfo) => {
  test.setTimeout(120_000);
  const problems = watchConsole(page);
  await openViewer(page, `?manifest=sample-t2star/${T2STAR.manifest}`);
  const add = (organ: string, instanceNumber: number, extra: Record<string, unknown> = {}) =>
    run(page, 'emh.addIronRoi', {
      seriesInstanceUID: T2STAR.seriesInstanceUID,
      instanceNumber,
      center: tissue(organ).roi.center,
      radii: tissue(organ).roi.radii,
      organ,
      ...extra,
    });
  await add('liver', 1);
  await add('heart', T2STAR.instancesPerPosition + 1);
  await add('spleen', 3, { model: 'offset' });
  const before = await ironInventory(page);
  const csvBefore = ironCsvRows(await exportText(page, 'csv'));
  const jsonBefore = (JSON.parse(await exportText(page, 'json')) as { iron: unknown }).iron;
  expect(csvBefore).toHaveLength(2 + 3);

  const dir = mkdtempSync(join(tmpdir(), 'emh-iron-sr-'));
  const file = join(dir, 'iron-sr.dcm');
  writeFileSync(file, await exportSr(page));

  const dciodvfy = tool('dciodvfy', [file], 'dicom3tools');
  if (dciodvfy) expect(`${dciodvfy.stdout}${dciodvfy.stderr}`.split('\n').filter((l) => l.startsWith('Error'))).toEqual([]);
  const dsrdump = tool('dsrdump', [file], 'dcmtk');
  if (dsrdump) {
    expect(dsrdump.status, dsrdump.stderr).toBe(0);
    expect(dsrdump.stdout).toMatch(
      /"Tracking Identifier"\)="Iron ROI I1">[^]*?\(10200004,SCT,"Liver"\)[^]*?\(,,"R2\*"\)="[\d.]+" \(Hz,UCUM/,
    );
    expect(dsrdump.stdout).toContain('(R2S-OFFSET,99EMH,"Mono-exponential fit, offset model")');
    expect(dsrdump.stdout).toContain('(LIC-WOOD-2005,99EMH,"R2* to LIC calibration, Wood 2005")');
  }
  // pydicom, none of the viewer's code: the liver's R2* as written, against the truth.
  const pydicom = tool('/usr/bin/python3', ['scripts/validators/iron_sr_pydicom.py', file], 'python3-pydicom');
  if (pydicom) {
    expect(pydicom.status, pydicom.stderr).toBe(0);
    const read = JSON.parse(pydicom.stdout) as { patientID: string; liver: { r2star: number; lic: number; grade: string } };
    const expected = tissue('liver').r2starHz;
    expect(Math.abs(read.liver.r2star - expected) / expected, `liver R2* ${read.liver.r2star}`).toBeLessThan(0.02);
    expect(Math.abs(read.liver.lic - T2STAR.liverLicWood2005)).toBeLessThan(0.2);
    expect(read.liver.grade).toBe('Moderate');
  }

  // A fresh profile with the T2* series open: the import gives back the same iron, every number.
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  const otherProblems = watchConsole(other);
  await openViewer(other, `?manifest=sample-t2star/${T2STAR.manifest}`);
  await waitForSeriesLoaded(other);
  expect(await ironInventory(other)).toMatchObject({ liver: { rois: [] }, heart: { rois: [] }, other: [] });
  const report = (await run(other, 'emh.importSR', { bytes: [...readFileSync(file)] })) as { ironRois: string[]; notUnderstood: string[] };
  expect(report.ironRois).toEqual(['I1', 'I2', 'I3']);
  expect(report.notUnderstood).toEqual([]);
  expect(await ironInventory(other)).toEqual(before);
  // The three outputs agree: the CSV and the JSON of the imported case are those of the case measured.
  expect(ironCsvRows(await exportText(other, 'csv'))).toEqual(csvBefore);
  expect((JSON.parse(await exportText(other, 'json')) as { iron: unknown }).iron).toEqual(jsonBefore);
  // And each ROI is drawn again on its echo: the liver and the spleen at the first position, the heart at the second.
  await run(other, 'emh.showIronRoi', { id: 'I1' });
  await expect(other.getByTestId('viewport-0').locator('svg ellipse')).toHaveCount(2);
  await run(other, 'emh.showIronRoi', { id: 'I2' });
  await expect(other.getByTestId('viewport-0').locator('svg ellipse')).toHaveCount(1);

  const section = other.getByTestId('iron-section');
  await expect(section.getByTestId('iron-liver')).toContainText('moderate');
  await expect(section.getByTestId('iron-liver')).toContainText('Wood 2005');
  await expect(section.getByTestId('iron-heart')).toContainText('mild-moderate');
  await expect(section.getByTestId('iron-plot')).toHaveCount(3);
  await expect(section.getByTestId('iron-plot').first().locator('circle.emh-iron-echo')).toHaveCount(12);
  await section.scrollIntoViewIfNeeded();
  await screenshot(other, testInfo, 'iron-sr-imported');
  await fresh.close();
  expect(otherProblems).toEqual([]);
  expect(problems).toEqual([]);
});

test('an SR without iron leaves the iron ROIs alone; one with iron replaces them', async ({ page }) => {
  const problems = watchConsole(page);
  await openViewer(page, `?manifest=sample-t2star/${T2STAR.manifest}`);
  const addLiver = () =>
    run(page, 'emh.addIronRoi', {
      seriesInstanceUID: T2STAR.seriesInstanceUID,
      instanceNumber: 1,
      center: tissue('liver').roi.center,
      radii: tissue('liver').roi.radii,
      organ: 'liver',
    });
  // The same patient's report with nothing measured yet: no iron group in it.
  const withoutIron = await exportSr(page);
  await addLiver();
  const withI1 = await ironInventory(page);
  const report = (await run(page, 'emh.importSR', { bytes: [...withoutIron] })) as { ironRois: string[] };
  expect(report.ironRois).toEqual([]);
  expect(await ironInventory(page)).toEqual(withI1);

  // A report with iron is the whole case: importing it puts I1 back in place of I2.
  const withIron = await exportSr(page);
  await run(page, 'emh.removeIronRoi', { id: 'I1' });
  await addLiver();
  expect(((await ironInventory(page)) as { liver: { rois: { id: string }[] } }).liver.rois.map((r) => r.id)).toEqual(['I2']);
  // Through the panel's Import SR, which says what came back.
  const dir = mkdtempSync(join(tmpdir(), 'emh-iron-sr-'));
  writeFileSync(join(dir, 'iron-i1.dcm'), withIron);
  await page.getByTestId('import-sr-input').setInputFiles(join(dir, 'iron-i1.dcm'));
  await expect(page.locator('.notice.info', { hasText: 'Imported 0 measurements and 1 iron ROI from iron-i1.dcm' })).toHaveCount(1);
  expect(await ironInventory(page)).toEqual(withI1);
  expect(problems).toEqual([]);
});
