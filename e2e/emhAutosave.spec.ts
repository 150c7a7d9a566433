import { expect, test, type Page } from '@playwright/test';
import { openViewer, screenshot, seriesUID, truth, waitForSeriesLoaded, watchConsole } from './helpers';

type Status = {
  ready: boolean;
  notDrawn: number;
  storage: string;
  savedAt: number | null;
  pending: number;
  savedStudies: string[];
  lockedElsewhere: string[];
  lastError: string | null;
};

type Inventory = { lesions: { id: string; notes: string; longAxisMm: number | null }[]; liver: { rois: unknown[] } };

const L4 =
  truth.lesions.find((l) => l.id === 'L4') ??
  (() => {
    throw new Error('no L4 in truth');
  })();
const L5 =
  truth.lesions.find((l) => l.id === 'L5') ??
  (() => {
    throw new Error('no L5 in truth');
  })();
const CT_STUDY = truth.studies.find((s) => s.key === 'ct')?.studyInstanceUID ?? '';
const LIVER = truth.organs.liver;

const run = (page: Page, name: string, args: Record<string, unknown> = {}): Promise<unknown> =>
  page.evaluate(([n, a]) => window.emh.commands.run(n, a), [name, args] as const);

const status = (page: Page): Promise<Status> => run(page, 'emh.autosaveStatus') as Promise<Status>;
const inventory = (page: Page): Promise<Inventory> => run(page, 'emh.inventory') as Promise<Inventory>;

/** Every number to 0.01, so a restored inventory can be compared with the one saved. */
function rounded(value: unknown): unknown {
  if (typeof value === 'number') return Math.round(value * 100) / 100;
  if (Array.isArray(value)) return value.map(rounded);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]));
  return value;
}

async function openCase(page: Page): Promise<void> {
  await openViewer(page);
  await waitForSeriesLoaded(page);
  await expect.poll(async () => (await status(page)).ready).toBe(true);
}

/** Every change made so far is committed to IndexedDB. */
async function allSaved(page: Page): Promise<void> {
  await expect
    .poll(async () => {
      const s = await status(page);
      return s.storage === 'ok' && s.pending === 0 && s.savedAt !== null;
    })
    .toBe(true);
}

const addL4 = (page: Page): Promise<unknown> =>
  run(page, 'emh.addLesion', {
    seriesInstanceUID: seriesUID('ct-nc'),
    instanceNumber: L4.slice,
    longAxis: L4.longAxis,
    shortAxis: L4.shortAxis,
    site: 'presacral',
  });

const addL5 = (page: Page): Promise<unknown> =>
  run(page, 'emh.addLesion', {
    seriesInstanceUID: seriesUID('ct-nc'),
    instanceNumber: L5.slice,
    longAxis: L5.longAxis,
    shortAxis: L5.shortAxis,
    site: 'spleen',
  });

const addLiverRoi = (page: Page): Promise<unknown> =>
  run(page, 'emh.addHuRoi', {
    seriesInstanceUID: seriesUID('ct-nc'),
    instanceNumber: LIVER.recommendedSlice,
    center: LIVER.rois[0].center,
    radii: [6, 6],
    organ: 'liver',
  });

/** The text Cornerstone draws beside the annotations of the image on screen. */
const onImage = (page: Page, text: string | RegExp) => page.locator('svg text', { hasText: text });

/** What the page's IndexedDB holds for a study (lesion ids), read directly. */
function savedLesionIds(page: Page, study: string): Promise<string[] | null> {
  return page.evaluate(
    (key) =>
      new Promise<string[] | null>((resolve, reject) => {
        const open = indexedDB.open('emh-viewer');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const get = db.transaction('inventories').objectStore('inventories').get(key);
          get.onerror = () => reject(get.error);
          get.onsuccess = () => {
            db.close();
            const record = get.result as { snapshot: { state: { lesions: { id: string }[] } } } | undefined;
            resolve(record ? record.snapshot.state.lesions.map((l) => l.id) : null);
          };
        };
      }),
    study,
  );
}

test('a reload restores the whole inventory and draws the annotations again', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const problems = watchConsole(page);
  await openCase(page);
  expect(await addL4(page)).toBe('L1');
  await run(page, 'emh.addHuRoi', {
    seriesInstanceUID: seriesUID('ct-nc'),
    instanceNumber: L4.slice,
    center: L4.roi.center,
    radii: L4.roi.radii,
    organ: 'lesion',
    lesionId: 'L1',
  });
  const muscle = L4.muscleReference.right;
  await run(page, 'emh.addSignalRoi', {
    seriesInstanceUID: seriesUID('mr-t2'),
    instanceNumber: L4.muscleReference.slice,
    center: muscle.center,
    radii: [muscle.radiusPx, muscle.radiusPx],
    role: 'muscle',
  });
  await run(page, 'emh.addSignalRoi', {
    seriesInstanceUID: seriesUID('mr-t2'),
    instanceNumber: L4.slice,
    center: L4.roi.center,
    radii: L4.roi.radii,
    role: 'lesion',
    lesionId: 'L1',
  });
  await addLiverRoi(page);
  await run(page, 'emh.updateLesion', { lesionId: 'L1', notes: 'iron-laden; compare with 2023' });
  await run(page, 'emh.setLiverCall', { call: 'above' });
  await allSaved(page);
  const before = await inventory(page);
  expect(before.lesions).toHaveLength(1);

  await page.reload();
  await page.evaluate(() => window.emh.ready);
  await waitForSeriesLoaded(page);
  await expect.poll(async () => (await status(page)).ready).toBe(true);
  await expect(page.locator('.notice', { hasText: 'Restored 1 lesion and 5 annotations' })).toHaveCount(1);
  expect(rounded(await inventory(page))).toEqual(rounded(before));

  // Drawn again on their images, with the same labels as before the reload.
  await page.evaluate((uid) => window.emh.show(uid, { instanceNumber: 53 }), seriesUID('ct-nc'));
  await expect(onImage(page, 'L1 10.0 x 5.7 cm')).toHaveCount(1);
  await expect(onImage(page, /^L1 4\d ± \d+ HU, \d+\.\d+ cm²$/)).toHaveCount(1);
  await page.evaluate((uid) => window.emh.show(uid, { instanceNumber: 53 }), seriesUID('mr-t2'));
  await expect(onImage(page, /^L1 T2 \d+ ± \d+, \d+\.\d+ cm²hypointense to muscle, ratio 0\.5\d$/)).toHaveCount(1);
  await screenshot(page, testInfo, 'emh-autosave-restored');
  // Undo history is not carried over, but editing carries on with the next id.
  expect(await addL5(page)).toBe('L2');
  expect(problems).toEqual([]);
});

test('a study opened alone gets the whole inventory; annotations on images not open wait for them', async ({ page, context }) => {
  test.setTimeout(150_000);
  await openCase(page);
  await addL4(page);
  const muscle = L4.muscleReference.right;
  await run(page, 'emh.addSignalRoi', {
    seriesInstanceUID: seriesUID('mr-t2'),
    instanceNumber: L4.muscleReference.slice,
    center: muscle.center,
    radii: [muscle.radiusPx, muscle.radiusPx],
    role: 'muscle',
  });
  await run(page, 'emh.addSignalRoi', {
    seriesInstanceUID: seriesUID('mr-t2'),
    instanceNumber: L4.slice,
    center: L4.roi.center,
    radii: L4.roi.radii,
    role: 'lesion',
    lesionId: 'L1',
  });
  await allSaved(page);
  const { lesions, muscleReferences } = (await inventory(page)) as Inventory & { muscleReferences: unknown[] };
  await page.close();

  // Only the CT slice of L4: the MR ROIs stay in the inventory, drawn nowhere.
  const ctOnly = await context.newPage();
  const problems = watchConsole(ctOnly);
  await openViewer(ctOnly, `?url=sample/ct-nc/IM-${String(L4.slice).padStart(4, '0')}.dcm`);
  await waitForSeriesLoaded(ctOnly);
  await expect.poll(async () => (await status(ctOnly)).ready).toBe(true);
  await expect(ctOnly.locator('.notice', { hasText: '2 on images that are not open are kept' })).toHaveCount(1);
  const partial = (await inventory(ctOnly)) as Inventory & { muscleReferences: unknown[] };
  expect(rounded({ lesions: partial.lesions, muscleReferences: partial.muscleReferences })).toEqual(rounded({ lesions, muscleReferences }));
  await expect(onImage(ctOnly, 'L1 10.0 x 5.7 cm')).toHaveCount(1);
  await expect(onImage(ctOnly, /T2/)).toHaveCount(0);

  // The MR slice arrives later: its ROIs are drawn on it, and both studies stay saved.
  const mr = `sample/mr-t2/IM-${String(L4.slice).padStart(4, '0')}.dcm`;
  expect((await status(ctOnly)).notDrawn).toBe(2);
  await ctOnly.evaluate((url) => window.emh.load({ urls: [url] }), mr);
  await expect.poll(async () => (await status(ctOnly)).notDrawn).toBe(0);
  // Cornerstone's CPU viewport throws if it draws an annotation while switching stacks, so
  // the series is shown once the frames that draw the newly placed annotations have passed.
  await ctOnly.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  await ctOnly.evaluate((uid) => window.emh.show(uid, { instanceNumber: 53 }), seriesUID('mr-t2'));
  await expect(onImage(ctOnly, /^L1 T2 \d+ ± \d+, \d+\.\d+ cm²hypointense to muscle, ratio 0\.5\d$/)).toHaveCount(1);
  expect((await status(ctOnly)).savedStudies).toHaveLength(2);
  expect(problems).toEqual([]);
});

test('a completed edit survives the tab being killed right after it', async ({ page, context }) => {
  test.setTimeout(150_000);
  await openCase(page);
  expect(await addL4(page)).toBe('L1');
  // No waiting for the save: the page goes away in the very next step.
  await page.close({ runBeforeUnload: false });

  let next = await context.newPage();
  await openCase(next);
  expect((await inventory(next)).lesions.map((l) => l.id)).toEqual(['L1']);

  for (const round of [1, 2, 3]) {
    await run(next, 'emh.updateLesion', { lesionId: 'L1', notes: `edit ${round}` });
    if (round === 2) await next.goto('about:blank');
    else await next.close({ runBeforeUnload: false });
    if (round === 2) await next.close();
    next = await context.newPage();
    await openCase(next);
    expect((await inventory(next)).lesions[0]?.notes).toBe(`edit ${round}`);
  }
});

test('a second tab on the same study is told another tab edits it, and never overwrites its saves', async ({ page, context }, testInfo) => {
  test.setTimeout(150_000);
  await openCase(page);
  await addL4(page);
  await allSaved(page);

  const second = await context.newPage();
  await openCase(second);
  await expect(second.locator('.notice.warning')).toContainText(
    'This study is open for editing in another tab; changes made here are not saved',
  );
  const secondStatus = await status(second);
  expect(secondStatus.lockedElsewhere).toContain(CT_STUDY);
  // It shows what the first tab saved, to look at.
  expect((await inventory(second)).lesions.map((l) => l.id)).toEqual(['L1']);
  await screenshot(second, testInfo, 'emh-autosave-second-tab');

  // An edit in the second tab stays there; the first tab's next edit is what is saved.
  await run(second, 'emh.updateLesion', { lesionId: 'L1', notes: 'from the second tab' });
  await addL5(second);
  await run(page, 'emh.updateLesion', { lesionId: 'L1', notes: 'from the first tab' });
  await allSaved(page);
  expect((await status(second)).savedAt).toBeNull();

  // The first tab closes: the second is told it may reload to edit.
  await page.close();
  await expect(second.locator('.notice.info', { hasText: 'The other tab on this study has closed' })).toHaveCount(1);
  await second.reload();
  await second.evaluate(() => window.emh.ready);
  await waitForSeriesLoaded(second);
  await expect.poll(async () => (await status(second)).ready).toBe(true);
  const restored = await inventory(second);
  expect(restored.lesions.map((l) => [l.id, l.notes])).toEqual([['L1', 'from the first tab']]);
  expect((await status(second)).lockedElsewhere).toEqual([]);
});

test('"Clear" asks first, is saved, and can be undone once', async ({ page }) => {
  test.setTimeout(120_000);
  await openCase(page);
  await addL4(page);
  await addLiverRoi(page);
  const before = await inventory(page);
  await page.evaluate((uid) => window.emh.show(uid, { instanceNumber: 53 }), seriesUID('ct-nc'));
  await expect(onImage(page, 'L1 10.0 x 5.7 cm')).toHaveCount(1);

  await page.getByTestId('tb-emh-clear').click();
  await expect(page.locator('.notice.warning')).toContainText('Clear 2 annotations and 1 lesion? Press "Clear all" again');
  expect((await inventory(page)).lesions).toHaveLength(1);
  await page.getByTestId('tb-emh-clear').click();
  await expect.poll(async () => (await inventory(page)).lesions.length).toBe(0);
  expect((await inventory(page)).liver.rois).toHaveLength(0);
  await expect(onImage(page, 'L1 10.0 x 5.7 cm')).toHaveCount(0);
  await allSaved(page);
  expect(await savedLesionIds(page, CT_STUDY)).toEqual([]);

  await page.getByTestId('tb-emh-undo-clear').click();
  await expect.poll(async () => rounded(await inventory(page))).toEqual(rounded(before));
  await expect(onImage(page, 'L1 10.0 x 5.7 cm')).toHaveCount(1);
  await allSaved(page);
  expect(await savedLesionIds(page, CT_STUDY)).toEqual(['L1']);

  // Once only: after a later change there is nothing left to undo, and ids are never reused.
  expect(await run(page, 'emh.clearAnnotations', { confirm: true })).toMatchObject({ cleared: true });
  expect(await addL5(page)).toBe('L2');
  await expect(run(page, 'emh.undoClear')).rejects.toThrow(/Nothing to undo/);
  await page.reload();
  await page.evaluate(() => window.emh.ready);
  await waitForSeriesLoaded(page);
  await expect.poll(async () => (await status(page)).ready).toBe(true);
  expect((await inventory(page)).lesions.map((l) => l.id)).toEqual(['L2']);
});

test('a full storage quota: one clear message, nothing lost in memory, the last good save kept', async ({ page }) => {
  test.setTimeout(120_000);
  await page.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if ((window as unknown as { emhQuotaFull?: boolean }).emhQuotaFull)
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
  });
  await openCase(page);
  await addL4(page);
  await allSaved(page);

  await page.evaluate(() => {
    (window as unknown as { emhQuotaFull?: boolean }).emhQuotaFull = true;
  });
  await addL5(page);
  await addLiverRoi(page);
  await expect(page.locator('.notice.error')).toHaveCount(1);
  await expect(page.locator('.notice.error')).toContainText("Autosave failed: the browser's storage for this site is full");
  await expect(page.locator('.notice.error')).toContainText('Your annotations are safe in this page');
  expect((await inventory(page)).lesions.map((l) => l.id)).toEqual(['L1', 'L2']);
  expect((await inventory(page)).liver.rois).toHaveLength(1);
  expect((await status(page)).storage).toBe('failing');
  expect(await savedLesionIds(page, CT_STUDY)).toEqual(['L1']);

  // Space is back: the next change saves everything and says so.
  await page.evaluate(() => {
    (window as unknown as { emhQuotaFull?: boolean }).emhQuotaFull = false;
  });
  await run(page, 'emh.updateLesion', { lesionId: 'L2', notes: 'after the quota' });
  await allSaved(page);
  await expect(page.locator('.notice.error')).toHaveCount(0);
  await expect(page.locator('.notice.info', { hasText: 'Autosave works again' })).toHaveCount(1);
  expect(await savedLesionIds(page, CT_STUDY)).toEqual(['L1', 'L2']);
});

test('no storage at all (private mode): one clear message and the inventory still works', async ({ page }) => {
  await page.addInitScript(() => {
    IDBFactory.prototype.open = () => {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    };
  });
  await openCase(page);
  await expect(page.locator('.notice.error')).toContainText('Autosave is off');
  expect(await addL4(page)).toBe('L1');
  expect((await inventory(page)).lesions).toHaveLength(1);
  await expect(page.locator('.notice.error')).toHaveCount(1);
});
