import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { noPixelSpacingFile } from './fixtures/dicomFixtures';
import { openViewer, truthSite, screenshot, seriesUID, truth, waitForSeriesLoaded, watchConsole } from './helpers';

type Inventory = {
  lesions: {
    id: string;
    site: string | null;
    laterality: string | null;
    longAxisMm: number | null;
    shortAxisMm: number | null;
    ct: { meanHU: number | null };
    t1: { ratio: number | null; call: string | null };
    t2: { ratio: number | null; call: string | null };
  }[];
  liver: {
    meanHU: number | null;
    call: string;
    spleenMeanHU: number | null;
    liverMinusSpleenHU: number | null;
    rois: { organ: string; meanHU: number; inSummary: boolean; contrast: string }[];
  };
  muscleReferences: unknown[];
};

const run = (page: Page, name: string, args: Record<string, unknown>): Promise<unknown> =>
  page.evaluate(([n, a]) => window.emh.commands.run(n, a), [name, args] as const);

test('window.emh measures all five lesions, the liver and the MR signal to the sample case truth', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const problems = watchConsole(page);
  await openViewer(page);
  await waitForSeriesLoaded(page);
  const ctNc = seriesUID('ct-nc');

  for (const lesion of truth.lesions) {
    const id = await run(page, 'emh.addLesion', {
      seriesInstanceUID: ctNc,
      instanceNumber: lesion.slice,
      longAxis: lesion.longAxis,
      shortAxis: lesion.shortAxis,
      ...truthSite(lesion),
    });
    expect(id).toBe(lesion.id);
    await run(page, 'emh.addHuRoi', {
      seriesInstanceUID: ctNc,
      instanceNumber: lesion.slice,
      center: lesion.roi.center,
      radii: lesion.roi.radii,
      organ: 'lesion',
      lesionId: lesion.id,
    });
    for (const key of ['mr-t1', 'mr-t2'] as const) {
      const muscle = lesion.muscleReference.right;
      await run(page, 'emh.addSignalRoi', {
        seriesInstanceUID: seriesUID(key),
        instanceNumber: lesion.muscleReference.slice,
        center: muscle.center,
        radii: [muscle.radiusPx, muscle.radiusPx],
        role: 'muscle',
      });
      await run(page, 'emh.addSignalRoi', {
        seriesInstanceUID: seriesUID(key),
        instanceNumber: lesion.slice,
        center: lesion.roi.center,
        radii: lesion.roi.radii,
        role: 'lesion',
        lesionId: lesion.id,
      });
    }
  }
  const liver = truth.organs.liver;
  for (const roi of liver.rois) {
    await run(page, 'emh.addHuRoi', {
      seriesInstanceUID: ctNc,
      instanceNumber: liver.recommendedSlice,
      center: roi.center,
      radii: [roi.radiusPx, roi.radiusPx],
      organ: 'liver',
    });
  }
  const spleen = truth.organs.spleen;
  await run(page, 'emh.addHuRoi', {
    seriesInstanceUID: ctNc,
    instanceNumber: spleen.recommendedSlice,
    center: spleen.roi.center,
    radii: [spleen.roi.radiusPx, spleen.roi.radiusPx],
    organ: 'spleen',
  });
  const pv = truth.pv.liverPoint;
  await run(page, 'emh.addHuRoi', {
    seriesInstanceUID: seriesUID('ct-pv'),
    instanceNumber: pv.instanceNumber,
    center: pv.center,
    radii: [pv.radiusPx, pv.radiusPx],
    organ: 'liver',
  });

  const inventory = (await page.evaluate(() => window.emh.commands.run('emh.inventory'))) as Inventory;
  expect(inventory.lesions.map((l) => l.id)).toEqual(['L1', 'L2', 'L3', 'L4', 'L5']);
  for (const lesion of truth.lesions) {
    const row = inventory.lesions.find((l) => l.id === lesion.id);
    if (!row) throw new Error(`no row ${lesion.id}`);
    expect(row.site).toBe(truthSite(lesion).site);
    expect(row.laterality).toBe(truthSite(lesion).laterality ?? null);
    expect(Math.abs((row.longAxisMm ?? 0) - lesion.longAxisCm * 10)).toBeLessThan(2);
    expect(Math.abs((row.shortAxisMm ?? 0) - lesion.shortAxisCm * 10)).toBeLessThan(2);
    expect(Math.abs((row.ct.meanHU ?? 0) - lesion.ctHU)).toBeLessThan(3);
    expect(Math.abs((row.t1.ratio ?? 0) - lesion.t1Ratio)).toBeLessThan(0.03);
    expect(Math.abs((row.t2.ratio ?? 0) - lesion.t2Ratio)).toBeLessThan(0.03);
    expect(row.t1.call, `${lesion.id} T1`).toBe(lesion.t1Call);
    expect(row.t2.call, `${lesion.id} T2`).toBe(lesion.t2Call);
  }
  expect(Math.abs((inventory.liver.meanHU ?? 0) - 103)).toBeLessThan(3);
  expect(inventory.liver.call).toBe('above');
  expect(Math.abs((inventory.liver.spleenMeanHU ?? 0) - 62)).toBeLessThan(3);
  expect(Math.abs((inventory.liver.liverMinusSpleenHU ?? 0) - 41)).toBeLessThan(4);
  // The portal venous ROI is reported with its value but kept out of the unenhanced call.
  const enhanced = inventory.liver.rois.find((r) => r.contrast === 'enhanced');
  expect(enhanced && Math.abs(enhanced.meanHU - 115) < 3 && !enhanced.inSummary).toBe(true);

  await expect(page.getByTestId('lesion-row-L4').getByTestId('cell-size')).toContainText('10.0 x 5.7');
  await screenshot(page, testInfo, 'emh-api-inventory');
  expect(problems).toEqual([]);
});

test('window.emh refuses an HU ROI on MR and a signal ROI on CT with a clear message', async ({ page }) => {
  await openViewer(page);
  await waitForSeriesLoaded(page);
  const onMr = run(page, 'emh.addHuRoi', {
    seriesInstanceUID: seriesUID('mr-t1'),
    instanceNumber: 24,
    center: [142, 86],
    radii: [6, 6],
    organ: 'liver',
  });
  await expect(onMr).rejects.toThrow(/CT/);
  const onCt = run(page, 'emh.addSignalRoi', {
    seriesInstanceUID: seriesUID('ct-nc'),
    instanceNumber: 24,
    center: [104, 189],
    radii: [6, 6],
    role: 'muscle',
  });
  await expect(onCt).rejects.toThrow(/MR/);
  expect(((await page.evaluate(() => window.emh.commands.run('emh.inventory'))) as Inventory).lesions).toEqual([]);
});

test('Show on a row shows the lesion image; an uncalibrated image measures in pixels, never mm', async ({ page }, testInfo) => {
  const problems = watchConsole(page);
  await openViewer(page);
  await waitForSeriesLoaded(page);
  const l4 = truth.lesions.find((l) => l.id === 'L4');
  if (!l4) throw new Error('no L4');
  await run(page, 'emh.addLesion', {
    seriesInstanceUID: seriesUID('ct-nc'),
    instanceNumber: l4.slice,
    longAxis: l4.longAxis,
    shortAxis: l4.shortAxis,
    site: 'presacral',
  });
  await page.evaluate((uid) => window.emh.show(uid, { instanceNumber: 1 }), seriesUID('mr-t2'));
  // Selecting the row leaves the image alone; Show (or a double click) is asking to see it.
  await page.getByTestId('select-L1').click();
  await expect(page.getByTestId('overlay-0')).toContainText('AX T2 TSE');
  await page.getByTestId('show-L1').click();
  await expect(page.getByTestId('overlay-0')).toContainText('CT CHEST ABDOMEN PELVIS WITHOUT CONTRAST');
  await expect(page.getByTestId('overlay-0').getByTestId('ov-image')).toHaveText(`Im ${l4.slice} / 60`);

  // The same measurement on a copy of the slice without PixelSpacing.
  const dir = mkdtempSync(join(tmpdir(), 'emh-uncal-'));
  writeFileSync(join(dir, 'no-spacing.dcm'), noPixelSpacingFile());
  await page.getByTestId('file-input').setInputFiles(join(dir, 'no-spacing.dcm'));
  await expect.poll(() => page.evaluate(() => window.emh.series().some((s) => s.description === 'NO PIXEL SPACING'))).toBe(true);
  const uid = await page.evaluate(() => window.emh.series().find((s) => s.description === 'NO PIXEL SPACING')?.seriesInstanceUID);
  const id = await run(page, 'emh.addLesion', {
    seriesInstanceUID: uid,
    instanceNumber: 3,
    longAxis: [
      [50, 100],
      [110, 100],
    ],
    shortAxis: [
      [80, 80],
      [80, 120],
    ],
  });
  const lesion = (
    (await run(page, 'emh.inventory', {})) as {
      lesions: { id: string; longAxisMm: number | null; axesPx: { longAxisPx: number; shortAxisPx: number } | null }[];
    }
  ).lesions.find((l) => l.id === id);
  expect(lesion?.longAxisMm).toBeNull();
  expect(lesion?.axesPx?.longAxisPx).toBeCloseTo(60, 1);
  expect(lesion?.axesPx?.shortAxisPx).toBeCloseTo(40, 1);
  await expect(page.getByTestId(`lesion-row-${id}`).getByTestId('cell-size')).toContainText('uncalibrated');
  await expect(page.getByTestId(`lesion-row-${id}`).getByTestId('cell-size')).not.toContainText('cm');
  await screenshot(page, testInfo, 'emh-uncalibrated');
  expect(problems).toEqual([]);
});
