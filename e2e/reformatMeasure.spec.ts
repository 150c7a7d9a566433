import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openViewer, run, screenshot, seriesUID, truth, waitForSeriesLoaded, watchConsole } from './helpers';

/**
 * Lesion L4 of the sample CT (an ellipsoid: semi-axes 50 mm left-right, 28.5 mm
 * anteroposterior, 22 mm craniocaudal, centre [0, 27, -110] mm; truth.json) measured on the
 * sagittal reformat, by script in patient mm and with the mouse, and its SR with SCOORD3D read
 * back into a fresh viewer.
 */

type Point3 = [number, number, number];
type Plane = 'axial' | 'sagittal' | 'coronal';

interface AnnotationPoints {
  annotationUID: string;
  kind: string;
  lesionId: string | null;
  ref: { seriesInstanceUID: string; sopInstanceUID: string; instanceNumber: number | null };
  world?: Point3[];
  plane?: { frameOfReferenceUID: string; name: string; viewPlaneNormal: Point3; viewUp: Point3 };
}
interface Row {
  id: string;
  site: string | null;
  longAxisMm: number | null;
  shortAxisMm: number | null;
  trackingUid?: string;
}

const l4 = truth.lesions.find((l) => l.id === 'L4');
if (!l4) throw new Error('no L4 in truth');
const centre = l4.centerPatientMm as Point3;
const [x0, y0, z0] = centre;
// The truth's extents: craniocaudal = 2 x the z semi-axis; anteroposterior = 2 x the row
// semi-axis in pixels x the row spacing.
const ccMm = 2 * l4.zHalfExtentMm;
const apMm = 2 * l4.semiAxesPx[1] * truth.geometry.pixelSpacingMm[0];
const CC: [Point3, Point3] = [
  [x0, y0, z0 + ccMm / 2],
  [x0, y0, z0 - ccMm / 2],
];
const AP: [Point3, Point3] = [
  [x0, y0 - apMm / 2, z0],
  [x0, y0 + apMm / 2, z0],
];
const SLICE_MM = truth.geometry.spacingBetweenSlicesMm;

const mprState = (page: Page) =>
  run(page, 'viewport.mprState') as Promise<{
    timings: { loadedMs: number | null };
    views: { plane: Plane; centre: Point3; viewPlaneNormal: Point3 }[];
  }>;
const toClient = (page: Page, plane: Plane, points: Point3[]) =>
  run(page, 'viewport.mprWorldToClient', { plane, points }) as Promise<[number, number][]>;

async function openMprAtL4(page: Page): Promise<void> {
  await page.evaluate((uid) => window.emh.show(uid, { instanceNumber: 53 }), seriesUID('ct-nc'));
  await run(page, 'viewport.layout', { layout: 'mpr' });
  await expect.poll(async () => (await mprState(page)).timings.loadedMs, { timeout: 60_000 }).not.toBeNull();
  await run(page, 'viewport.mprCentre', { world: centre });
}

const distance = (a: readonly number[], b: readonly number[]) => Math.hypot(...a.map((v, i) => v - (b[i] as number)));
const labelIn = (page: Page, plane: Plane, text: string) => page.getByTestId(`mpr-${plane}`).locator('svg text').filter({ hasText: text });

test('L4 measured on the sagittal reformat: by script and by mouse, in patient mm, and its SR with SCOORD3D round-trips', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(180_000);
  const problems = watchConsole(page);
  await openViewer(page);
  await waitForSeriesLoaded(page);
  const ct = seriesUID('ct-nc');
  await openMprAtL4(page);

  // By script: the craniocaudal and anteroposterior extents of the truth, in the sagittal plane.
  const id = (await run(page, 'emh.addLesion', {
    seriesInstanceUID: ct,
    world: { longAxis: CC, shortAxis: AP },
    site: 'presacral',
  })) as string;
  const [scripted] = (await run(page, 'emh.annotations')) as AnnotationPoints[];
  expect(scripted?.plane?.name).toBe('sagittal');
  expect(scripted?.plane?.viewPlaneNormal).toEqual([1, 0, 0]);
  expect(scripted?.plane?.frameOfReferenceUID).toBe(truth.series['ct-nc'].frameOfReferenceUID);
  expect(scripted?.world).toEqual([...CC, ...AP]);
  // The reference image is the axial slice nearest the centre: L4's own slice.
  expect(scripted?.ref.instanceNumber).toBe(l4.slice);
  const rows = () => run(page, 'emh.inventory').then((inv) => (inv as { lesions: Row[] }).lesions);
  const row = (await rows()).find((r) => r.id === id);
  // In L4's sagittal plane the anteroposterior diameter (57 mm) exceeds the craniocaudal one
  // (44 mm): RECIST calls the longer one the long axis, so the craniocaudal extent is the short one.
  expect(row?.longAxisMm).toBeCloseTo(apMm, 6);
  expect(row?.shortAxisMm).toBeCloseTo(ccMm, 6);
  expect(Math.abs(distance(CC[0], CC[1]) - 2 * l4.zHalfExtentMm)).toBeLessThan(SLICE_MM / 2);
  // Drawn in the sagittal view only (the axial and coronal planes are not its plane).
  const label = `${id} ${(apMm / 10).toFixed(1)} x ${(ccMm / 10).toFixed(1)} cm`;
  await expect(labelIn(page, 'sagittal', label)).toHaveCount(1);
  await expect(labelIn(page, 'axial', label)).toHaveCount(0);
  await expect(labelIn(page, 'coronal', label)).toHaveCount(0);
  // The crosshair lines moved off the lesion (in the same sagittal plane) so its axes show.
  await run(page, 'viewport.mprCentre', { world: [x0, y0 + 45, z0 + 40] });
  await screenshot(page, testInfo, 'reformat-sagittal-l4-script');

  // The other views mark where its axes cross their plane: the axial plane at z = -100 cuts the
  // craniocaudal axis at [0, 27, -100]; the coronal plane at y = 47 the anteroposterior one at
  // [0, 47, -110]. The crosshairs stand off the marks (x = 40).
  await run(page, 'viewport.mprCentre', { world: [x0 + 40, y0 + 20, z0 + 10] });
  const markerAt = async (plane: Plane) => {
    const marker = page.getByTestId(`mpr-${plane}`).getByTestId('emh-plane-marker');
    await expect(marker).toHaveCount(1);
    await expect(marker).toHaveAttribute('data-lesion-id', id);
    const box = await marker.boundingBox();
    return [(box?.x ?? 0) + (box?.width ?? 0) / 2, (box?.y ?? 0) + (box?.height ?? 0) / 2];
  };
  const [axialMark] = await toClient(page, 'axial', [[x0, y0, z0 + 10]]);
  const [coronalMark] = await toClient(page, 'coronal', [[x0, y0 + 20, z0]]);
  expect(distance(await markerAt('axial'), axialMark!)).toBeLessThan(1.5);
  expect(distance(await markerAt('coronal'), coronalMark!)).toBeLessThan(1.5);
  await expect(page.getByTestId('mpr-sagittal').getByTestId('emh-plane-marker')).toHaveCount(0);
  await screenshot(page, testInfo, 'reformat-markers-axial-coronal');
  // A plane that misses the lesion shows no mark (z = -70 is above L4's top at -88).
  await run(page, 'viewport.mprCentre', { world: [x0 + 40, y0 + 20, z0 + 40] });
  await expect(page.getByTestId('mpr-axial').getByTestId('emh-plane-marker')).toHaveCount(0);

  // Refusals: no silent attachment, no nonsense.
  const refuse = (args: Record<string, unknown>) => expect(run(page, 'emh.addLesion', { seriesInstanceUID: ct, ...args }));
  await refuse({ world: { longAxis: CC, shortAxis: [CC[0], [x0, y0 + 20, z0 + 10]] } }).rejects.toThrow(/perpendicular/);
  await refuse({ world: { longAxis: [CC[0], [x0, y0, Number.NaN]], shortAxis: AP } }).rejects.toThrow(/finite/);
  await refuse({ world: { longAxis: [CC[0], [x0, y0, z0 - 400]], shortAxis: AP } }).rejects.toThrow(/outside the series' volume/);
  await expect(run(page, 'emh.addLesion', { seriesInstanceUID: '1.2.3.4', world: { longAxis: CC, shortAxis: AP } })).rejects.toThrow(
    /No open series/,
  );
  expect((await rows()).length).toBe(1);

  // With the mouse: the lesion tool drags L4's craniocaudal extent on the sagittal view, 10 mm
  // anterior of the scripted axis (still inside L4, away from its handles).
  await run(page, 'viewport.mprCentre', { world: centre });
  await run(page, 'emh.tool', { tool: 'lesion' });
  const drawnEnds: [Point3, Point3] = [
    [x0, y0 - 10, CC[0][2]],
    [x0, y0 - 10, CC[1][2]],
  ];
  const [a, b] = await toClient(page, 'sagittal', drawnEnds);
  // The view's scale: page pixels per mm along z; a drag lands within half a pixel at each end.
  const mmPerPixel = ccMm / distance(a!, b!);
  await page.mouse.move(a![0], a![1]);
  await page.mouse.down();
  for (let i = 1; i <= 10; i += 1) await page.mouse.move(a![0] + ((b![0] - a![0]) * i) / 10, a![1] + ((b![1] - a![1]) * i) / 10);
  await page.mouse.up();
  await expect.poll(async () => ((await run(page, 'emh.annotations')) as AnnotationPoints[]).length).toBe(2);
  const drawn = ((await run(page, 'emh.annotations')) as AnnotationPoints[]).find((p) => p.annotationUID !== scripted?.annotationUID);
  expect(drawn?.plane?.name).toBe('sagittal');
  const drawnWorld = drawn?.world ?? [];
  // Every handle lies in the sagittal plane through L4's centre.
  for (const p of drawnWorld) expect(Math.abs(p[0] - x0)).toBeLessThan(1e-3);
  const drawnRow = (await rows()).find((r) => r.id === drawn?.lesionId);
  // The long axis is the drag: the craniocaudal extent of the truth within one page pixel
  // (half a pixel at each end) and within half a slice spacing.
  const tolerance = Math.min(SLICE_MM / 2, mmPerPixel);
  console.log(`mouse: long axis ${drawnRow?.longAxisMm?.toFixed(2)} mm vs truth ${ccMm} mm (${mmPerPixel.toFixed(3)} mm per page pixel)`);
  expect(Math.abs((drawnRow?.longAxisMm ?? 0) - ccMm)).toBeLessThanOrEqual(tolerance);
  await run(page, 'emh.tool', { tool: 'lesion' }); // still chosen; Esc closes the site picker
  await page.keyboard.press('Escape');
  await screenshot(page, testInfo, 'reformat-sagittal-l4-mouse');

  // The SR: SCOORD3D for both, valid, and read back by pydicom.
  const before = await rows();
  const bytes = await page.evaluate(async () => {
    const blob = (await window.emh.commands.run('emh.export', { format: 'sr' })) as Blob;
    return Array.from(new Uint8Array(await blob.arrayBuffer()));
  });
  const path = join(mkdtempSync(join(tmpdir(), 'emh-sr3d-')), 'report.dcm');
  writeFileSync(path, Uint8Array.from(bytes));
  checkWithValidators(path);
  const py = spawnSync('/usr/bin/python3', ['scripts/validators/scoord3dCheck.py', path], { encoding: 'utf8' });
  expect(py.status, py.stderr).toBe(0);
  const read = JSON.parse(py.stdout) as { frameOfReferenceUID: string; graphicType: string; points: Point3[]; concept: string }[];
  const longOfScripted = read.find((s) => /^long axis$/i.test(s.concept) && distance(s.points[0]!, AP[0]) < 1e-3);
  expect(longOfScripted?.graphicType).toBe('POLYLINE');
  expect(longOfScripted?.frameOfReferenceUID).toBe(truth.series['ct-nc'].frameOfReferenceUID);
  expect(distance(longOfScripted!.points[1]!, AP[1])).toBeLessThan(1e-3);
  expect(read.filter((s) => /^short axis$/i.test(s.concept)).some((s) => distance(s.points[0]!, CC[0]) < 1e-3)).toBe(true);

  // A fresh viewer (nothing saved), the same study, then the report.
  const fresh = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page2 = await fresh.newPage();
  const problems2 = watchConsole(page2);
  await openViewer(page2);
  await waitForSeriesLoaded(page2);
  const report = (await run(page2, 'emh.importSR', { bytes })) as { missingImages: string[]; notUnderstood: string[] };
  expect(report.missingImages).toEqual([]);
  expect(report.notUnderstood).toEqual([]);
  const after = (await run(page2, 'emh.inventory')) as { lesions: Row[] };
  expect(after.lesions.map((l) => l.id)).toEqual(before.map((l) => l.id));
  for (const row0 of before) {
    const back = after.lesions.find((l) => l.id === row0.id);
    expect(back?.site).toBe(row0.site);
    expect(back?.trackingUid).toBe(row0.trackingUid);
    expect(Math.abs((back?.longAxisMm ?? 0) - (row0.longAxisMm ?? 0))).toBeLessThan(0.1);
    expect(Math.abs((back?.shortAxisMm ?? 0) - (row0.shortAxisMm ?? 0))).toBeLessThan(0.1);
  }
  const restored = (await run(page2, 'emh.annotations')) as AnnotationPoints[];
  const back = restored.find((r) => r.lesionId === id);
  expect(back?.annotationUID).toBe(scripted?.annotationUID);
  expect(back?.plane?.name).toBe('sagittal');
  expect(back?.plane?.viewPlaneNormal).toEqual([1, 0, 0]);
  // The report names the longer axis first: anteroposterior, then craniocaudal (float32 mm).
  expect(back?.world?.length).toBe(4);
  (back?.world ?? []).forEach((p, i) => expect(distance(p, [...AP, ...CC][i]!)).toBeLessThan(0.001));
  expect(back?.ref.instanceNumber).toBe(l4.slice);
  // Going to it (the panel's Show) opens MPR on its series, centred on it, its sagittal view active.
  await page2.evaluate((uid) => window.emh.show(uid, { instanceNumber: 10 }), ct);
  await expect.poll(async () => ((await run(page2, 'viewport.mprState')) as unknown) === null).toBe(true);
  await run(page2, 'emh.showLesion', { lesionId: id });
  const shown = (await run(page2, 'viewport.mprState')) as {
    activePlane: Plane;
    seriesInstanceUID: string;
    views: { plane: Plane; centre: Point3; viewPlaneNormal: Point3 }[];
  };
  expect(shown.seriesInstanceUID).toBe(ct);
  expect(shown.activePlane).toBe('sagittal');
  const sagittal = shown.views.find((v) => v.plane === 'sagittal');
  expect(distance(sagittal!.centre, centre)).toBeLessThan(0.01);
  expect(distance(sagittal!.viewPlaneNormal, [1, 0, 0])).toBeLessThan(1e-6);
  await expect(labelIn(page2, 'sagittal', label)).toHaveCount(1);
  await screenshot(page2, testInfo, 'reformat-sagittal-l4-imported');
  await fresh.close();
  expect(problems).toEqual([]);
  expect(problems2).toEqual([]);
});

/** dciodvfy, dsrdump and PixelMed's TID 1500 validator, where installed. */
function checkWithValidators(path: string): void {
  const has = (name: string) => spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
  if (has('dciodvfy')) {
    const check = spawnSync('dciodvfy', [path], { encoding: 'utf8' });
    const errors = `${check.stdout}${check.stderr}`.split('\n').filter((line) => /^Error/.test(line));
    expect(errors).toEqual([]);
  } else console.warn('dciodvfy is not installed: not checked');
  if (has('dsrdump')) {
    const dump = spawnSync('dsrdump', [path], { encoding: 'utf8' });
    expect(dump.status).toBe(0);
    expect(dump.stdout).toContain('SCOORD3D');
  } else console.warn('dsrdump is not installed: not checked');
  if (has('java') && existsSync(PIXELMED)) {
    const flags = [
      '-Djava.awt.headless=true',
      '-Djdk.xml.xpathExprGrpLimit=0',
      '-Djdk.xml.xpathExprOpLimit=0',
      '-Djdk.xml.xpathTotalOpLimit=0',
      '-Xss8m',
    ];
    const check = spawnSync('java', [...flags, '-cp', PIXELMED, 'scripts/validators/PixelmedSrValidator.java', path], { encoding: 'utf8' });
    expect(check.stdout).toContain('Found Root Template TID_1500');
    expect(check.stdout.split('\n').filter((line) => /^Error/.test(line))).toEqual([]);
  } else console.warn('PixelMed is not installed: not checked');
}

const PIXELMED = '/usr/share/java/pixelmed.jar';
