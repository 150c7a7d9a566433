/**
 * Iron from the T2* sample (truth.json t2starSeries): ROIs placed through the API at the truth
 * centres, each fitted over every echo at its position, must give each tissue's R2* within 2 %,
 * the liver's LIC and grade, the heart's T2* and grade, and a decay plot per ROI in the panel.
 */
import { expect, test, type Page } from '@playwright/test';
import { openViewer, run, screenshot, truth, waitForSeriesLoaded, watchConsole } from './helpers';

const T2STAR = truth.t2starSeries;
const tissue = (name: string) => T2STAR.tissues.find((t) => t.name === name)!;

interface IronRoi {
  id: string;
  organ: string;
  r2starHz: number;
  t2starMs: number;
  rSquared: number;
  echoesUsed: number;
  model: string;
  meanSignal: number[];
  echoTimesMs: number[];
}
interface Iron {
  liver: { r2starHz: number; licMgFeG: number | null; calibration: string | null; grade: string | null; reason?: string; rois: IronRoi[] };
  heart: { t2starMs: number; grade: string | null; rois: IronRoi[] };
  other: IronRoi[];
}

async function iron(page: Page): Promise<Iron> {
  // The scripting object's inventory() carries the iron section beside the lesions.
  return page.evaluate(() => (window.emh.inventory as () => { iron: Iron }).call(window.emh).iron);
}

function addIronRoi(page: Page, organ: string, instanceNumber: number, extra: Record<string, unknown> = {}): Promise<IronRoi> {
  const { roi } = tissue(organ);
  return run(page, 'emh.addIronRoi', {
    seriesInstanceUID: T2STAR.seriesInstanceUID,
    instanceNumber,
    center: roi.center,
    radii: roi.radii,
    organ,
    ...extra,
  }) as Promise<IronRoi>;
}

const within = (value: number, expected: number, fraction: number): boolean => Math.abs(value - expected) <= fraction * expected;

test('liver and heart iron ROIs on the T2* sample: R2*, LIC, grades and the decay plots', async ({ page }, testInfo) => {
  const problems = watchConsole(page);
  await openViewer(page, `?manifest=sample-t2star/${T2STAR.manifest}`);

  // Drawn on the first echo at the first position, and on the seventh echo at the second: an
  // ROI on any echo measures every echo at its position.
  const liverA = await addIronRoi(page, 'liver', 1);
  const liverB = await addIronRoi(page, 'liver', T2STAR.instancesPerPosition + 7);
  for (const roi of [liverA, liverB]) {
    expect(roi.echoTimesMs).toEqual(T2STAR.echoTimesMs);
    expect(roi.meanSignal).toHaveLength(12);
    expect(roi.model).toBe('truncation');
    expect(within(roi.r2starHz, tissue('liver').r2starHz, 0.02), `liver R2* ${roi.r2starHz}`).toBe(true);
    expect(roi.rSquared).toBeGreaterThan(0.99);
  }
  const heart = await addIronRoi(page, 'heart', T2STAR.instancesPerPosition + 1);
  expect(within(heart.r2starHz, tissue('heart').r2starHz, 0.02), `heart R2* ${heart.r2starHz}`).toBe(true);
  const spleen = await addIronRoi(page, 'spleen', 3, { model: 'offset' });
  expect(spleen.model).toBe('offset');
  expect(spleen.echoesUsed).toBe(12);
  expect(within(spleen.r2starHz, tissue('spleen').r2starHz, 0.05), `spleen R2* ${spleen.r2starHz}`).toBe(true);

  const summary = await iron(page);
  expect(summary.liver.rois.map((r) => r.id)).toEqual([liverA.id, liverB.id]);
  expect(within(summary.liver.r2starHz, tissue('liver').r2starHz, 0.02)).toBe(true);
  expect(summary.liver.calibration).toBe('wood-2005');
  expect(Math.abs(summary.liver.licMgFeG! - T2STAR.liverLicWood2005)).toBeLessThan(0.2);
  expect(summary.liver.grade).toBe(T2STAR.liverGrade);
  expect(Math.abs(summary.heart.t2starMs - 15)).toBeLessThan(0.3);
  expect(summary.heart.grade).toBe(T2STAR.heartGrade);
  expect(summary.other.map((r) => r.organ)).toEqual(['spleen']);

  // The panel: the liver and heart lines, and one plot per ROI, every echo a circle.
  const section = page.getByTestId('iron-section');
  await expect(section.getByTestId('iron-liver')).toContainText('moderate');
  await expect(section.getByTestId('iron-liver')).toContainText('Wood 2005');
  await expect(section.getByTestId('iron-heart')).toContainText('mild-moderate');
  await expect(section.getByTestId('iron-plot')).toHaveCount(4);
  await expect(section.getByTestId('iron-plot').first().locator('circle.emh-iron-echo')).toHaveCount(12);
  await expect(section.getByTestId('iron-plot').first().locator('path.emh-iron-curve')).toHaveAttribute('d', /^M/);

  await run(page, 'emh.removeIronRoi', { id: spleen.id });
  await expect(section.getByTestId('iron-plot')).toHaveCount(3);
  await screenshot(page, testInfo, 'iron-panel');
  expect(problems).toEqual([]);
});

test('an iron ROI is refused on a series that is not multi-echo, and the panel has no iron section', async ({ page }) => {
  await openViewer(page);
  await waitForSeriesLoaded(page);
  await expect(
    run(page, 'emh.addIronRoi', {
      seriesInstanceUID: truth.series['mr-t2'].seriesInstanceUID,
      instanceNumber: 1,
      center: [64, 64],
      radii: [5, 5],
      organ: 'liver',
    }),
  ).rejects.toThrow(/not a multi-echo/);
  await expect(page.getByTestId('iron-section')).toHaveCount(0);
});
