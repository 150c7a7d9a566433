/**
 * Iron on images no one here wrote: pydicom's MR_small.dcm (a head image) made into eight echoes
 * by e2e/support/foreignEchoes.py, R2* 60 Hz on the left half and 250 Hz on the right. The
 * viewer's ROI means must equal those pydicom and numpy read from the files, and its R2* the truth
 * and scipy's curve_fit over the same echoes. The file has no MagneticFieldStrength, so the liver
 * gets no LIC and says why.
 */
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openViewer, run, screenshot, watchConsole } from './helpers';

const MR_SMALL = '/usr/lib/python3/dist-packages/pydicom/data/test_files/MR_small.dcm';
const ROIS = [
  { name: 'right', center: [52, 46], radii: [6, 6] },
  { name: 'left', center: [10, 6], radii: [5, 4] },
] as const;

interface Answer {
  name: string;
  pixels: number;
  means: number[];
  scipyR2starHz: Record<string, number>;
  truthR2starHz: number | null;
}
interface Made {
  seriesInstanceUID: string;
  files: string[];
  echoTimesMs: number[];
  rois: Answer[];
}
interface IronRoi {
  r2starHz: number;
  echoesUsed: number;
  pixels: number;
  meanSignal: number[];
  echoTimesMs: number[];
}

function makeEchoes(): Made | string {
  if (!existsSync(MR_SMALL)) return `${MR_SMALL} is missing (Debian package python3-pydicom)`;
  const dir = mkdtempSync(join(tmpdir(), 'foreign-echoes-'));
  const script = new URL('./support/foreignEchoes.py', import.meta.url).pathname;
  const result = spawnSync('/usr/bin/python3', [script, dir, JSON.stringify(ROIS)], { encoding: 'utf8' });
  if (result.error || result.status !== 0)
    return `foreignEchoes.py failed (needs Debian python3-pydicom, python3-numpy, python3-scipy): ${result.stderr ?? result.error}`;
  return JSON.parse(result.stdout) as Made;
}

test("pydicom's MR_small as eight echoes: ROI means equal numpy's, R2* equals the truth and scipy's curve_fit", async ({
  page,
}, testInfo) => {
  const made = makeEchoes();
  if (typeof made === 'string') {
    if (process.env.CI === 'true') throw new Error(made);
    test.skip(true, made);
    return;
  }
  const problems = watchConsole(page);
  await openViewer(page, '?empty');
  await page.getByTestId('file-input').setInputFiles(made.files);
  await expect.poll(() => page.evaluate(() => window.emh.series().map((s) => s.imageCount))).toEqual([made.files.length]);
  const [series] = await page.evaluate(() => window.emh.series());
  expect(series).toMatchObject({ seriesLabel: 'T2*: 8 echoes, TE 1.2-15.2 ms', echoTimesMs: made.echoTimesMs, positions: 1 });

  const [right, left] = made.rois as [Answer, Answer];
  const fitted: IronRoi[] = [];
  for (const [roi, organ, instanceNumber] of [
    [ROIS[0], 'liver', 1],
    [ROIS[1], 'heart', 5],
  ] as const) {
    fitted.push(
      (await run(page, 'emh.addIronRoi', {
        seriesInstanceUID: made.seriesInstanceUID,
        instanceNumber,
        center: roi.center,
        radii: roi.radii,
        organ,
      })) as IronRoi,
    );
  }
  for (const [roi, answer] of [
    [fitted[0]!, right],
    [fitted[1]!, left],
  ] as const) {
    expect(roi.pixels, answer.name).toBe(answer.pixels);
    expect(roi.echoTimesMs).toEqual(made.echoTimesMs);
    roi.meanSignal.forEach((mean, i) =>
      expect(Math.abs(mean - answer.means[i]!), `${answer.name} echo ${i + 1}`).toBeLessThan(1e-6 * answer.means[i]!),
    );
    const scipy = answer.scipyR2starHz[String(roi.echoesUsed)]!;
    expect(Math.abs(roi.r2starHz - scipy) / scipy, `${answer.name}: ${roi.r2starHz} vs scipy ${scipy}`).toBeLessThan(0.005);
    expect(Math.abs(roi.r2starHz - answer.truthR2starHz!) / answer.truthR2starHz!, `${answer.name}: ${roi.r2starHz}`).toBeLessThan(0.01);
  }

  const iron = await page.evaluate(
    () =>
      (
        window.emh.inventory as () => {
          iron: { liver: { licMgFeG: number | null; reason?: string }; heart: { t2starMs: number; grade: string | null; reason?: string } };
        }
      ).call(window.emh).iron,
  );
  expect(iron.liver.licMgFeG).toBeNull();
  expect(iron.liver.reason).toMatch(/field strength/i);
  expect(Math.abs(iron.heart.t2starMs - 1000 / 60)).toBeLessThan(0.17);
  expect(iron.heart.grade).toBeNull();
  expect(iron.heart.reason).toMatch(/field strength unknown/i);
  await expect(page.getByTestId('iron-liver')).toContainText(/field strength/i);
  await screenshot(page, testInfo, 'iron-foreign-mr-small');
  expect(problems).toEqual([]);
});
