import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openViewer, run, screenshot, seriesUID, truth, waitForSeriesLoaded, watchConsole } from './helpers';

/**
 * Liver ROIs on the coronal reformat of the sample CT: by script in patient mm (measured on the
 * series' voxels) against the truth's liver HU and numpy's mean over the same voxels, the liver
 * summary they make, the same mean as an ROI on the image for an axial ellipse, and one drawn
 * with the mouse in the coronal view (Cornerstone's statistics from the volume).
 */

type Point3 = [number, number, number];
type Plane = 'axial' | 'sagittal' | 'coronal';
interface AnnotationPoints {
  annotationUID: string;
  kind: string;
  world?: Point3[];
  plane?: { frameOfReferenceUID: string; name: string; viewPlaneNormal: Point3; viewUp: Point3 };
  ref: { instanceNumber: number | null };
}
interface LiverRoi {
  annotationUID: string;
  meanHU: number;
  pixelCount: number;
  areaMm2: number | null;
}
interface Inventory {
  liver: { meanHU: number | null; call: string; rois: LiverRoi[] };
}

const { geometry } = truth;
const [spacing] = geometry.pixelSpacingMm;
/** Patient mm of a pixel centre [column, row] on slice (InstanceNumber) n of the 60-slice series. */
const mm = (column: number, row: number, slice: number): Point3 => [
  geometry.imagePositionPatientOfInstance1[0] + spacing * column,
  geometry.imagePositionPatientOfInstance1[1] + spacing * row,
  geometry.zOfInstance1Mm + geometry.zStepPerInstanceMm * (slice - 1),
];
const midSlice = (slices: number[] = []) => slices[Math.floor(slices.length / 2)] as number;

// Each published liver circle, cut coronally through its centre row: a vertical half-axis of
// 20 mm (four slices each way, all within the circle's slices) and a horizontal one of 8 mm
// (inside its 9 mm radius).
const liverRois = truth.organs.liver.rois.map((roi) => ({
  name: roi.name,
  centre: mm(roi.center[0], roi.center[1], midSlice(roi.slices)),
  axes: [
    [0, 0, 20],
    [8, 0, 0],
  ] as [Point3, Point3],
}));

const mprState = (page: Page) => run(page, 'viewport.mprState') as Promise<{ timings: { loadedMs: number | null } }>;
const toClient = (page: Page, plane: Plane, points: Point3[]) =>
  run(page, 'viewport.mprWorldToClient', { plane, points }) as Promise<[number, number][]>;

/** numpy's mean over the voxels of the coronal row nearest y whose (x, z) fall in the ellipse. */
function numpyCoronalMean(centre: Point3, halfX: number, halfZ: number): { mean: number; count: number } {
  const folder = join('sample-dicom', 'output', truth.series['ct-nc'].folder);
  const script = `
import sys, glob, json, numpy as np, pydicom
folder, cx, cy, cz, hx, hz = sys.argv[1], *map(float, sys.argv[2:])
values = []
for path in glob.glob(folder + '/*.dcm'):
    ds = pydicom.dcmread(path)
    ox, oy, oz = map(float, ds.ImagePositionPatient)
    sr, sc = map(float, ds.PixelSpacing)
    row = int(round((cy - oy) / sr))
    hu = ds.pixel_array[row].astype(float) * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
    x = ox + sc * np.arange(hu.size)
    inside = ((x - cx) / hx) ** 2 + ((oz - cz) / hz) ** 2 <= 1 + 1e-9
    values.extend(hu[inside].tolist())
print(json.dumps({"mean": float(np.mean(values)), "count": len(values)}))
`;
  const py = spawnSync('/usr/bin/python3', ['-c', script, folder, ...centre.map(String), String(halfX), String(halfZ)], {
    encoding: 'utf8',
  });
  if (py.status !== 0) throw new Error(py.stderr);
  return JSON.parse(py.stdout) as { mean: number; count: number };
}

test('liver ROIs on the coronal reformat: truth HU, numpy mean, liver summary, axial equal to the image ROI, mouse, SR', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(180_000);
  const problems = watchConsole(page);
  await openViewer(page);
  await waitForSeriesLoaded(page);
  const ct = seriesUID('ct-nc');
  const first = liverRois[0]!;
  await page.evaluate((uid) => window.emh.show(uid, { instanceNumber: 27 }), ct);
  // On the stack first: an axial ellipse in patient mm takes the pixels an ROI on the image
  // takes (the published circle), so the same mean.
  const circle = truth.organs.liver.rois[1]!;
  const slice = midSlice(circle.slices);
  const onImage = (await run(page, 'emh.addHuRoi', {
    seriesInstanceUID: ct,
    instanceNumber: slice,
    center: circle.center,
    radii: [circle.radiusPx, circle.radiusPx],
    organ: 'liver',
  })) as { annotationUID: string };
  const radiusMm = circle.radiusPx * spacing;
  const axial = (await run(page, 'emh.addHuRoi', {
    seriesInstanceUID: ct,
    world: {
      centre: mm(circle.center[0], circle.center[1], slice),
      axes: [
        [radiusMm, 0, 0],
        [0, radiusMm, 0],
      ],
    },
    organ: 'liver',
  })) as { annotationUID: string };
  const rois = ((await run(page, 'emh.inventory')) as Inventory).liver.rois;
  const image = rois.find((r) => r.annotationUID === onImage.annotationUID);
  const world = rois.find((r) => r.annotationUID === axial.annotationUID);
  console.log(`axial: image ROI ${image?.meanHU} over ${image?.pixelCount}; world ROI ${world?.meanHU} over ${world?.pixelCount}`);
  expect(world?.pixelCount).toBe(circle.pixelCount);
  expect(Math.abs((world?.meanHU ?? 0) - (image?.meanHU ?? 0))).toBeLessThan(1e-3);
  expect(Math.abs((world?.meanHU ?? 0) - truth.organs.liver.ctHU)).toBeLessThan(1e-3);

  await run(page, 'viewport.layout', { layout: 'mpr' });
  await expect.poll(async () => (await mprState(page)).timings.loadedMs, { timeout: 60_000 }).not.toBeNull();

  // By script, three coronal ellipses in the liver.
  const uids: string[] = [];
  for (const roi of liverRois) {
    const placed = (await run(page, 'emh.addHuRoi', {
      seriesInstanceUID: ct,
      world: { centre: roi.centre, axes: roi.axes },
      organ: 'liver',
    })) as {
      annotationUID: string;
    };
    uids.push(placed.annotationUID);
  }
  const annotations = (await run(page, 'emh.annotations')) as AnnotationPoints[];
  for (const uid of uids) {
    const a = annotations.find((x) => x.annotationUID === uid);
    expect(a?.kind).toBe('huRoi');
    expect(a?.plane?.name).toBe('coronal');
    expect(a?.plane?.frameOfReferenceUID).toBe(truth.series['ct-nc'].frameOfReferenceUID);
    expect(a?.world?.length).toBe(4);
  }
  const inventory = (await run(page, 'emh.inventory')) as Inventory;
  for (const [i, roi] of liverRois.entries()) {
    const row = inventory.liver.rois.find((r) => r.annotationUID === uids[i]);
    const numpy = numpyCoronalMean(roi.centre, 8, 20);
    console.log(
      `${roi.name}: ${row?.meanHU.toFixed(2)} HU over ${row?.pixelCount} voxels; numpy ${numpy.mean.toFixed(2)} over ${numpy.count}`,
    );
    expect(Math.abs((row?.meanHU ?? 0) - truth.organs.liver.ctHU)).toBeLessThanOrEqual(3);
    expect(row?.pixelCount).toBe(numpy.count);
    expect(Math.abs((row?.meanHU ?? 0) - numpy.mean)).toBeLessThan(0.5);
    expect(Math.abs((row?.areaMm2 ?? 0) - Math.PI * 8 * 20)).toBeLessThan(1e-6);
  }
  expect(inventory.liver.call).toBe('above');
  expect(Math.abs((inventory.liver.meanHU ?? 0) - truth.organs.liver.ctHU)).toBeLessThanOrEqual(3);
  await run(page, 'viewport.mprCentre', { world: [first.centre[0] + 40, first.centre[1], first.centre[2] + 40] });
  await screenshot(page, testInfo, 'reformat-coronal-liver-rois');
  // The axial view 10 mm above the first ROI's centre marks where its outline crosses: the ends
  // of a left-right chord of 2 x 8 x sqrt(1 - (10 / 20)^2) mm.
  await run(page, 'viewport.mprCentre', { world: [first.centre[0] + 40, first.centre[1] + 20, first.centre[2] + 10] });
  const marks = page.getByTestId('mpr-axial').getByTestId('emh-plane-marker');
  await expect(marks).toHaveCount(2);
  await expect(marks.first()).toHaveAttribute('data-lesion-id', 'liver');
  const half = 8 * Math.sqrt(1 - 0.25);
  const expected = await toClient(page, 'axial', [
    [first.centre[0] - half, first.centre[1], first.centre[2] + 10],
    [first.centre[0] + half, first.centre[1], first.centre[2] + 10],
  ]);
  const centres = await marks.evaluateAll((nodes) =>
    nodes.map((n) => {
      const box = n.getBoundingClientRect();
      return [box.x + box.width / 2, box.y + box.height / 2];
    }),
  );
  for (const point of expected) expect(Math.min(...centres.map((c) => Math.hypot(c[0]! - point[0], c[1]! - point[1])))).toBeLessThan(1.5);
  await screenshot(page, testInfo, 'reformat-axial-liver-roi-markers');

  // Refusals, nothing kept.
  const refuse = (args: Record<string, unknown>) => expect(run(page, 'emh.addHuRoi', { seriesInstanceUID: ct, organ: 'liver', ...args }));
  await refuse({
    world: {
      centre: first.centre,
      axes: [
        [0, 0, 20],
        [8, 0, 8],
      ],
    },
  }).rejects.toThrow(/perpendicular/);
  await refuse({ world: { centre: [0, 0, Number.NaN], axes: first.axes } }).rejects.toThrow(/finite/);
  await refuse({ world: { centre: [0, 0, -400], axes: first.axes } }).rejects.toThrow(/outside the series' volume/);
  await refuse({ world: { centre: first.centre } }).rejects.toThrow(/axes/);
  await expect(
    run(page, 'emh.addSignalRoi', { seriesInstanceUID: ct, world: { centre: first.centre, axes: first.axes }, role: 'muscle' }),
  ).rejects.toThrow(/MR/);
  expect(((await run(page, 'emh.inventory')) as Inventory).liver.rois.length).toBe(5);

  // With the mouse: the liver tool dragged in the coronal view, Cornerstone measures the volume.
  await run(page, 'viewport.mprCentre', { world: first.centre });
  await run(page, 'emh.tool', { tool: 'liver' });
  // Cornerstone's ellipse is dragged from its centre to a corner of its bounding box.
  const [from, to] = await toClient(page, 'coronal', [first.centre, [first.centre[0] + 8, first.centre[1], first.centre[2] - 20]]);
  await page.mouse.move(from![0], from![1]);
  await page.mouse.down();
  for (let i = 1; i <= 10; i += 1)
    await page.mouse.move(from![0] + ((to![0] - from![0]) * i) / 10, from![1] + ((to![1] - from![1]) * i) / 10);
  await page.mouse.up();
  await expect.poll(async () => ((await run(page, 'emh.inventory')) as Inventory).liver.rois.length, { timeout: 15_000 }).toBe(6);
  const known = new Set([...uids, onImage.annotationUID, axial.annotationUID]);
  const drawn = ((await run(page, 'emh.inventory')) as Inventory).liver.rois.find((r) => !known.has(r.annotationUID));
  const drawnPoints = ((await run(page, 'emh.annotations')) as AnnotationPoints[]).find((a) => a.annotationUID === drawn?.annotationUID);
  console.log(`mouse: ${drawn?.meanHU.toFixed(2)} HU over ${drawn?.pixelCount} voxels, ${drawn?.areaMm2?.toFixed(1)} mm2`);
  expect(drawnPoints?.plane?.name).toBe('coronal');
  expect(Math.abs((drawn?.meanHU ?? 0) - truth.organs.liver.ctHU)).toBeLessThanOrEqual(3);
  // The drag's ellipse, within a page pixel at each end (about 1 mm here).
  expect(Math.abs((drawn?.areaMm2 ?? 0) - Math.PI * 8 * 20)).toBeLessThan(0.15 * Math.PI * 8 * 20);
  await screenshot(page, testInfo, 'reformat-coronal-liver-mouse');

  // The SR: each coronal ROI a SCOORD3D ELLIPSE in patient mm; valid; read back in a fresh viewer
  // with the same mean and the coronal plane.
  const bytes = await page.evaluate(async () => {
    const blob = (await window.emh.commands.run('emh.export', { format: 'sr' })) as Blob;
    return Array.from(new Uint8Array(await blob.arrayBuffer()));
  });
  const path = join(mkdtempSync(join(tmpdir(), 'emh-sr-roi-')), 'report.dcm');
  writeFileSync(path, Uint8Array.from(bytes));
  if (spawnSync('sh', ['-c', 'command -v dciodvfy']).status === 0) {
    const check = spawnSync('dciodvfy', [path], { encoding: 'utf8' });
    expect(`${check.stdout}${check.stderr}`.split('\n').filter((line) => /^Error/.test(line))).toEqual([]);
  } else console.warn('dciodvfy is not installed: not checked');
  const py = spawnSync('/usr/bin/python3', ['scripts/validators/scoord3dCheck.py', path], { encoding: 'utf8' });
  expect(py.status, py.stderr).toBe(0);
  const read = JSON.parse(py.stdout) as { frameOfReferenceUID: string; graphicType: string; points: Point3[] }[];
  const ellipses = read.filter((r) => r.graphicType === 'ELLIPSE');
  // Three coronal and one drawn, and the axial one given in mm; the ROI drawn on the image has a SCOORD.
  expect(ellipses.length).toBe(5);
  // The first ROI's: its centre, the major (craniocaudal, 2 x 20 mm) axis first, then the 2 x 8 mm one.
  const centreOfPoints = (points: Point3[]) => [0, 1, 2].map((i) => points.reduce((sum, p) => sum + p[i]!, 0) / points.length);
  const firstWritten = ellipses.find((e) => Math.hypot(...centreOfPoints(e.points).map((v, i) => v - first.centre[i]!)) < 1e-3);
  const [p0, p1, p2, p3] = firstWritten?.points ?? [];
  expect(Math.abs(Math.abs(p1![2] - p0![2]) - 40)).toBeLessThan(1e-3);
  expect(Math.abs(Math.abs(p3![0] - p2![0]) - 16)).toBeLessThan(1e-3);
  expect(firstWritten?.frameOfReferenceUID).toBe(truth.series['ct-nc'].frameOfReferenceUID);
  const before = ((await run(page, 'emh.inventory')) as Inventory).liver.rois;

  const fresh = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page2 = await fresh.newPage();
  const problems2 = watchConsole(page2);
  await openViewer(page2);
  await waitForSeriesLoaded(page2);
  const report = (await run(page2, 'emh.importSR', { bytes })) as { missingImages: string[]; notUnderstood: string[] };
  expect(report.missingImages).toEqual([]);
  expect(report.notUnderstood).toEqual([]);
  const after = ((await run(page2, 'emh.inventory')) as Inventory).liver.rois;
  const restored = (await run(page2, 'emh.annotations')) as AnnotationPoints[];
  expect(after.length).toBe(before.length);
  for (const uid of [...uids, drawn?.annotationUID ?? '']) {
    const was = before.find((r) => r.annotationUID === uid);
    const back = after.find((r) => r.annotationUID === uid);
    expect(Math.abs((back?.meanHU ?? 0) - (was?.meanHU ?? 1e9))).toBeLessThan(1e-3);
    const points = restored.find((a) => a.annotationUID === uid);
    expect(points?.plane?.name).toBe('coronal');
    expect(points?.world?.length).toBe(4);
  }
  expect(((await run(page2, 'emh.inventory')) as Inventory).liver.call).toBe('above');
  await fresh.close();
  expect(problems).toEqual([]);
  expect(problems2).toEqual([]);
});

test('a muscle signal ROI on the sagittal plane of the sample T1 MR reads the truth signal', async ({ page }) => {
  const problems = watchConsole(page);
  await openViewer(page);
  await waitForSeriesLoaded(page);
  // The right paraspinal muscle circle (radius 9 mm) cut sagittally through its centre column,
  // 20 mm craniocaudal (slices 20 to 28 of its 1 to 47) by 6 mm anteroposterior.
  const muscle = truth.organs.muscle.references[0]!.right;
  const centre = mm(muscle.center[0], muscle.center[1], 24);
  const placed = (await run(page, 'emh.addSignalRoi', {
    seriesInstanceUID: seriesUID('mr-t1'),
    world: {
      centre,
      axes: [
        [0, 0, 20],
        [0, 6, 0],
      ],
    },
    role: 'muscle',
  })) as { annotationUID: string };
  const points = ((await run(page, 'emh.annotations')) as AnnotationPoints[]).find((a) => a.annotationUID === placed.annotationUID);
  expect(points?.kind).toBe('signalRoi');
  expect(points?.plane?.name).toBe('sagittal');
  const inventory = (await run(page, 'emh.inventory')) as {
    muscleReferences: { annotationUID: string; mean: number; pixelCount: number; slicePositionMm: number | null }[];
  };
  const reference = inventory.muscleReferences.find((r) => r.annotationUID === placed.annotationUID);
  console.log(
    `sagittal muscle ROI: ${reference?.mean.toFixed(1)} over ${reference?.pixelCount} voxels, at ${reference?.slicePositionMm} mm`,
  );
  // The truth's T1 muscle signal within three standard errors of its noise (4 % of the signal).
  const sd = truth.noise.mrSdFractionOfSignal * truth.organs.muscle.t1Signal;
  expect(Math.abs((reference?.mean ?? 0) - truth.organs.muscle.t1Signal)).toBeLessThan((3 * sd) / Math.sqrt(reference?.pixelCount ?? 1));
  // Its position is that of the slice through its centre (slice 24).
  expect(reference?.slicePositionMm).toBeCloseTo(centre[2], 6);
  await expect(
    run(page, 'emh.addHuRoi', {
      seriesInstanceUID: seriesUID('mr-t1'),
      world: {
        centre,
        axes: [
          [0, 0, 20],
          [0, 6, 0],
        ],
      },
      organ: 'liver',
    }),
  ).rejects.toThrow(/CT/);
  expect(problems).toEqual([]);
});

test("a lesion's HU ROI on the coronal reformat: the truth HU, and Show opens MPR in its coronal plane, centred on it", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const problems = watchConsole(page);
  await openViewer(page);
  await waitForSeriesLoaded(page);
  const ct = seriesUID('ct-nc');
  const l4 = truth.lesions.find((l) => l.id === 'L4');
  if (!l4) throw new Error('no L4 in truth');
  const centre = l4.centerPatientMm as Point3;
  // Inside L4 (semi-axes 50 mm left-right, 22 mm craniocaudal): 30 x 12 mm half-axes.
  const placed = (await run(page, 'emh.addHuRoi', {
    seriesInstanceUID: ct,
    world: {
      centre,
      axes: [
        [30, 0, 0],
        [0, 0, 12],
      ],
    },
    organ: 'lesion',
  })) as { annotationUID: string; lesionId?: string };
  const inventory = (await run(page, 'emh.inventory')) as { lesions: { id: string; ct: { meanHU: number | null } }[] };
  expect(placed.lesionId).toBeTruthy();
  const lesion = inventory.lesions.find((l) => l.id === placed.lesionId);
  console.log(`coronal lesion ROI in L4: ${lesion?.ct.meanHU?.toFixed(2)} HU (truth ${l4.ctHU})`);
  expect(Math.abs((lesion?.ct.meanHU ?? 0) - l4.ctHU)).toBeLessThanOrEqual(3);
  // With the stacks showing, Show opens MPR in the ROI's plane, centred on it.
  expect(await mprState(page)).toBeNull();
  await run(page, 'emh.showLesion', { lesionId: lesion!.id });
  const shown = (await run(page, 'viewport.mprState')) as {
    activePlane: Plane;
    seriesInstanceUID: string;
    views: { plane: Plane; centre: Point3; viewPlaneNormal: Point3 }[];
  };
  expect(shown.seriesInstanceUID).toBe(ct);
  expect(shown.activePlane).toBe('coronal');
  const coronal = shown.views.find((v) => v.plane === 'coronal')!;
  expect(Math.hypot(...coronal.centre.map((v, i) => v - centre[i]!))).toBeLessThan(0.01);
  expect(Math.abs(Math.abs(coronal.viewPlaneNormal[1]) - 1)).toBeLessThan(1e-6);
  expect(problems).toEqual([]);
});
