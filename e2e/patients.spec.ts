import { expect, test, type Download, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { OTHER_PATIENT, otherPatientCt, relabelledCt } from './fixtures/dicomFixtures';
import {
  expectImage,
  imageToClient,
  measureL4AndLiver,
  openViewer,
  run,
  screenshot,
  seriesUID,
  truth,
  waitForSeriesLoaded,
  watchConsole,
} from './helpers';

type Point = [number, number];
type Inventory = {
  patient?: { id: string | null; name: string | null };
  studies: { studyInstanceUID: string }[];
  lesions: { id: string; longAxisMm: number | null }[];
  liver: { meanHU: number | null; rois: { meanHU: number }[] };
};
type Status = { patient: string; ready: boolean; storage: string; pending: number; savedAt: number | null; savedStudies: string[] };

/** The sample's files carry IssuerOfPatientID EMH-PHANTOM. */
const PHANTOM_KEY = `id:EMH-PHANTOM|${truth.patient.id}`;
const JANE_KEY = `id:${OTHER_PATIENT.id}`;
const LIVER = truth.organs.liver;
const CT_STUDY = truth.studies.find((s) => s.key === 'ct')?.studyInstanceUID ?? '';

const inventory = (page: Page): Promise<Inventory> => run(page, 'emh.inventory') as Promise<Inventory>;
const tab = (page: Page, key: string) => page.locator(`[data-testid="patient-tab"][data-patient-key="${key}"]`);

/** Opens the other patient's CT through the toolbar's file input, as a user picks files. */
async function openOtherPatient(page: Page): Promise<void> {
  await page.getByTestId('file-input').setInputFiles(otherPatientCt());
  await expect(tab(page, JANE_KEY)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('series-card')).toContainText(`${otherPatientCt().length} images`);
}

/** A click with the mouse on the middle of an element. */
async function clickWithMouse(page: Page, locator: ReturnType<Page['locator']>): Promise<void> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('not on screen');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.up();
}

async function switchTo(page: Page, key: string): Promise<void> {
  await clickWithMouse(page, tab(page, key));
  await expect(tab(page, key)).toHaveAttribute('aria-selected', 'true');
  // Already active by the click: this only waits until the viewports show that patient.
  await run(page, 'viewer.switchPatient', { key });
}

/**
 * The inventory once ROI statistics stopped changing: Cornerstone measures a drawn ellipse
 * again after the mouse is released, so the first value read may be of the last mouse move.
 */
async function settledInventory(page: Page): Promise<Inventory> {
  let last = JSON.stringify(await inventory(page));
  await expect
    .poll(async () => {
      await page.waitForTimeout(300);
      const now = JSON.stringify(await inventory(page));
      const same = now === last;
      last = now;
      return same;
    })
    .toBe(true);
  return JSON.parse(last) as Inventory;
}

/** A liver ROI drawn with the mouse: from the centre out to a corner of its bounding box. */
async function drawLiverRoi(page: Page, center: Point, radius: number): Promise<void> {
  await page.keyboard.press('h');
  const [[x0, y0], [x1, y1]] = await imageToClient(page, [center, [center[0] + radius, center[1] + radius]]);
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  await page.mouse.move(x1, y1, { steps: 8 });
  await page.mouse.up();
}

async function download(page: Page, testId: string): Promise<Download> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return file;
}

/** PatientID and every study UID a DICOM file names, read by dcmtk's dcmdump. */
function dumpIds(path: string): { patientId: string; studies: Set<string> } {
  const dump = spawnSync('dcmdump', ['+P', '0010,0020', '+P', '0020,000d', '+s', path], { encoding: 'utf8' });
  if (dump.error) throw new Error(`dcmdump could not run (install Debian package dcmtk): ${dump.error.message}`);
  if (dump.status !== 0) throw new Error(dump.stderr);
  const values = (tag: string) => [...dump.stdout.matchAll(new RegExp(`\\(${tag}\\) \\w\\w \\[([^\\]]*)\\]`, 'g'))].map((m) => m[1]);
  return { patientId: values('0010,0020')[0] ?? '', studies: new Set(values('0020,000d')) };
}

async function exportsOf(page: Page): Promise<{ json: Inventory; csv: string; sr: { patientId: string; studies: Set<string> } }> {
  const json = JSON.parse(readFileSync(await (await download(page, 'export-json')).path(), 'utf8')) as Inventory;
  const csv = readFileSync(await (await download(page, 'export-csv')).path(), 'utf8');
  const sr = dumpIds(await (await download(page, 'export-sr')).path());
  return { json, csv, sr };
}

function csvPatientIds(csv: string): Set<string> {
  const lines = csv
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter(Boolean);
  const column = lines[0].split(',').indexOf('patient_id');
  return new Set(lines.slice(1).map((line) => line.split(',')[column]));
}

test.describe.configure({ mode: 'serial' });

test("another patient's CT opens its own case; no summary, export or SR mixes the two", async ({ page }, testInfo) => {
  test.setTimeout(150_000);
  const problems = watchConsole(page);
  await openViewer(page);
  await waitForSeriesLoaded(page);
  await measureL4AndLiver(page);
  const phantomBefore = await inventory(page);
  expect(phantomBefore.liver.rois).toHaveLength(3);
  expect(phantomBefore.liver.meanHU).not.toBeNull();
  await expectImage(page, LIVER.recommendedSlice, 60);
  // A teaching key image of the phantom, with the key a radiologist presses.
  const [[mx, my]] = await imageToClient(page, [[128, 128]]);
  await page.mouse.move(mx, my);
  await page.keyboard.press('k');
  await expect.poll(async () => ((await run(page, 'emh.case')) as { keyImages: unknown[] }).keyImages.length).toBe(1);

  // The other patient's CT opens as a separate case, shown at once; the switcher names both.
  await openOtherPatient(page);
  await expect(page.getByTestId('patient-tab')).toHaveCount(2);
  await expect(tab(page, PHANTOM_KEY)).toContainText('EMH Phantom');
  await expect(tab(page, PHANTOM_KEY)).toContainText(`ID ${truth.patient.id}`);
  await expect(tab(page, JANE_KEY)).toContainText('DOE JANE');
  await expect(tab(page, JANE_KEY)).toContainText(`ID ${OTHER_PATIENT.id}`);
  await expect(page.getByTestId('series-card')).toHaveCount(1);
  await expect(page.getByTestId('emh-case-of')).toHaveText(`Case of DOE JANE · ID ${OTHER_PATIENT.id}`);
  await expect(page.getByTestId('overlay-0')).toContainText('DOE JANE');
  const fresh = await inventory(page);
  expect(fresh.patient?.id).toBe(OTHER_PATIENT.id);
  expect(fresh.lesions).toHaveLength(0);
  expect(fresh.liver.rois).toHaveLength(0);
  expect(((await run(page, 'emh.case')) as { keyImages: unknown[] }).keyImages, "the phantom's key image stays in its case").toEqual([]);
  const browserBox = await page.locator('.series-browser').boundingBox();
  const viewportBox = await page.getByTestId('overlay-0').boundingBox();
  await screenshot(page, testInfo, 'patients-other-case-open');

  // A liver ROI on the other patient, with the mouse: 1 ROI there, the phantom's stay 3.
  await page.evaluate(([uid]) => window.emh.show(uid, { instanceNumber: 24 }), [OTHER_PATIENT.seriesInstanceUID] as const);
  await drawLiverRoi(page, LIVER.rois[0].center, LIVER.rois[0].radiusPx);
  await expect.poll(async () => (await inventory(page)).liver.rois.length).toBe(1);
  const jane = await inventory(page);
  expect(Math.abs((jane.liver.meanHU ?? 0) - LIVER.ctHU)).toBeLessThan(3);
  await expect(page.getByTestId('liver-call')).toBeVisible();

  // Measuring the phantom's series while the other patient is on screen is refused in words.
  const refusal = await page.evaluate(
    ([uid, c]) =>
      window.emh.commands
        .run('emh.addHuRoi', { seriesInstanceUID: uid, instanceNumber: 24, center: c, radii: [6, 6], organ: 'liver' })
        .then(
          () => 'added',
          (e: Error) => e.message,
        ),
    [seriesUID('ct-nc'), LIVER.rois[1].center] as const,
  );
  expect(refusal).toMatch(/belongs to EMH Phantom · ID EMH-0001.*switch to that patient first/);
  expect((await inventory(page)).liver.rois).toHaveLength(1);

  const janeExports = await exportsOf(page);
  const janeSr = await (await download(page, 'export-sr')).path();
  expect(janeExports.json.patient?.id).toBe(OTHER_PATIENT.id);
  expect(janeExports.json.studies.map((s) => s.studyInstanceUID)).toEqual([OTHER_PATIENT.studyInstanceUID]);
  expect(janeExports.json.liver.rois).toHaveLength(1);
  expect(csvPatientIds(janeExports.csv)).toEqual(new Set([OTHER_PATIENT.id]));
  expect(janeExports.sr.patientId).toBe(OTHER_PATIENT.id);
  expect(janeExports.sr.studies.has(CT_STUDY)).toBe(false);
  await screenshot(page, testInfo, 'patients-other-case-measured');

  // Back to the phantom with a mouse click: its series, its image and its inventory, unchanged.
  await switchTo(page, PHANTOM_KEY);
  await expect(page.getByTestId('series-card')).toHaveCount(4);
  await expectImage(page, LIVER.recommendedSlice, 60);
  await expect(page.getByTestId('overlay-0')).toContainText('EMH Phantom');
  await expect(page.getByTestId('emh-case-of')).toHaveText('Case of EMH Phantom · ID EMH-0001 (EMH-PHANTOM)');
  const phantomAfter = await inventory(page);
  expect(phantomAfter.liver.rois).toHaveLength(3);
  expect(Math.abs((phantomAfter.liver.meanHU ?? 0) - (phantomBefore.liver.meanHU ?? 0))).toBeLessThanOrEqual(0.1);
  expect(phantomAfter.lesions.map((l) => l.id)).toEqual(['L1']);
  await expect(page.getByTestId('liver-call')).toContainText(/above/i);
  const after = await page.locator('.series-browser').boundingBox();
  expect(after?.width).toBe(browserBox?.width);
  expect((await page.getByTestId('overlay-0').boundingBox())?.x).toBe(viewportBox?.x);
  await screenshot(page, testInfo, 'patients-back-to-phantom');

  expect(((await run(page, 'emh.case')) as { keyImages: { instanceNumber: number }[] }).keyImages.map((k) => k.instanceNumber)).toEqual([
    LIVER.recommendedSlice,
  ]);
  // The other patient's report cannot be read into this case, though that patient is open too.
  await page.getByTestId('import-sr-input').setInputFiles(janeSr);
  await expect(page.locator('.notice.error')).toContainText(`belongs to patient ${OTHER_PATIENT.id}, not to the open case`);
  expect((await inventory(page)).liver.rois).toHaveLength(3);

  const phantomExports = await exportsOf(page);
  expect(phantomExports.json.patient?.id).toBe(truth.patient.id);
  expect(phantomExports.json.liver.rois).toHaveLength(3);
  expect(phantomExports.json.studies.map((s) => s.studyInstanceUID)).not.toContain(OTHER_PATIENT.studyInstanceUID);
  expect(csvPatientIds(phantomExports.csv)).toEqual(new Set([truth.patient.id]));
  expect(phantomExports.sr.patientId).toBe(truth.patient.id);
  expect(phantomExports.sr.studies.has(OTHER_PATIENT.studyInstanceUID)).toBe(false);

  // A lesion selected on the phantom does not follow to the other patient: a new drawing there is a new lesion.
  await page.getByTestId('lesion-row-L1').click();
  await switchTo(page, JANE_KEY);
  await page.evaluate(([uid]) => window.emh.show(uid, { instanceNumber: 24 }), [OTHER_PATIENT.seriesInstanceUID] as const);
  const l4 = truth.lesions.find((l) => l.id === 'L4');
  if (!l4) throw new Error('no L4');
  await page.keyboard.press('l');
  const [[ax, ay], [bx, by]] = await imageToClient(page, [l4.longAxis[0], l4.longAxis[1]]);
  await page.mouse.move(ax, ay);
  await page.mouse.down();
  await page.mouse.move(bx, by, { steps: 8 });
  await page.mouse.up();
  await expect.poll(async () => (await inventory(page)).lesions.length).toBe(1);
  await switchTo(page, PHANTOM_KEY);
  const phantomLesions = (await inventory(page)).lesions;
  expect(phantomLesions).toHaveLength(1);
  expect(phantomLesions[0].longAxisMm).toBeCloseTo(phantomBefore.lesions[0].longAxisMm ?? 0, 1);
  expect(problems).toEqual([]);
});

test("autosave keeps each patient's case apart, and a reload restores each into its own case", async ({ page }, testInfo) => {
  test.setTimeout(150_000);
  const status = (all = false) => run(page, 'emh.autosaveStatus', all ? { all: true } : {});
  await openViewer(page);
  await waitForSeriesLoaded(page);
  await expect.poll(async () => ((await status()) as Status).ready).toBe(true);
  await run(page, 'emh.clearAnnotations', { confirm: true });
  await measureL4AndLiver(page);
  const phantom = await inventory(page);
  await openOtherPatient(page);
  await page.evaluate(([uid]) => window.emh.show(uid, { instanceNumber: 24 }), [OTHER_PATIENT.seriesInstanceUID] as const);
  await drawLiverRoi(page, LIVER.rois[0].center, LIVER.rois[0].radiusPx);
  await expect.poll(async () => (await inventory(page)).liver.rois.length).toBe(1);
  const jane = await settledInventory(page);
  await expect
    .poll(async () => {
      const all = (await status(true)) as Record<string, Status>;
      return [PHANTOM_KEY, JANE_KEY].map((k) => all[k]?.storage === 'ok' && all[k].pending === 0 && all[k].savedAt !== null);
    })
    .toEqual([true, true]);
  const all = (await status(true)) as Record<string, Status>;
  expect(all[JANE_KEY].savedStudies).toEqual([OTHER_PATIENT.studyInstanceUID]);
  expect(all[PHANTOM_KEY].savedStudies).not.toContain(OTHER_PATIENT.studyInstanceUID);

  // What IndexedDB holds: each study's record names its own patient and only its own images.
  const records = (await page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('emh-viewer');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('inventories').objectStore('inventories').getAll();
          get.onsuccess = () => {
            open.result.close();
            resolve(get.result);
          };
        };
      }),
  )) as {
    study: string;
    patient: { id: string; name: string };
    snapshot: { state: { annotations: { ref: { studyInstanceUID: string } }[] } };
  }[];
  const janeRecord = records.find((r) => r.study === OTHER_PATIENT.studyInstanceUID);
  const ctRecord = records.find((r) => r.study === CT_STUDY);
  expect(janeRecord?.patient).toMatchObject({ id: OTHER_PATIENT.id, name: OTHER_PATIENT.name, birthDate: OTHER_PATIENT.birthDate });
  expect(ctRecord?.patient).toMatchObject({ id: truth.patient.id, issuer: 'EMH-PHANTOM', name: truth.patient.name });
  expect(new Set(janeRecord?.snapshot.state.annotations.map((a) => a.ref.studyInstanceUID))).toEqual(
    new Set([OTHER_PATIENT.studyInstanceUID]),
  );
  expect(ctRecord?.snapshot.state.annotations.some((a) => a.ref.studyInstanceUID === OTHER_PATIENT.studyInstanceUID)).toBe(false);

  // Reload: the phantom comes back alone, then the other patient's files bring back their own case.
  await page.reload();
  await page.evaluate(() => window.emh.ready);
  await waitForSeriesLoaded(page);
  await expect.poll(async () => (await inventory(page)).liver.rois.length).toBe(3);
  expect((await inventory(page)).lesions.map((l) => l.id)).toEqual(phantom.lesions.map((l) => l.id));
  await openOtherPatient(page);
  await expect.poll(async () => (await inventory(page)).liver.rois.length).toBe(1);
  const janeBack = await inventory(page);
  expect(janeBack.patient?.id).toBe(OTHER_PATIENT.id);
  expect(janeBack.lesions).toHaveLength(0);
  expect(Math.abs((janeBack.liver.meanHU ?? 0) - (jane.liver.meanHU ?? 0))).toBeLessThanOrEqual(0.1);
  await switchTo(page, PHANTOM_KEY);
  const phantomBack = await inventory(page);
  expect(phantomBack.liver.rois).toHaveLength(3);
  expect(Math.abs((phantomBack.liver.meanHU ?? 0) - (phantom.liver.meanHU ?? 0))).toBeLessThanOrEqual(0.1);
  await screenshot(page, testInfo, 'patients-after-reload');
});

test('the same patient ID with another name is flagged and kept apart; files without an ID are an unknown patient', async ({
  page,
}, testInfo) => {
  const problems = watchConsole(page);
  await openViewer(page);
  await waitForSeriesLoaded(page);
  await measureL4AndLiver(page, { liver: false });
  const impostor = relabelledCt(
    {
      id: truth.patient.id,
      issuer: 'EMH-PHANTOM',
      name: 'DOE^JOHN',
      birthDate: '19500101',
      studyInstanceUID: '2.25.7400100',
      seriesInstanceUID: '2.25.7400101',
      sopPrefix: '2.25.74002',
      description: 'SAME ID OTHER NAME',
    },
    24,
    26,
  );
  await page.getByTestId('file-input').setInputFiles(impostor);
  const conflictKey = `${PHANTOM_KEY}#2`;
  await expect(tab(page, conflictKey)).toHaveAttribute('aria-selected', 'true');
  await expect(tab(page, conflictKey)).toContainText('DOE JOHN');
  await expect(tab(page, conflictKey).locator('.patient-conflict')).toBeVisible();
  await expect(tab(page, conflictKey).locator('.patient-conflict')).toHaveText('⚠ Same ID, other name or birth date');
  await expect(page.locator('.notice.warning')).toContainText(
    /Same patient ID as EMH Phantom · ID EMH-0001 \(EMH-PHANTOM\), but another name EMH Phantom \/ DOE JOHN, birth date 1989-06-17 \/ 1950-01-01: kept as a separate case/,
  );
  expect((await inventory(page)).lesions).toHaveLength(0);

  const anonymous = relabelledCt(
    {
      id: null,
      issuer: '',
      name: '',
      birthDate: '',
      studyInstanceUID: '2.25.7500100',
      seriesInstanceUID: '2.25.7500101',
      sopPrefix: '2.25.75002',
      description: 'NO PATIENT ID',
    },
    24,
    25,
  );
  await page.getByTestId('file-input').setInputFiles(anonymous);
  const unknownKey = 'unknown-study:2.25.7500100';
  await expect(tab(page, unknownKey)).toHaveAttribute('aria-selected', 'true');
  await expect(tab(page, unknownKey)).toContainText('Unknown patient');
  await expect(tab(page, unknownKey)).toContainText('No patient ID · 2024-03-12 NO PATIENT ID');
  await expect(page.getByTestId('patient-tab')).toHaveCount(3);
  await expect(page.getByTestId('series-card')).toHaveCount(1);
  await page.waitForTimeout(500);
  await screenshot(page, testInfo, 'patients-conflict-and-unknown');

  await switchTo(page, PHANTOM_KEY);
  expect((await inventory(page)).lesions.map((l) => l.id)).toEqual(['L1']);
  expect(problems).toEqual([]);
});

test('a save of an older version that mixed two patients restores only the phantom into its case', async ({ page }) => {
  test.setTimeout(120_000);
  const MR_STUDY = truth.studies.find((st) => st.key === 'mr')?.studyInstanceUID ?? '';
  await openViewer(page);
  await waitForSeriesLoaded(page);
  await expect.poll(async () => ((await run(page, 'emh.autosaveStatus')) as Status).ready).toBe(true);
  await measureL4AndLiver(page);
  await openOtherPatient(page);
  await page.evaluate(([uid]) => window.emh.show(uid, { instanceNumber: 24 }), [OTHER_PATIENT.seriesInstanceUID] as const);
  await drawLiverRoi(page, LIVER.rois[0].center, LIVER.rois[0].radiusPx);
  await expect
    .poll(async () => {
      const all = (await run(page, 'emh.autosaveStatus', { all: true })) as Record<string, Status>;
      return [PHANTOM_KEY, JANE_KEY].map((k) => all[k]?.pending === 0 && all[k].savedAt !== null && all[k].savedStudies.length > 0);
    })
    .toEqual([true, true]);
  await settledInventory(page);

  // What an older version wrote: one case holding both patients, with no patient named.
  const written = await page.evaluate(
    ([ct, mr, jane]) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('emh-viewer');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const read = db.transaction('inventories').objectStore('inventories');
          const getCt = read.get(ct);
          const getJane = read.get(jane);
          getJane.onsuccess = () => {
            type Rec = {
              study: string;
              patient?: unknown;
              savedAt: number;
              studies: string[];
              snapshot: { state: { annotations: unknown[]; lesions: unknown[] } };
            };
            const phantom = getCt.result as Rec;
            const other = getJane.result as Rec;
            const { patient: _dropped, ...withoutPatient } = phantom;
            const mixed = {
              ...withoutPatient,
              savedAt: Date.now(),
              studies: [...phantom.studies, jane],
              snapshot: {
                ...phantom.snapshot,
                state: {
                  ...phantom.snapshot.state,
                  annotations: [...phantom.snapshot.state.annotations, ...other.snapshot.state.annotations],
                  lesions: [...phantom.snapshot.state.lesions, ...other.snapshot.state.lesions],
                },
              },
            };
            const write = db.transaction('inventories', 'readwrite');
            const store = write.objectStore('inventories');
            store.put({ ...mixed, study: ct });
            store.put({ ...mixed, study: mr });
            store.delete(jane);
            write.oncomplete = () => {
              db.close();
              resolve(mixed.snapshot.state.annotations.length);
            };
            write.onerror = () => reject(write.error);
          };
        };
      }),
    [CT_STUDY, MR_STUDY, OTHER_PATIENT.studyInstanceUID] as const,
  );
  expect(written).toBe(5); // L4's axes, three liver ROIs of the phantom, one of the other patient

  await page.reload();
  await page.evaluate(() => window.emh.ready);
  await waitForSeriesLoaded(page);
  await expect.poll(async () => (await inventory(page)).liver.rois.length).toBe(3);
  await expect(page.locator('.notice.warning')).toContainText('1 saved measurement was on studies not open now and not restored');
  const keys = (await page.evaluate(
    () =>
      new Promise<string[]>((resolve) => {
        const open = indexedDB.open('emh-viewer');
        open.onsuccess = () => {
          const get = open.result.transaction('inventories').objectStore('inventories').getAllKeys();
          get.onsuccess = () => {
            open.result.close();
            resolve(get.result as string[]);
          };
        };
      }),
  )) as string[];
  expect(keys.some((k) => k.startsWith(`${CT_STUDY}#before-patients@`))).toBe(true);

  // The other patient opens: nothing of theirs is in the phantom's case, and theirs starts empty.
  await openOtherPatient(page);
  expect((await inventory(page)).liver.rois).toHaveLength(0);
  await switchTo(page, PHANTOM_KEY);
  expect((await inventory(page)).liver.rois).toHaveLength(3);
});
