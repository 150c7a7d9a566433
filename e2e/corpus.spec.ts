/**
 * Right numbers on real images: every file of pydicom's test corpus goes through
 * `emh.load({urls})`, and each one either shows or is refused with a reason a person can read.
 * On every grayscale CT or MR image that shows, an ellipse placed through the API reports the
 * mean, SD, min, max and pixel count numpy computes on the same pixels (e2e/support/roiTruth.py),
 * and a bidirectional measurement reports the mm PixelSpacing implies (else ImagerPixelSpacing,
 * said to be at the detector; none when nothing calibrates the image).
 *
 * Files that share a SOP Instance UID (MR_small.dcm and its re-encodings) cannot be open
 * together, so the corpus is opened in a few pages, each in a fresh browser context (its own
 * IndexedDB, so nothing is restored from the last page).
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readMeasurementReport } from '../extensions/emh/sr/rules/srRead';
import { openViewer, watchConsole } from './helpers';
import {
  CORPUS_DIR,
  LOSSLESS,
  LOSSY,
  batches,
  corpusMissing,
  corpusTruth,
  corpusUrl,
  fileOfUrlName,
  fmt,
  statsMismatches,
  table,
  type CorpusFileTruth,
  type CorpusRow,
  type MeasuredStats,
} from './support/corpus';
import { errorMessage } from '../src/util/errorMessage';

const ARTIFACT_DIR = 'e2e/artifacts';
/**
 * A reason is words a person understands: not empty, and none of a program's insides (a
 * JavaScript error, a parser's parameter names, camelCase identifiers, a stack frame).
 */
const UNREADABLE = [
  /^\W*$/,
  /\[object/,
  /\bundefined\b/,
  /\bnull\b/,
  /Cannot read propert/,
  /parameter '/,
  /\b[a-z]+[A-Z]\w*\b/,
  /\bat \S+ \(/,
];
function unreadable(reason: string): string | null {
  const hit = UNREADABLE.find((pattern) => pattern.test(reason));
  return hit ? `"${reason}" is not in words a person understands (${hit.source})` : null;
}

interface FileResult {
  truth: CorpusFileTruth;
  outcome: CorpusRow['outcome'];
  reason: string;
  problems: string[];
  roi: { measured: MeasuredStats | null; note: string; annotationUID?: string; mr?: boolean } | null;
  lesion:
    | {
        longAxisMm: number | null;
        shortAxisMm: number | null;
        lengthCalibration: string | null;
        axesPx: { longAxisPx: number; shortAxisPx: number } | null;
      }
    | { error: string }
    | null;
}

/** How the EMH commands name an image: by InstanceNumber (first frame), else stack position. */
type ImageAddress = { seriesInstanceUID: string; instanceNumber: number } | { seriesInstanceUID: string; imageIndex: number };

const missing = corpusMissing();

/**
 * The corpus is read in two halves (every other file), each a test of its own that the two
 * Playwright workers run side by side: read in one test, it was the suite's longest test
 * (3.6 min on a 2-core machine) and often its last. Each half opens its files once, and each
 * part below is a step whose soft assertions name every file that fails, so one broken file
 * never hides the others.
 */
const PARTS = 2;
test.describe.configure({ mode: 'parallel' });

for (let part = 0; part < PARTS; part++) {
  test(`pydicom test files, part ${part + 1} of ${PARTS}: each shows or is refused with a reason; ROI statistics and mm are right`, async ({
    browser,
  }, testInfo) => {
    test.setTimeout(240_000);
    if (process.env.CI === 'true') expect(missing, 'CI needs Debian python3-pydicom').toBeNull();
    test.skip(missing !== null, missing ?? '');
    const all = corpusTruth();
    const files = all.filter((_, index) => index % PARTS === part);
    const results: FileResult[] = [];
    for (const group of batches(files)) results.push(...(await openBatch(browser, testInfo.project.use.baseURL ?? '', group)));
    results.sort((x, y) => files.indexOf(x.truth) - files.indexOf(y.truth));
    const text = `${summarise(results, `part ${part + 1} of ${PARTS} (every other file)`)}\n\n${table(results.map(row))}\n`;
    mkdirSync(ARTIFACT_DIR, { recursive: true });
    writeFileSync(join(ARTIFACT_DIR, `corpus-part${part + 1}.md`), text);
    writeFileSync(join(ARTIFACT_DIR, `corpus-part${part + 1}.json`), JSON.stringify(results, null, 1));
    console.log(text);
    await testInfo.attach('corpus', { body: text, contentType: 'text/markdown' });
    expect(results.length, 'files in this part of the corpus').toBe(files.length);

    await test.step('every file shows, or is refused with a readable reason, and nothing goes to the console', () => {
      for (const r of results) {
        expect.soft(r.outcome, `${r.truth.file}: ${r.reason}`).not.toMatch(/^(not shown|lost)$/);
        if (r.outcome === 'refused') expect.soft(unreadable(r.reason), `${r.truth.file}: refused without a readable reason`).toBeNull();
        expect.soft(r.problems, `${r.truth.file}: page errors / console errors`).toEqual([]);
      }
    });

    await test.step('ROI mean, SD, min, max and pixel count equal numpy on every CT and MR image', () => {
      const measured = results.filter(
        (r) => r.outcome === 'loaded' && r.truth.roi?.stats && (r.truth.modality === 'CT' || r.truth.modality === 'MR'),
      );
      // Over the whole corpus more than 20; every other file gives each half more than 10.
      expect.soft(measured.length, 'CT and MR images with a reference').toBeGreaterThan(20 / PARTS);
      for (const r of measured) {
        const reference = r.truth.roi?.stats;
        if (!reference) continue;
        expect.soft(r.roi?.measured ?? null, `${r.truth.file}: ${r.roi?.note}`).not.toBeNull();
        if (!r.roi?.measured) continue;
        expect.soft(statsMismatches(r.roi.measured, reference, r.truth.lossy ? LOSSY : LOSSLESS), r.truth.file).toEqual([]);
      }
    });

    await test.step('a bidirectional measurement gives the mm its calibration implies (PixelSpacing, else ImagerPixelSpacing), none without', () => {
      const shown = results.filter((r) => r.outcome === 'loaded' && r.truth.lesion);
      expect.soft(shown.length).toBeGreaterThan(30 / PARTS);
      for (const r of shown) {
        const problem = lesionMismatch(r);
        expect.soft(problem, r.truth.file).toBeNull();
      }
    });
  });
}

async function openBatch(browser: Browser, baseURL: string, files: CorpusFileTruth[]): Promise<FileResult[]> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1400, height: 900 } });
  await context.route('**/corpus/*', (route) => {
    const name = new URL(route.request().url()).pathname.split('/').pop() ?? '';
    return route.fulfill({ body: readFileSync(join(CORPUS_DIR, fileOfUrlName(name))), contentType: 'application/dicom' });
  });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await openViewer(page, '?empty');
  const out: FileResult[] = [];
  try {
    for (const truth of files) out.push(await openFile(page, problems, truth));
    await addMrMinMax(page, out);
  } finally {
    await context.close();
  }
  return out;
}

async function openFile(page: Page, problems: string[], truth: CorpusFileTruth): Promise<FileResult> {
  const problemsBefore = problems.length;
  const result: FileResult = { truth, outcome: 'loaded', reason: '', problems: [], roi: null, lesion: null };
  const countsBefore = await seriesCounts(page);
  const report = await page.evaluate((url) => window.emh.load({ urls: [url] }), corpusUrl(truth.file));
  if (report.refused.length > 0) {
    result.outcome = 'refused';
    result.reason = report.refused.map((r) => r.reason).join('; ');
  } else if (report.documents > 0) {
    result.outcome = 'document';
  } else if (report.loaded === 0) {
    result.outcome = 'lost';
    result.reason = 'emh.load counted it nowhere: loaded 0, refused 0, documents 0';
  } else {
    const countsAfter = await seriesCounts(page);
    const seriesUID = Object.keys(countsAfter).find((uid) => countsAfter[uid] !== countsBefore[uid]);
    if (!seriesUID) {
      result.outcome = 'not shown';
      result.reason = 'loaded, but no series gained an image';
    } else {
      await showAndMeasure(page, truth, seriesUID, countsBefore[seriesUID] === undefined, result);
    }
  }
  result.problems = [...new Set(problems.slice(problemsBefore).map((p) => p.split('\n')[0]))];
  return result;
}

async function showAndMeasure(
  page: Page,
  truth: CorpusFileTruth,
  seriesInstanceUID: string,
  newSeries: boolean,
  result: FileResult,
): Promise<void> {
  const instanceNumber = truth.instanceNumber ?? undefined;
  const shown = await attempt(() =>
    page.evaluate(([uid, n]) => window.emh.show(uid, n === undefined ? {} : { instanceNumber: n }), [
      seriesInstanceUID,
      instanceNumber,
    ] as const),
  );
  await settle(page);
  const decodeRefusal = await refusalShown(page, truth.file);
  if (decodeRefusal !== null) {
    result.outcome = 'refused';
    result.reason = decodeRefusal;
    return;
  }
  const overlay = (await page.getByTestId('overlay-0').getByTestId('ov-image').textContent()) ?? '';
  if (shown !== null || !/^Im \d+ \/ \d+$/.test(overlay)) {
    result.outcome = 'not shown';
    result.reason = shown ?? `the viewport says "${overlay}"`;
    return;
  }
  // Without InstanceNumber the API takes the position in the stack: 0 when the file (its
  // first frame) is all its series holds.
  if (instanceNumber === undefined && !newSeries) {
    result.lesion = { error: 'no InstanceNumber, and other images share its series: its stack position is unknown here' };
    result.roi = truth.roi?.stats ? { measured: null, note: 'no InstanceNumber in a shared series' } : null;
    return;
  }
  const image: ImageAddress = instanceNumber === undefined ? { seriesInstanceUID, imageIndex: 0 } : { seriesInstanceUID, instanceNumber };
  if (truth.lesion) result.lesion = await measureLesion(page, image, truth);
  if (truth.roi) result.roi = await measureRoi(page, image, truth);
}

async function measureLesion(page: Page, image: ImageAddress, truth: CorpusFileTruth): Promise<FileResult['lesion']> {
  const lesion = truth.lesion;
  if (!lesion) return null;
  try {
    return await page.evaluate(
      async ([img, axes]) => {
        const id = await window.emh.commands.run('emh.addLesion', {
          ...img,
          longAxis: axes.longAxis,
          shortAxis: axes.shortAxis,
          site: 'presacral',
        });
        type Lesions = {
          lesions: {
            id: string;
            longAxisMm: number | null;
            shortAxisMm: number | null;
            lengthCalibration: string | null;
            axesPx: { longAxisPx: number; shortAxisPx: number } | null;
            history: { timepoint: string; status: string }[];
          }[];
        };
        const whole = (await window.emh.commands.run('emh.inventory')) as Lesions;
        // The corpus holds patients with several visits: a lesion measured on an earlier visit's
        // image is read from that visit's inventory (the case's rows show the latest visit).
        const visit = whole.lesions.find((l) => l.id === id)?.history.find((h) => h.status !== 'not-measured')?.timepoint;
        const latest = whole.lesions.find((l) => l.id === id)?.history.at(-1)?.timepoint;
        const inventory =
          visit === undefined || visit === latest
            ? whole
            : ((await window.emh.commands.run('emh.inventory', { timepoint: visit })) as Lesions);
        const found = inventory.lesions.find((l) => l.id === id);
        if (!found) throw new Error(`lesion ${String(id)} is not in the inventory`);
        return {
          longAxisMm: found.longAxisMm,
          shortAxisMm: found.shortAxisMm,
          lengthCalibration: found.lengthCalibration,
          axesPx: found.axesPx,
        };
      },
      [image, lesion] as const,
    );
  } catch (error) {
    return { error: messageOf(error) };
  }
}

async function measureRoi(page: Page, image: ImageAddress, truth: CorpusFileTruth): Promise<FileResult['roi']> {
  const roi = truth.roi;
  if (!roi) return null;
  const modality = truth.modality ?? '';
  const ellipse = { ...image, center: roi.center, radii: roi.radii };
  if (modality !== 'CT' && modality !== 'MR') {
    // Neither EMH ROI tool measures other modalities: the HU tool is asked anyway, and must say no.
    const refusal = await attempt(() =>
      page.evaluate((args) => window.emh.commands.run('emh.addHuRoi', { ...args, organ: 'liver' }), ellipse),
    );
    return {
      measured: null,
      note: `no EMH ROI tool takes ${modality || 'no modality'}; the HU tool said: ${refusal ?? 'nothing (it measured!)'}`,
    };
  }
  try {
    return await page.evaluate(
      async ([args, isCt]) => {
        const placed = (await window.emh.commands.run(
          isCt ? 'emh.addHuRoi' : 'emh.addSignalRoi',
          isCt ? { ...args, organ: 'liver' } : { ...args, role: 'muscle' },
        )) as { annotationUID: string };
        const inventory = (await window.emh.commands.run('emh.inventory')) as {
          liver: { rois: { annotationUID: string; meanHU: number; sdHU: number; minHU: number; maxHU: number; pixelCount: number }[] };
          muscleReferences: { annotationUID: string; mean: number; sd: number; pixelCount: number }[];
        };
        if (isCt) {
          const r = inventory.liver.rois.find((x) => x.annotationUID === placed.annotationUID);
          if (!r) throw new Error('the ROI is not in the inventory');
          return {
            measured: { mean: r.meanHU, sd: r.sdHU, min: r.minHU, max: r.maxHU, count: r.pixelCount },
            note: 'emh.addHuRoi (liver)',
            annotationUID: placed.annotationUID,
          };
        }
        const m = inventory.muscleReferences.find((x) => x.annotationUID === placed.annotationUID);
        if (!m) throw new Error('the ROI is not in the inventory');
        return {
          measured: { mean: m.mean, sd: m.sd, min: null, max: null, count: m.pixelCount },
          note: 'emh.addSignalRoi (muscle)',
          annotationUID: placed.annotationUID,
          mr: true,
        };
      },
      [ellipse, modality === 'CT'] as const,
    );
  } catch (error) {
    return { measured: null, note: `the ROI could not be made: ${messageOf(error)}` };
  }
}

/**
 * The inventory gives a muscle reference's mean, SD and pixel count but not its min and max; the
 * DICOM SR export carries all five, so they are read back from it.
 */
async function addMrMinMax(page: Page, out: FileResult[]): Promise<void> {
  const mr = out.filter((r) => r.roi?.mr && r.roi.measured && r.roi.annotationUID);
  if (mr.length === 0) return;
  let bytes: number[];
  try {
    bytes = await page.evaluate(async () => {
      const blob = (await window.emh.commands.run('emh.export', { format: 'sr' })) as Blob;
      return Array.from(new Uint8Array(await blob.arrayBuffer()));
    });
  } catch (error) {
    for (const r of mr) if (r.roi) r.roi.note += `; min/max: the SR export failed (${messageOf(error)})`;
    return;
  }
  const report = readMeasurementReport(Uint8Array.from(bytes));
  for (const r of mr) {
    const read = report.annotations.find((a) => a.annotationUID === r.roi?.annotationUID);
    if (r.roi?.measured && read && read.kind === 'signalRoi') {
      r.roi.measured.min = read.stats.min;
      r.roi.measured.max = read.stats.max;
    } else if (r.roi) r.roi.note += '; min/max: not in the SR export';
  }
}

/**
 * Every image is decoded in the background as it arrives, and a decoding failure is reported a
 * moment later: wait for it, so that it is charged to this file and not to the next one.
 */
async function settle(page: Page): Promise<void> {
  await page.evaluate(
    () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 150)))),
  );
}

async function seriesCounts(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => Object.fromEntries(window.emh.series().map((s) => [s.seriesInstanceUID, s.imageCount])));
}

/** The reason the load status lists for a file that was read but could not be decoded. */
async function refusalShown(page: Page, file: string): Promise<string | null> {
  const items = await page.getByTestId('refusals').locator('li').allInnerTexts();
  const prefix = `${decodeURIComponent(corpusUrl(file).split('/').pop() ?? '')}: `;
  const encodedPrefix = `${corpusUrl(file).split('/').pop() ?? ''}: `;
  const hit = items.find((t) => t.startsWith(prefix) || t.startsWith(encodedPrefix));
  return hit ? hit.slice(hit.indexOf(': ') + 2) : null;
}

async function attempt(action: () => Promise<unknown>): Promise<string | null> {
  try {
    await action();
    return null;
  } catch (error) {
    return messageOf(error);
  }
}

function messageOf(error: unknown): string {
  const message = errorMessage(error);
  // page.evaluate wraps the page's error: keep the page's own words.
  return message.replace(/^page\.evaluate: (Error: )?/, '').split('\n')[0];
}

function row(r: FileResult): CorpusRow {
  const reference = r.truth.roi?.stats;
  let roi = '';
  let roiOk: boolean | null = null;
  if (r.roi?.measured && reference) {
    const m = r.roi.measured;
    const problems = statsMismatches(m, reference, r.truth.lossy ? LOSSY : LOSSLESS);
    roiOk = problems.length === 0;
    roi = `mean ${fmt(m.mean)} / ${fmt(reference.mean)}, SD ${fmt(m.sd)} / ${fmt(reference.sd)}, min ${fmt(m.min)} / ${fmt(reference.min)}, max ${fmt(m.max)} / ${fmt(reference.max)}, n ${m.count} / ${reference.count}`;
  } else if (r.roi) {
    roi = r.roi.note + (reference ? '' : r.truth.roi?.unavailable ? `; numpy: ${r.truth.roi.unavailable}` : '');
    roiOk = reference && (r.truth.modality === 'CT' || r.truth.modality === 'MR') ? false : null;
  } else if (r.outcome === 'loaded' && r.truth.roi?.unavailable) {
    roi = `numpy: ${r.truth.roi.unavailable}`;
  }
  let lesion = '';
  const expected = r.truth.lesion;
  if (r.lesion && 'error' in r.lesion) lesion = r.lesion.error;
  else if (r.lesion && expected) {
    lesion =
      expected.longAxisMm !== null
        ? `${fmt(r.lesion.longAxisMm, 5)} x ${fmt(r.lesion.shortAxisMm, 5)} mm (${r.lesion.lengthCalibration}) / ${fmt(expected.longAxisMm, 5)} x ${fmt(expected.shortAxisMm, 5)} (${expected.calibration})`
        : `uncalibrated: ${fmt(r.lesion.longAxisMm)} x ${fmt(r.lesion.shortAxisMm)} mm, ${fmt(r.lesion.axesPx?.longAxisPx)} x ${fmt(r.lesion.axesPx?.shortAxisPx)} px / ${fmt(expected.longAxisPx)} x ${fmt(expected.shortAxisPx)} px`;
  }
  const lesionOk = r.lesion ? lesionMismatch(r) === null : null;
  const reason = [r.reason, ...r.problems].filter(Boolean).join('; ').replaceAll('|', '/');
  return { file: r.truth.file, outcome: r.outcome, reason, roi, roiOk, lesion, lesionOk };
}

function summarise(results: FileResult[], part: string): string {
  const count = (outcome: CorpusRow['outcome']): number => results.filter((r) => r.outcome === outcome).length;
  const rows = results.map(row);
  const roiRows = rows.filter((r) => r.roiOk !== null);
  const lesionRows = rows.filter((r) => r.lesionOk !== null);
  return [
    `Corpus: ${CORPUS_DIR}, ${part}: ${results.length} files.`,
    `Loaded and shown: ${count('loaded')}; refused with a reason: ${count('refused')}; documents: ${count('document')}; not shown: ${count('not shown')}; counted nowhere: ${count('lost')}.`,
    `ROI statistics equal to numpy: ${roiRows.filter((r) => r.roiOk).length} of ${roiRows.length} CT / MR images.`,
    `Bidirectional mm as the calibration implies (or none): ${lesionRows.filter((r) => r.lesionOk).length} of ${lesionRows.length}.`,
    `Files with console or page errors: ${results.filter((r) => r.problems.length > 0).length}.`,
  ].join('\n');
}

/**
 * Cornerstone keeps world points in Float32Array (gl-matrix vec3): a few ulps of 1e-5 mm per
 * coordinate at 200 mm from the origin, so lengths agree with the float64 hand computation to
 * 1e-3 mm (1.3e-4 mm seen), a thousandth of a pixel; a wrong spacing is off by far more.
 */
const MM_TOLERANCE = 1e-3;

/** What is wrong with a file's bidirectional measurement, or null when it is right. */
function lesionMismatch(r: FileResult): string | null {
  const expected = r.truth.lesion;
  const lesion = r.lesion;
  if (!expected) return null;
  if (!lesion) return 'no measurement was made';
  if ('error' in lesion) return `the measurement could not be made: ${lesion.error}`;
  if (lesion.lengthCalibration !== expected.calibration)
    return `mm from ${lesion.lengthCalibration ?? 'nothing'}, expected ${expected.calibration ?? 'none (pixels)'}`;
  if (expected.longAxisMm === null || expected.shortAxisMm === null) {
    if (lesion.longAxisMm !== null || lesion.shortAxisMm !== null)
      return `nothing calibrates it, yet ${lesion.longAxisMm} x ${lesion.shortAxisMm} mm`;
    const px = lesion.axesPx;
    if (!px || Math.abs(px.longAxisPx - expected.longAxisPx) > 1e-6 || Math.abs(px.shortAxisPx - expected.shortAxisPx) > 1e-6) {
      return `pixels ${px?.longAxisPx} x ${px?.shortAxisPx}, expected ${expected.longAxisPx} x ${expected.shortAxisPx}`;
    }
    return null;
  }
  const off = (a: number | null, b: number): boolean => a === null || Math.abs(a - b) > MM_TOLERANCE;
  if (off(lesion.longAxisMm, expected.longAxisMm) || off(lesion.shortAxisMm, expected.shortAxisMm)) {
    return `${lesion.longAxisMm} x ${lesion.shortAxisMm} mm, the ${expected.calibration} spacing gives ${expected.longAxisMm} x ${expected.shortAxisMm}`;
  }
  return null;
}
