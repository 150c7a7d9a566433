/**
 * Every transfer syntax the Cornerstone DICOM image loader decodes really displays: the same CT
 * slices, written in each syntax (fixtures/transferSyntaxes.ts), are opened together through
 * the file input, and the greys on screen at three tissues are compared with the uncompressed
 * reference under the same window, and with the HU of truth.json.
 *
 * One page serves every test (loading 72 files once); a test per syntax says which one broke.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SUPPORTED_TRANSFER_SYNTAXES } from '../src/data/transferSyntaxes';
import {
  FIXTURE_INSTANCES,
  TRANSFER_SYNTAX_VARIANTS,
  UNWRITABLE_TRANSFER_SYNTAXES,
  writeTransferSyntaxFixtures,
  type FixtureSeries,
  type TransferSyntaxFixtures,
} from './fixtures/transferSyntaxes';
import {
  expectImage,
  expectedGrey,
  imageToClient,
  openViewer,
  SCREEN_DIR,
  screenGrey,
  truth,
  waitForSeriesLoaded,
  watchConsole,
} from './helpers';
import { contactSheet } from './contactSheet';

const SLICE = 24;

type PresetId = 'liver' | 'soft-tissue';
const PRESETS: Record<PresetId, { width: number; center: number; label: string }> = {
  liver: { width: 150, center: 90, label: 'W 150 L 90' },
  'soft-tissue': { width: 400, center: 40, label: 'W 400 L 40' },
};

interface Probe {
  tissue: string;
  center: [number, number];
  radiusPx: number;
  hu: number;
  preset: PresetId;
}

const liverRoi = truth.organs.liver.rois.find((roi) => roi.name === 'left-lobe');
const muscleGroup = truth.organs.muscle.references.find((group) => group.slices.includes(SLICE) && !group.lesionSlices.includes(SLICE));
if (!liverRoi?.slices?.includes(SLICE) || !muscleGroup) throw new Error(`truth.json has no liver/muscle ROI on slice ${SLICE}`);

const PROBES: Probe[] = [
  { tissue: 'liver', center: liverRoi.center, radiusPx: liverRoi.radiusPx, hu: truth.organs.liver.ctHU, preset: 'liver' },
  {
    tissue: 'muscle',
    center: muscleGroup.right.center,
    radiusPx: muscleGroup.right.radiusPx,
    hu: truth.organs.muscle.ctHU,
    preset: 'liver',
  },
  // Anterior subcutaneous fat (the torso's fat superellipse in sample-dicom/anatomy.ts): truth.json
  // has no fat ROI, but every pixel of a 15 x 15 square here is fat on slice 24. Fat is black
  // under the liver window, so it is read under soft tissue.
  { tissue: 'fat', center: [110, 60], radiusPx: 6, hu: truth.organs.tissues.fat.ctNc, preset: 'soft-tissue' },
];

/** Lossless copies hold the reference's very pixels; ±2 grey only absorbs rendering. */
const LOSSLESS_TOLERANCE = 2;
/**
 * Lossy copies: measured with each codec's own decoder when the fixtures were written, the
 * 7 x 7 pixel means at these probes stay within 1.3 HU of the source for every lossy syntax
 * (JPEG q90 8-bit 0.65, JPEG 12-bit 0.1, JPEG-LS NEAR=2 0.2, JPEG 2000 13:1 1.2, HTJ2K 14:1
 * 0.7, JPEG XL d1 1.0): at most 2.2 grey under the 150-wide liver window. ±6 grey (3.5 HU) leaves
 * room for that and still fails any real decoding fault (bit depth, byte order, sign or rescale
 * errors move these greys by tens).
 */
const LOSSY_TOLERANCE = 6;
/** Against truth's HU: the probe square's own noise (8 HU SD over ~50 pixels) plus lossy error. */
const TRUTH_TOLERANCE = 8;

let fixtures: TransferSyntaxFixtures;
let tempDir: string;
let page: Page;
let consoleProblems: string[];
const measured = new Map<string, Record<string, number>>();

test.beforeAll(async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  tempDir = mkdtempSync(join(tmpdir(), 'emh-transfer-syntaxes-'));
  fixtures = await writeTransferSyntaxFixtures(tempDir);
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL, viewport: { width: 1400, height: 900 } });
  page = await context.newPage();
  consoleProblems = watchConsole(page);
  await openViewer(page, '?empty');
  await page.getByTestId('file-input').setInputFiles(fixtures.files);
  await waitForSeriesLoaded(page);
});

test.afterAll(async () => {
  await page?.context().close();
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
});

test('all transfer syntax copies load without refusals', async () => {
  const refusals = page.getByTestId('refusals');
  if ((await refusals.count()) > 0) expect(await refusals.innerText(), 'refused or undecodable files').toBe('');
  const listed = await page.evaluate(() => window.emh.series());
  for (const { variant, seriesInstanceUID } of fixtures.series) {
    const series = listed.find((s) => s.seriesInstanceUID === seriesInstanceUID);
    expect.soft(series?.description, variant.id).toBe(variant.description);
    expect.soft(series?.imageCount, variant.id).toBe(FIXTURE_INSTANCES.length);
  }
});

test('every transfer syntax the viewer accepts has a copy, or a reason why not', () => {
  const covered = new Set(TRANSFER_SYNTAX_VARIANTS.map((variant) => variant.transferSyntaxUID));
  const missing = Object.keys(SUPPORTED_TRANSFER_SYNTAXES).filter((uid) => !covered.has(uid) && !(uid in UNWRITABLE_TRANSFER_SYNTAXES));
  expect(missing).toEqual([]);
  for (const [uid, reason] of Object.entries(UNWRITABLE_TRANSFER_SYNTAXES)) {
    test.info().annotations.push({ type: 'not covered', description: `${uid}: ${reason}` });
  }
});

for (const variant of TRANSFER_SYNTAX_VARIANTS) {
  test(`${variant.description} (${variant.transferSyntaxUID})`, async () => {
    const skipped = fixtures.skipped.find((s) => s.variant.id === variant.id);
    if (process.env.CI === 'true') expect(skipped, `${skipped?.reason}, and CI=true requires it`).toBeUndefined();
    test.skip(skipped !== undefined, skipped?.reason);
    const greys = await greysOf(variant.id);
    test.info().annotations.push({ type: 'greys', description: JSON.stringify(greys) });
    const referenceId = variant.source === 'ct8' ? 'reference-8bit' : 'reference';
    const reference = variant.id === referenceId ? null : await greysOf(referenceId);
    const tolerance = variant.lossy ? LOSSY_TOLERANCE : LOSSLESS_TOLERANCE;
    for (const probe of PROBES) {
      const grey = greys[probe.tissue];
      const preset = PRESETS[probe.preset];
      const truthGrey = expectedGrey(probe.hu, preset.width, preset.center);
      expect
        .soft(Math.abs(grey - truthGrey), `${probe.tissue}: grey ${grey.toFixed(1)}, truth ${probe.hu} HU is ${truthGrey.toFixed(1)}`)
        .toBeLessThanOrEqual(TRUTH_TOLERANCE);
      if (reference) {
        const diff = Math.abs(grey - reference[probe.tissue]);
        expect
          .soft(diff, `${probe.tissue}: grey ${grey.toFixed(1)}, reference ${reference[probe.tissue].toFixed(1)}`)
          .toBeLessThanOrEqual(tolerance);
      }
    }
  });
}

test('contact sheet: slice 24 of every syntax under its own window', async () => {
  const tiles: { label: string; png: Buffer }[] = [];
  for (const { variant, seriesInstanceUID } of fixtures.series) {
    await page.evaluate(([uid, instanceNumber]) => window.emh.show(uid, { instanceNumber }), [seriesInstanceUID, SLICE] as const);
    await expectImage(page, FIXTURE_INSTANCES.indexOf(SLICE) + 1, FIXTURE_INSTANCES.length);
    await nextFrames();
    // Just the image, so the tiles are large enough to see codec artefacts.
    const [[left, top], [right, bottom]] = await imageToClient(page, [
      [-0.5, -0.5],
      [255.5, 255.5],
    ]);
    tiles.push({
      label: variant.description,
      png: await page.screenshot({ clip: { x: left, y: top, width: right - left, height: bottom - top } }),
    });
  }
  mkdirSync(SCREEN_DIR, { recursive: true });
  const path = join(SCREEN_DIR, 'transfer-syntaxes.png');
  writeFileSync(path, await contactSheet(page, tiles, 6));
  await test.info().attach('transfer-syntaxes', { path, contentType: 'image/png' });
});

test('no console errors while loading and showing every syntax', () => {
  expect(consoleProblems).toEqual([]);
});

/** Greys of a variant, measured once: references are usually measured by their own test first. */
async function greysOf(id: string): Promise<Record<string, number>> {
  let greys = measured.get(id);
  if (!greys) {
    const series = fixtures.series.find((s) => s.variant.id === id);
    if (!series) throw new Error(`no fixture series ${id}`);
    greys = await measure(series);
    measured.set(id, greys);
  }
  return greys;
}

/** Shows slice 24 of a series and reads the on-screen grey at each probe under its window. */
async function measure(series: FixtureSeries): Promise<Record<string, number>> {
  await page.evaluate(([uid, instanceNumber]) => window.emh.show(uid, { instanceNumber }), [series.seriesInstanceUID, SLICE] as const);
  await expectImage(page, FIXTURE_INSTANCES.indexOf(SLICE) + 1, FIXTURE_INSTANCES.length);
  const greys: Record<string, number> = {};
  for (const presetId of ['liver', 'soft-tissue'] as const) {
    await applyPreset(presetId);
    for (const probe of PROBES.filter((p) => p.preset === presetId)) {
      const [center, edge] = await imageToClient(page, [probe.center, [probe.center[0] + probe.radiusPx, probe.center[1]]]);
      // A square well inside the ROI circle: 0.6 of the radius makes its corners reach 0.85.
      const half = Math.max(2, Math.floor(0.6 * Math.hypot(edge[0] - center[0], edge[1] - center[1])));
      greys[probe.tissue] = await screenGrey(page, center, half);
    }
  }
  return greys;
}

async function applyPreset(id: PresetId): Promise<void> {
  await page.evaluate((presetId) => window.emh.commands.run('viewport.preset', { id: presetId }), id);
  await expect(page.getByTestId('overlay-0').getByTestId('ov-window')).toHaveText(PRESETS[id].label);
  await nextFrames();
}

/** Cornerstone draws on the next animation frame; after two, the latest change is on screen. */
async function nextFrames(): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}
