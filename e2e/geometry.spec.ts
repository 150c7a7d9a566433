import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectImage, imageToClient, openViewer, screenshot, watchConsole } from './helpers';
import {
  DETECTOR_SPACING,
  ENHANCED,
  OBLIQUE,
  detectorCalibratedCr,
  enhancedMultiFrameCt,
  obliqueNonSquareCt,
  secondaryCaptureWithoutGeometry,
  ultrasoundWithRegions,
} from './fixtures/geometryFixtures';
import { ellipseStats, modalityValues, uidsOf, type EllipseStats } from './support/pixelTruth';
import { scoord3dReport } from '../extensions/emh/sr/rules/foreignSr.fixture';
import { imagePlaneOf, indexToPatient } from '../src/geometry/imagePlane';

type Point = [number, number];

const FIXTURES: Record<string, () => Uint8Array> = {
  'oblique.dcm': obliqueNonSquareCt,
  'cr.dcm': detectorCalibratedCr,
  'us.dcm': ultrasoundWithRegions,
  'sc.dcm': () => secondaryCaptureWithoutGeometry(),
  'sc-aspect.dcm': () => secondaryCaptureWithoutGeometry([2, 1]),
  'enhanced.dcm': enhancedMultiFrameCt,
};

interface LesionRow {
  id: string;
  longAxisMm: number | null;
  shortAxisMm: number | null;
  lengthCalibration: string | null;
  axesPx: { longAxisPx: number; shortAxisPx: number } | null;
}
interface RoiRow {
  annotationUID: string;
  meanHU: number;
  sdHU: number;
  minHU: number;
  maxHU: number;
  pixelCount: number;
  areaMm2: number | null;
}
interface Annotation {
  annotationUID: string;
  kind: string;
  lesionId: string | null;
  ref: { frame: number };
  points: Point[];
}

async function load(page: Page, names: string[]): Promise<string> {
  for (const name of names) {
    const bytes = Buffer.from(FIXTURES[name]!());
    await page.route(`**/geometry/${name}`, (route) => route.fulfill({ body: bytes, contentType: 'application/dicom' }));
  }
  await openViewer(page, '?empty');
  const report = await page.evaluate(
    (urls) => window.emh.load({ urls }),
    names.map((n) => `geometry/${n}`),
  );
  expect(report).toEqual({ loaded: names.length, refused: [], documents: 0 });
  const series = (await page.evaluate(() => window.emh.series())) as { seriesInstanceUID: string }[];
  return series[0]!.seriesInstanceUID;
}

const run = (page: Page, name: string, args: Record<string, unknown> = {}) =>
  page.evaluate(([n, a]) => window.emh.commands.run(n, a), [name, args] as const);
const lesions = async (page: Page) => ((await run(page, 'emh.inventory')) as { lesions: LesionRow[] }).lesions;
const liverRois = async (page: Page) => ((await run(page, 'emh.inventory')) as { liver: { rois: RoiRow[] } }).liver.rois;
const annotations = async (page: Page) => (await run(page, 'emh.annotations')) as Annotation[];

function expectSameStats(viewer: RoiRow, truth: EllipseStats): void {
  expect(viewer.pixelCount).toBe(truth.count);
  expect(viewer.minHU).toBe(truth.min);
  expect(viewer.maxHU).toBe(truth.max);
  expect(Math.abs(viewer.meanHU - truth.mean)).toBeLessThan(1e-9 * Math.max(1, Math.abs(truth.mean)));
  expect(Math.abs(viewer.sdHU - truth.sd)).toBeLessThan(1e-6 * Math.max(1, truth.sd));
}

/** How far the farthest point moved (px); the points keep their order. */
function farthestPointMove(a: Point[], b: Point[]): number {
  if (a.length !== b.length) return Infinity;
  return Math.max(...a.map((p, i) => Math.hypot(p[0] - b[i]![0], p[1] - b[i]![1])));
}

/** A new browser profile (no autosave) with the same files open and the report imported. */
async function reopenWithReport(browser: Browser, names: string[], sr: number[]): Promise<Page> {
  const fresh = await browser.newPage();
  const problems = watchConsole(fresh);
  await load(fresh, names);
  const report = (await run(fresh, 'emh.importSR', { bytes: sr })) as { notUnderstood: string[]; missingImages: string[] };
  expect(report.notUnderstood).toEqual([]);
  expect(report.missingImages).toEqual([]);
  expect(problems).toEqual([]);
  return fresh;
}

/** Centre and radii of an ellipse from its four axis ends, as emh.annotations gives them. */
function ellipseOf(points: Point[]): { center: Point; radii: Point } {
  const [top, bottom, left, right] = points as [Point, Point, Point, Point];
  return {
    center: [(left[0] + right[0]) / 2, (top[1] + bottom[1]) / 2],
    radii: [Math.abs(right[0] - left[0]) / 2, Math.abs(bottom[1] - top[1]) / 2],
  };
}

test('non-square pixels in an oblique plane: API, mouse and an SR round trip measure the pixels they name', async ({
  page,
  browser,
}, testInfo) => {
  const problems = watchConsole(page);
  const uid = await load(page, ['oblique.dcm']);
  const image = modalityValues(obliqueNonSquareCt());

  // 120 columns of 1.2 mm and 80 rows of 0.8 mm.
  await run(page, 'emh.addLesion', {
    seriesInstanceUID: uid,
    instanceNumber: 30,
    longAxis: [
      [60.25, 128],
      [180.25, 128],
    ],
    shortAxis: [
      [120, 90],
      [120, 170],
    ],
  });
  const [lesion] = await lesions(page);
  expect(lesion!.longAxisMm).toBeCloseTo(144, 9);
  expect(lesion!.shortAxisMm).toBeCloseTo(64, 9);
  expect(lesion!.lengthCalibration).toBe('patient');

  const center: Point = [128.3, 140.6];
  const radii: Point = [30.4, 20.7];
  await run(page, 'emh.addHuRoi', { seriesInstanceUID: uid, instanceNumber: 30, center, radii, organ: 'liver' });
  const [apiRoi] = await liverRois(page);
  expectSameStats(apiRoi!, ellipseStats(image, center, radii));
  // Cornerstone's area is of the drawn ellipse in mm: pi x (30.4 x 1.2) x (20.7 x 0.8).
  // (Cornerstone keeps handles in float32: a relative error of 1e-7.)
  expect(Math.abs(apiRoi!.areaMm2! / (Math.PI * 30.4 * 1.2 * 20.7 * 0.8) - 1)).toBeLessThan(1e-6);

  // The mouse: the Liver HU tool dragged from the centre to a corner of the bounding box.
  await page.getByRole('button', { name: 'Liver HU' }).click();
  const target: Point = [100, 100];
  const [[x0, y0], [x1, y1]] = await imageToClient(page, [target, [target[0] + 25, target[1] + 15]]);
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  await page.mouse.move(x1, y1, { steps: 8 });
  await page.mouse.up();
  await expect.poll(async () => (await liverRois(page)).length).toBe(2);
  const drawn = (await annotations(page)).find((a) => a.kind === 'huRoi' && a.annotationUID !== apiRoi!.annotationUID)!;
  const mouse = ellipseOf(drawn.points);
  const mouseTruth = ellipseStats(image, mouse.center, mouse.radii);
  // Cornerstone computes statistics a moment after the last move (StatsUpdated).
  await expect
    .poll(async () => (await liverRois(page)).find((r) => r.annotationUID === drawn.annotationUID)?.pixelCount)
    .toBe(mouseTruth.count);
  // One CSS pixel of mouse precision is under 0.6 image pixels at this zoom.
  expect(Math.abs(mouse.center[0] - target[0])).toBeLessThan(0.6);
  expect(Math.abs(mouse.center[1] - target[1])).toBeLessThan(0.6);
  const mouseRoi = (await liverRois(page)).find((r) => r.annotationUID === drawn.annotationUID)!;
  expectSameStats(mouseRoi, mouseTruth);
  await screenshot(page, testInfo, 'geometry-oblique-non-square');

  // Export, clear, import: every point comes back within 0.01 px.
  const before = await annotations(page);
  const sr = (await page.evaluate(async () =>
    Array.from(new Uint8Array(await ((await window.emh.commands.run('emh.export', { format: 'sr' })) as Blob).arrayBuffer())),
  )) as number[];
  const fresh = await reopenWithReport(browser, ['oblique.dcm'], sr);
  const after = await annotations(fresh);
  expect(after.length).toBe(before.length);
  for (const original of before) {
    const moves = after
      .filter((a) => a.kind === original.kind && a.lesionId === original.lesionId)
      .map((a) => farthestPointMove(original.points, a.points));
    expect(Math.min(...moves), `${original.kind} ${original.lesionId ?? ''} comes back on the same pixels`).toBeLessThan(0.01);
  }
  const restoredRois = await liverRois(fresh);
  for (const roi of [apiRoi!, mouseRoi])
    expect(restoredRois.some((r) => Math.abs(r.meanHU - roi.meanHU) < 1e-6 && r.pixelCount === roi.pixelCount)).toBe(true);
  expect(problems).toEqual([]);
});

test('a radiograph calibrated at the detector measures in mm labelled "at detector"', async ({ page }, testInfo) => {
  const problems = watchConsole(page);
  const uid = await load(page, ['cr.dcm']);
  await expect(page.getByTestId('ov-calibration')).toHaveText('Lengths at detector (Imager Pixel Spacing)');
  await run(page, 'emh.addLesion', {
    seriesInstanceUID: uid,
    instanceNumber: 30,
    longAxis: [
      [50, 100],
      [150, 100],
    ],
    shortAxis: [
      [100, 80],
      [100, 120],
    ],
    site: 'other',
  });
  const [lesion] = await lesions(page);
  // 100 columns x ImagerPixelSpacing[1], 40 rows x ImagerPixelSpacing[0].
  expect(lesion!.longAxisMm).toBeCloseTo(100 * DETECTOR_SPACING[1], 9);
  expect(lesion!.shortAxisMm).toBeCloseTo(40 * DETECTOR_SPACING[0], 9);
  expect(lesion!.lengthCalibration).toBe('detector');
  await expect(page.getByTestId('lesion-row-L1').getByTestId('cell-size')).toContainText('2.5 x 0.8 cm (at detector)');
  const csv = await page.evaluate(async () => ((await window.emh.commands.run('emh.export', { format: 'csv' })) as Blob).text());
  const [header, row] = csv.split('\r\n');
  expect(row!.split(',')[header!.split(',').indexOf('length_calibration')]).toBe('detector');
  await screenshot(page, testInfo, 'geometry-detector-calibrated');
  expect(problems).toEqual([]);
});

test('an ultrasound image measures in mm only inside one calibrated region', async ({ page }) => {
  const problems = watchConsole(page);
  const uid = await load(page, ['us.dcm']);
  await expect(page.getByTestId('ov-calibration')).toHaveText('Lengths from ultrasound regions');
  // Inside the region: columns are 0.3 mm, rows 0.4 mm.
  await run(page, 'emh.addLesion', {
    seriesInstanceUID: uid,
    instanceNumber: 30,
    longAxis: [
      [30, 50],
      [130, 50],
    ],
    shortAxis: [
      [80, 20],
      [80, 120],
    ],
  });
  // Across into the Doppler strip: no mm.
  await run(page, 'emh.addLesion', {
    seriesInstanceUID: uid,
    instanceNumber: 30,
    longAxis: [
      [40, 100],
      [40, 200],
    ],
    shortAxis: [
      [30, 150],
      [50, 150],
    ],
  });
  const [inside, across] = await lesions(page);
  expect(inside!.longAxisMm).toBeCloseTo(40, 9);
  expect(inside!.shortAxisMm).toBeCloseTo(30, 9);
  expect(inside!.lengthCalibration).toBe('ultrasound-region');
  expect(across!.longAxisMm).toBeNull();
  expect(across!.lengthCalibration).toBeNull();
  expect(across!.axesPx).toEqual({ longAxisPx: 100, shortAxisPx: 20 });
  const json = (await page.evaluate(async () =>
    ((await window.emh.commands.run('emh.export', { format: 'json' })) as Blob).text(),
  )) as string;
  expect(JSON.parse(json).lesions[1].longAxisMm).toBeNull();
  expect(problems).toEqual([]);
});

test('a secondary capture without geometry shows, measures in pixels and never throws', async ({ page }, testInfo) => {
  const problems = watchConsole(page);
  const uid = await load(page, ['sc.dcm']);
  await expect(page.getByTestId('ov-calibration')).toHaveText('Uncalibrated: no pixel spacing');
  await expect(page.getByTestId('ov-marker-left')).toHaveText('');
  const id = await run(page, 'emh.addLesion', {
    seriesInstanceUID: uid,
    imageIndex: 0,
    longAxis: [
      [10, 10],
      [40, 50],
    ],
    shortAxis: [
      [30, 20],
      [22, 26],
    ],
  });
  expect(id).toBe('L1');
  const [lesion] = await lesions(page);
  expect(lesion!.longAxisMm).toBeNull();
  expect(lesion!.axesPx).toEqual({ longAxisPx: 50, shortAxisPx: 10 });
  await expect(page.getByTestId('lesion-row-L1').getByTestId('cell-size')).toContainText('50 x 10 px');
  // Tools that need calibrated values say why in words.
  const refused = await page.evaluate(
    (u) =>
      window.emh.commands
        .run('emh.addHuRoi', { seriesInstanceUID: u, imageIndex: 0, center: [60, 60], radii: [10, 10], organ: 'liver' })
        .then(
          () => 'placed',
          (e: Error) => e.message,
        ),
    uid,
  );
  expect(refused).toMatch(/CT/);
  const outside = await page.evaluate(
    (u) =>
      window.emh.commands
        .run('emh.addLesion', {
          seriesInstanceUID: u,
          imageIndex: 0,
          longAxis: [
            [10, 10],
            [400, 10],
          ],
          shortAxis: [
            [30, 5],
            [30, 15],
          ],
        })
        .then(
          () => 'placed',
          (e: Error) => e.message,
        ),
    uid,
  );
  expect(outside).toBe('[400, 10] is outside the image (columns 0 to 255, rows 0 to 255)');
  await screenshot(page, testInfo, 'geometry-secondary-capture');
  expect(problems).toEqual([]);
});

test('an image with PixelAspectRatio 2\\1 and no spacing is drawn twice as high as wide, and stays uncalibrated', async ({ page }) => {
  const problems = watchConsole(page);
  const uid = await load(page, ['sc-aspect.dcm']);
  // The image must be on screen before its pixels can be placed on it (a busy machine is slower to draw).
  await expectImage(page, 1, 1);
  const [[x0, y0], [x1, y1], [x2, y2]] = await imageToClient(page, [
    [100, 100],
    [120, 100],
    [100, 120],
  ]);
  // 20 columns and 20 rows: the rows span twice the screen distance.
  expect(Math.abs(y2 - y0) / Math.abs(x1 - x0)).toBeCloseTo(2, 3);
  expect(Math.abs(y1 - y0) + Math.abs(x2 - x0)).toBeLessThan(1e-6);
  await run(page, 'emh.addLesion', {
    seriesInstanceUID: uid,
    imageIndex: 0,
    longAxis: [
      [20, 30],
      [80, 30],
    ],
    shortAxis: [
      [50, 10],
      [50, 50],
    ],
  });
  const [lesion] = await lesions(page);
  expect(lesion!.longAxisMm).toBeNull();
  expect(lesion!.axesPx).toEqual({ longAxisPx: 60, shortAxisPx: 40 });
  await expect(page.getByTestId('ov-calibration')).toHaveText('Uncalibrated: no pixel spacing');
  expect(problems).toEqual([]);
});

test('an enhanced multi-frame CT takes each frame its own plane from the functional groups', async ({ page, browser }) => {
  const problems = watchConsole(page);
  const uid = await load(page, ['enhanced.dcm']);
  const frame2 = modalityValues(enhancedMultiFrameCt(), 2);
  await run(page, 'emh.addHuRoi', {
    seriesInstanceUID: uid,
    instanceNumber: 30,
    frame: 2,
    center: [120.5, 130.2],
    radii: [25.3, 18.9],
    organ: 'liver',
  });
  const [roi] = await liverRois(page);
  expectSameStats(roi!, ellipseStats(frame2, [120.5, 130.2], [25.3, 18.9]));
  // Frame 2 lies at x = 15 mm; the sagittal normal (row x column cosines) is -x.
  await expect(page.getByTestId('overlay-0')).toContainText('Loc -15.0 mm');
  await expect(page.getByTestId('ov-image')).toHaveText('Im 2 / 3');
  await run(page, 'emh.addLesion', {
    seriesInstanceUID: uid,
    instanceNumber: 30,
    frame: 3,
    longAxis: [
      [20, 100],
      [120, 100],
    ],
    shortAxis: [
      [70, 50],
      [70, 150],
    ],
  });
  const [lesion] = await lesions(page);
  expect(lesion!.longAxisMm).toBeCloseTo(100 * ENHANCED.pixelSpacing[1], 9);
  expect(lesion!.shortAxisMm).toBeCloseTo(100 * ENHANCED.pixelSpacing[0], 9);
  const before = await annotations(page);
  expect(before.map((a) => a.ref.frame).sort()).toEqual([2, 3]);
  // Showing the lesion (a double click on its row) goes back to the frame it was measured on.
  await run(page, 'emh.addHuRoi', {
    seriesInstanceUID: uid,
    instanceNumber: 30,
    frame: 1,
    center: [60, 60],
    radii: [5, 5],
    organ: 'spleen',
  });
  await expect(page.getByTestId('ov-image')).toHaveText('Im 1 / 3');
  await page.getByTestId('select-L1').dblclick();
  await expect(page.getByTestId('ov-image')).toHaveText('Im 3 / 3');
  await run(page, 'emh.undo');
  const sr = (await page.evaluate(async () =>
    Array.from(new Uint8Array(await ((await window.emh.commands.run('emh.export', { format: 'sr' })) as Blob).arrayBuffer())),
  )) as number[];
  const after = await annotations(await reopenWithReport(browser, ['enhanced.dcm'], sr));
  expect(after.length).toBe(before.length);

  for (const original of before) {
    const back = after.find((a) => a.kind === original.kind && a.ref.frame === original.ref.frame);
    expect(back).toBeTruthy();
    expect(farthestPointMove(original.points, back!.points)).toBeLessThan(0.01);
  }
  expect(problems).toEqual([]);
});

test('an SR from a volume viewer (SCOORD3D, no image cited) lands on the image whose plane holds it', async ({ page }) => {
  const problems = watchConsole(page);
  await load(page, ['oblique.dcm']);
  const bytes = obliqueNonSquareCt();
  const { frameOfReferenceUID, studyInstanceUID } = uidsOf(bytes);
  // Computed apart from the viewer: IPP + column x 1.2 mm along the row cosines + row x 0.8 mm along the column cosines.
  const plane = imagePlaneOf({
    rows: 256,
    columns: 256,
    imagePositionPatient: OBLIQUE.position,
    imageOrientationPatient: OBLIQUE.orientation,
    pixelSpacing: OBLIQUE.pixelSpacing,
  });
  const long: Point[] = [
    [40.5, 100.25],
    [200.5, 100.25],
  ];
  const short: Point[] = [
    [120.5, 60],
    [120.5, 150],
  ];
  const sr = scoord3dReport({
    patientID: 'EMH-0001',
    patientName: 'EMH^Phantom',
    studyInstanceUID,
    frameOfReferenceUID,
    longAxis: [indexToPatient(plane, long[0]!), indexToPatient(plane, long[1]!)],
    shortAxis: [indexToPatient(plane, short[0]!), indexToPatient(plane, short[1]!)],
    longAxisMm: 192,
    shortAxisMm: 72,
  });
  const report = (await run(page, 'emh.importSR', { bytes: Array.from(sr) })) as { restored: number; notUnderstood: string[] };
  expect(report.notUnderstood).toEqual([]);
  expect(report.restored).toBe(1);
  const [axes] = await annotations(page);
  expect(farthestPointMove([...long, ...short], axes!.points)).toBeLessThan(0.01);
  const [lesion] = await lesions(page);
  // 160 columns x 1.2 mm and 90 rows x 0.8 mm, measured again on the image.
  expect(lesion!.longAxisMm).toBeCloseTo(192, 3);
  expect(lesion!.shortAxisMm).toBeCloseTo(72, 3);
  expect(problems).toEqual([]);
});
