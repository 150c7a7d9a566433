/**
 * Lesion volumes on the sample CT: each fat-hosted lesion grown from its truth centre within its
 * truth range gives the generator's voxels, mL and mean HU; the lesion in the spleen leaks and
 * binds nothing; the JSON and CSV carry the volumes, the SEG the same voxels, a reload brings the
 * segments back from autosave, and the lesion card shows them.
 */
import { expect, test, type Page } from '@playwright/test';
import { segFromDicom } from '../extensions/emh/volumes/rules/segRead';
import { dciodvfyErrors, writeTemp } from '../extensions/emh/sr/rules/srTools.fixture';
import { openViewer, run, screenshot, seriesUID, truth, truthSite, waitForSeriesLoaded, watchConsole } from './helpers';

interface Grown {
  volumeMl: number;
  volumeMeanHU: number | null;
  voxels: number;
}

const jsonVolumes = async (page: Page): Promise<Record<string, number | null>> => {
  const text = await page.evaluate(async () => ((await window.emh.commands.run('emh.export', { format: 'json' })) as Blob).text());
  const lesions = (JSON.parse(text) as { lesions: { id: string; volumeMl: number | null }[] }).lesions;
  return Object.fromEntries(lesions.map((l) => [l.id, l.volumeMl]));
};

const segVoxels = async (page: Page): Promise<{ label: string; voxels: number }[]> => {
  const bytes = await page.evaluate(async () =>
    Array.from(new Uint8Array(await ((await window.emh.commands.run('emh.export', { format: 'seg' })) as Blob).arrayBuffer())),
  );
  return segFromDicom(Uint8Array.from(bytes)).segments.map((s) => ({
    label: s.label,
    voxels: s.frames.reduce((sum, f) => sum + f.pixels.reduce((n, v) => n + (v ? 1 : 0), 0), 0),
  }));
};

const autosaveStatus = async (page: Page) =>
  (await run(page, 'emh.autosaveStatus')) as { ready: boolean; storage: string; pending: number; savedAt: number | null };

test('segmentLesion grows L1-L4 to their truth volumes, refuses the leak of L5, and exports them', async ({ page }, testInfo) => {
  const problems = watchConsole(page);
  await openViewer(page);
  await waitForSeriesLoaded(page);
  const ct = seriesUID('ct-nc');
  for (const lesion of truth.lesions) {
    const id = await run(page, 'emh.addLesion', {
      seriesInstanceUID: ct,
      instanceNumber: lesion.slice,
      longAxis: lesion.longAxis,
      shortAxis: lesion.shortAxis,
      ...truthSite(lesion),
    });
    expect(id).toBe(lesion.id);
  }

  const grownLesions = truth.lesions.filter((l) => l.volume.growRange !== null);
  expect(grownLesions.map((l) => l.id)).toEqual(['L1', 'L2', 'L3', 'L4']);
  for (const lesion of grownLesions) {
    const grown = (await run(page, 'emh.segmentLesion', {
      lesionId: lesion.id,
      seriesInstanceUID: ct,
      seed: [lesion.center[0], lesion.center[1], lesion.slice],
      range: lesion.volume.growRange,
    })) as Grown;
    expect(grown.voxels, lesion.id).toBe(lesion.volume.voxels);
    expect(Math.abs(grown.volumeMl - lesion.volume.volumeMl) / lesion.volume.volumeMl, lesion.id).toBeLessThan(0.03);
    expect(grown.volumeMl, lesion.id).toBeCloseTo(lesion.volume.volumeMl, 6);
    expect(Math.abs((grown.volumeMeanHU ?? Infinity) - lesion.volume.meanHU), lesion.id).toBeLessThan(1);
  }

  // L5 sits in the spleen: no range separates it, and a wide one runs into the organs around.
  const l5 = truth.lesions.find((l) => l.id === 'L5')!;
  const leak = run(page, 'emh.segmentLesion', {
    lesionId: 'L5',
    seriesInstanceUID: ct,
    seed: [l5.center[0], l5.center[1], l5.slice],
    range: [-20, 120],
    maxVolumeMl: 200,
  });
  await expect(leak).rejects.toThrow('The region leaks beyond 200 mL: narrow the range or draw a region');
  // Nothing attaches silently: an unknown lesion is refused.
  await expect(
    run(page, 'emh.segmentLesion', {
      lesionId: 'L9',
      seriesInstanceUID: ct,
      seed: [l5.center[0], l5.center[1], l5.slice],
      range: [0, 100],
    }),
  ).rejects.toThrow('There is no lesion L9');

  const inventory = (await run(page, 'emh.inventory')) as {
    lesions: { id: string; volumeMl: number | null; volumeMeanHU: number | null }[];
  };
  for (const lesion of truth.lesions) {
    const exported = inventory.lesions.find((l) => l.id === lesion.id)!;
    if (lesion.volume.growRange === null) {
      expect(exported.volumeMl).toBeNull();
      expect(exported.volumeMeanHU).toBeNull();
    } else {
      expect(exported.volumeMl).toBeCloseTo(lesion.volume.volumeMl, 6);
    }
  }
  const csv = await page.evaluate(async () => ((await window.emh.commands.run('emh.export', { format: 'csv' })) as Blob).text());
  const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
  const header = lines[0]!.split(',');
  expect(header.slice(-2)).toEqual(['volume_ml', 'volume_mean_hu']);
  const l4Row = lines.find((line) => line.startsWith('lesion,L4,'))!.split(',');
  expect(Number(l4Row[header.indexOf('volume_ml')])).toBeCloseTo(131.72625, 6);

  // The SEG read back in Node: one segment per grown lesion, the same voxels.
  const bytes = await page.evaluate(async () =>
    Array.from(new Uint8Array(await ((await window.emh.commands.run('emh.export', { format: 'seg' })) as Blob).arrayBuffer())),
  );
  const seg = segFromDicom(Uint8Array.from(bytes));
  expect(seg.referencedSeriesInstanceUID).toBe(ct);
  expect(seg.segments.map((s) => s.label)).toEqual(['L1', 'L2', 'L3', 'L4']);
  expect(seg.segments.map((s) => s.frames.reduce((sum, f) => sum + f.pixels.reduce((n, v) => n + (v ? 1 : 0), 0), 0))).toEqual(
    grownLesions.map((l) => l.volume.voxels),
  );

  // The viewer's SEG (patient, study and grid from the open series' headers) is valid DICOM.
  const errors = dciodvfyErrors(writeTemp(Uint8Array.from(bytes), 'viewer-seg.dcm'));
  if (errors === null) testInfo.annotations.push({ type: 'not checked', description: 'dciodvfy is not installed' });
  else expect(errors).toEqual([]);

  // Autosave: the reload brings the segments back, the same volumes to the last bit, the same SEG.
  await expect
    .poll(async () => {
      const s = await autosaveStatus(page);
      return s.storage === 'ok' && s.pending === 0 && s.savedAt !== null;
    })
    .toBe(true);
  const volumesBefore = await jsonVolumes(page);
  expect(Object.values(volumesBefore).filter((v) => v !== null)).toHaveLength(4);
  const segBefore = await segVoxels(page);
  await page.reload();
  await page.evaluate(() => window.emh.ready);
  await waitForSeriesLoaded(page);
  await expect.poll(async () => (await autosaveStatus(page)).ready).toBe(true);
  await expect(page.locator('.notice', { hasText: 'and 4 lesion segments of ' })).toHaveCount(1);
  expect(await jsonVolumes(page)).toEqual(volumesBefore);
  expect(await segVoxels(page)).toEqual(segBefore);
  expect(segBefore.map((s) => s.voxels)).toEqual(grownLesions.map((l) => l.volume.voxels));

  // Deleting a lesion deletes its segment.
  await run(page, 'emh.removeLesion', { lesionId: 'L3' });
  const after = (await run(page, 'emh.inventory')) as { lesions: { id: string }[] };
  expect(after.lesions.map((l) => l.id)).not.toContain('L3');
  const segAfter = await page.evaluate(async () =>
    Array.from(new Uint8Array(await ((await window.emh.commands.run('emh.export', { format: 'seg' })) as Blob).arrayBuffer())),
  );
  expect(segFromDicom(Uint8Array.from(segAfter)).segments.map((s) => s.label)).toEqual(['L1', 'L2', 'L4']);

  await page.getByTestId('select-L4').click();
  await expect(page.getByTestId('details-volume')).toHaveText('Vol 131.7 mL (42.0 HU)');
  await screenshot(page, testInfo, 'lesion-volume-card');
  expect(problems).toEqual([]);
});
