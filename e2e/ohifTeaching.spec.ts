/**
 * The EMH plugin inside OHIF 3.13.2, continued (ohif.spec.ts is the first part): OHIF's side of
 * our measurements (its measurement service back to our annotation, its delete reaching our
 * inventory) and the teaching case, from the K key to the de-identified ZIP.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { expect, test } from '@playwright/test';
import {
  ohifAnnotations,
  ohifCommand,
  ohifMeasurementToAnnotation,
  ohifMeasurementTools,
  ohifRemoveMeasurement,
  openWorkup,
  addL4,
  addLiverRois,
  ohifShowSeries,
} from './support/ohifPage';
import { serveOhifForSpec } from './support/ohifServing';
import { pngStats, truth } from './helpers';

const CT_STUDY = truth.series['ct-nc'].studyInstanceUID;

const served = serveOhifForSpec();

interface Inventory {
  lesions: { id: string; longAxisMm: number | null; shortAxisMm: number | null; ct: { meanHU: number | null } }[];
  liver: {
    meanHU: number | null;
    call: string;
    spleenMeanHU: number | null;
    rois: { contrast: string; meanHU: number; inSummary: boolean }[];
  };
}

/** Modality values at image pixels [column, row] of a DICOM file, read by pydicom and numpy (e2e/support/pixelValues.py). */
function pixelValues(file: string, points: [number, number][]): number[] {
  const result = spawnSync('/usr/bin/python3', ['e2e/support/pixelValues.py', file], { input: JSON.stringify(points), encoding: 'utf8' });
  expect(result.status, `${result.stderr} (needs Debian packages python3-pydicom and python3-numpy)`).toBe(0);
  return JSON.parse(result.stdout) as number[];
}

/** Top-level attributes of a DICOM file as pydicom reads them. */
function attributes(file: string, keywords: string[]): Record<string, string> {
  const script = `import json, sys, pydicom
ds = pydicom.dcmread(sys.argv[1])
print(json.dumps({k: str(ds.get(k, '')) for k in sys.argv[2:]}))`;
  const result = spawnSync('/usr/bin/python3', ['-c', script, file, ...keywords], { encoding: 'utf8' });
  expect(result.status, `${result.stderr} (needs Debian packages python3-pydicom and python3-numpy)`).toBe(0);
  return JSON.parse(result.stdout) as Record<string, string>;
}

test("OHIF's measurement service maps back to our annotation, its delete reaches our inventory, our undo brings the lesion back; K and the teaching panel make a de-identified teaching ZIP", async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.stack ?? error.message));
  // Signed in to OHIF with a token (OHIF sends it on its data source's requests): ours must carry it too.
  const unsigned: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/dicom-web/') && request.headers().authorization !== 'Bearer e2e-token') {
      unsigned.push(`${request.method()} ${url.pathname}${url.search}`);
    }
  });
  await openWorkup(page, served.url(), [CT_STUDY], ['ct-nc'], '&token=e2e-token');
  const ct = truth.series['ct-nc'].seriesInstanceUID;
  const l4 = await addL4(page);
  const row = page.getByTestId('lesion-row-L1');
  await expect(row.getByTestId('cell-size')).toContainText('10.0 x 5.7');
  // The other CT HU tools, as in our viewer: the lesion's own attenuation, the spleen beside the
  // liver, a portal venous liver ROI reported but kept out of the unenhanced call.
  await ohifCommand(page, 'emh.addHuRoi', {
    seriesInstanceUID: ct,
    instanceNumber: l4.slice,
    center: l4.roi.center,
    radii: l4.roi.radii,
    organ: 'lesion',
    lesionId: 'L1',
  });
  const { spleen } = truth.organs;
  await addLiverRois(page);
  await ohifCommand(page, 'emh.addHuRoi', {
    seriesInstanceUID: ct,
    instanceNumber: spleen.recommendedSlice,
    center: spleen.roi.center,
    radii: [spleen.roi.radiusPx, spleen.roi.radiusPx],
    organ: 'spleen',
  });
  const pv = truth.pv.liverPoint;
  await ohifCommand(page, 'emh.addHuRoi', {
    seriesInstanceUID: truth.series['ct-pv'].seriesInstanceUID,
    instanceNumber: pv.instanceNumber,
    center: pv.center,
    radii: [pv.radiusPx, pv.radiusPx],
    organ: 'liver',
  });
  await expect
    .poll(async () => ((await ohifCommand(page, 'emh.inventory')) as Inventory).liver.rois.length, { message: 'liver and spleen ROIs' })
    .toBe(5);
  const measured = (await ohifCommand(page, 'emh.inventory')) as Inventory;
  await expect(row.getByTestId('cell-ct')).toContainText((measured.lesions[0].ct.meanHU ?? Number.NaN).toFixed(1));
  expect(Math.abs((measured.lesions[0].ct.meanHU ?? 0) - l4.ctHU)).toBeLessThan(3);
  expect(Math.abs((measured.liver.spleenMeanHU ?? 0) - spleen.ctHU)).toBeLessThan(3);
  expect(Math.abs((measured.liver.meanHU ?? 0) - 103)).toBeLessThan(3);
  expect(measured.liver.call).toBe('above');
  const enhanced = measured.liver.rois.find((r) => r.contrast === 'enhanced');
  expect(enhanced && Math.abs(enhanced.meanHU - 115) < 3 && !enhanced.inSummary).toBe(true);
  console.log(
    `OHIF: L1 ${measured.lesions[0].ct.meanHU?.toFixed(1)} HU (truth ${l4.ctHU}), spleen ${measured.liver.spleenMeanHU?.toFixed(1)} HU (truth ${spleen.ctHU}), liver ${measured.liver.meanHU?.toFixed(1)} HU ${measured.liver.call}, portal venous ${enhanced?.meanHU.toFixed(1)} HU kept out of the call`,
  );

  // OHIF's measurement, back to the annotation through our mapping: our tool, our 100 mm.
  // Every drawing is an OHIF measurement of our tool's name (OHIF's own mappings refuse our names).
  await expect
    .poll(async () => (await ohifMeasurementTools(page)).sort())
    .toEqual(['EmhLesionAxes', 'EmhLesionHuRoi', 'EmhLiverRoi', 'EmhLiverRoi', 'EmhLiverRoi', 'EmhLiverRoi', 'EmhSpleenRoi']);
  const mapped = await ohifMeasurementToAnnotation(page, 'EmhLesionAxes');
  expect(mapped?.annotationTool).toBe('EmhLesionAxes');
  expect(Math.abs((mapped?.lengthMm ?? 0) - l4.longAxisCm * 10)).toBeLessThan(1);

  // Deleted in OHIF (what its measurement panel's Delete calls): gone from our inventory too.
  await ohifRemoveMeasurement(page, mapped?.uid ?? '');
  // As a delete in our viewer: the drawing goes, the lesion's row (its site was given) stays, unmeasured.
  await expect(row.getByTestId('cell-size')).not.toContainText('10.0');
  const [unmeasured] = ((await ohifCommand(page, 'emh.inventory')) as Inventory).lesions;
  expect([unmeasured.id, unmeasured.longAxisMm]).toEqual(['L1', null]);
  expect(await ohifAnnotations(page, 'EmhLesionAxes')).toHaveLength(0);
  // Nothing lost: our Undo puts the lesion back, with its id and size, on the image and in OHIF's list.
  await page.getByTestId('undo').click();
  await expect(row.getByTestId('cell-size')).toContainText('10.0 x 5.7');
  // The portal venous ROI put its series on screen: back to the unenhanced CT at L4.
  await ohifShowSeries(page, ct, l4.slice);
  await expect.poll(async () => (await ohifAnnotations(page, 'EmhLesionAxes')).length).toBe(1);
  await expect.poll(async () => (await ohifMeasurementTools(page)).filter((t) => t === 'EmhLesionAxes')).toEqual(['EmhLesionAxes']);
  const [back] = ((await ohifCommand(page, 'emh.inventory')) as Inventory).lesions;
  console.log(
    `OHIF: measurement -> ${mapped?.annotationTool} ${mapped?.lengthMm?.toFixed(1)} mm; deleted in OHIF, undone in our panel: ${back.id} ${back.longAxisMm?.toFixed(1)} x ${back.shortAxisMm?.toFixed(1)} mm`,
  );

  // K on the L4 image marks it a key image (OHIF's own keys leave K free).
  await page.locator('.cornerstone-viewport-element').first().hover();
  await page.keyboard.press('k');
  await page.locator('[data-cy="teaching-btn"]').click();
  const form = page.getByTestId('teaching-case');
  await expect(form).toBeVisible();
  await expect(form.getByTestId('key-image')).toHaveCount(1);
  await expect(form.getByTestId('key-image')).toContainText(`image ${l4.slice}`);
  await expect(form.getByTestId('case-findings')).toHaveValue(/10\.0 x 5\.7 cm/);
  await form.getByTestId('case-title').fill('Presacral mass in thalassaemia');
  await page.screenshot({ path: testInfo.outputPath('ohif-emh-teaching.png') });
  await page.screenshot({ path: 'e2e/artifacts/ohif-emh-teaching.png' });

  const [download] = await Promise.all([page.waitForEvent('download'), form.getByTestId('export-teaching').click()]);
  expect(download.suggestedFilename()).toBe('emh-teaching-case.zip');
  const zip = await JSZip.loadAsync(readFileSync(await download.path()));
  const names = Object.keys(zip.files)
    .filter((n) => !zip.files[n].dir)
    .sort();
  expect(names).toEqual(['case.html', 'dicom/key-01.dcm', 'images/key-01.png', 'inventory.json', 'lesions.csv']);
  const identifying = [truth.patient.name, truth.patient.id, truth.patient.birthDate, ...truth.studies.map((s) => s.date)];
  for (const name of names) {
    const text = Buffer.from(await zip.files[name].async('uint8array')).toString('latin1');
    for (const value of identifying) expect(text.includes(value), `${value} in ${name}`).toBe(false);
  }
  expect(await zip.files['case.html'].async('string')).toContain('Presacral mass in thalassaemia');

  // The DICOM is the PACS's file of that image (read whole by WADO-RS), de-identified: the same
  // HU as the sample case's own file at the lesion's axis ends and centre, by pydicom and numpy.
  const dir = mkdtempSync(join(tmpdir(), 'emh-ohif-teaching-'));
  const keyFile = join(dir, 'key-01.dcm');
  writeFileSync(keyFile, await zip.files['dicom/key-01.dcm'].async('uint8array'));
  const original = join('sample-dicom/output/ct-nc', `IM-${String(l4.slice).padStart(4, '0')}.dcm`);
  const [a, b] = l4.longAxis as [number, number][];
  const points: [number, number][] = [a, b, [Math.round((a[0] + b[0]) / 2), Math.round((a[1] + b[1]) / 2)]];
  const hu = pixelValues(keyFile, points);
  expect(hu).toEqual(pixelValues(original, points));
  const kept = attributes(keyFile, ['PatientName', 'PatientID', 'PatientIdentityRemoved', 'InstanceNumber']);
  expect(kept.PatientName).not.toContain('Phantom');
  expect(kept.PatientID).not.toBe(truth.patient.id);
  expect(kept.PatientIdentityRemoved).toBe('YES');
  expect(Number(kept.InstanceNumber)).toBe(l4.slice);

  // The key image as the reader saw it, the lesion's axes burned in; the inventory without the patient.
  const pngBytes = Buffer.from(await zip.files['images/key-01.png'].async('uint8array'));
  writeFileSync('e2e/artifacts/ohif-teaching-key-01.png', pngBytes);
  const png = pngBytes.toString('base64');
  expect((await pngStats(page, png)).coloured).toBeGreaterThan(100);
  const inventory = JSON.parse(await zip.files['inventory.json'].async('string')) as {
    patient?: unknown;
    lesions: { longAxisMm: number }[];
  };
  expect(inventory.patient).toBeUndefined();
  expect(Math.abs(inventory.lesions[0].longAxisMm - l4.longAxisCm * 10)).toBeLessThan(0.5);
  console.log(
    `OHIF: teaching ZIP ${names.join(', ')}; key image HU ${hu.join(', ')} (the sample file's); PatientName "${kept.PatientName}"`,
  );
  expect(unsigned, "DICOMweb requests without OHIF's sign-in").toEqual([]);
  expect(problems).toEqual([]);
});
