import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { RoiStats } from '../../inventory/rules/common';
import type { ContrastState } from './contrastState';
import {
  hounsfield,
  huToolRefusal,
  liverCall,
  liverContextLines,
  meanOfMeans,
  pixelWeightedMean,
  summariseLiver,
  type HuOrgan,
  type HuRoi,
} from './liverAttenuation';

let counter = 0;
const roi = (
  organ: HuOrgan,
  mean: number,
  contrast: ContrastState = 'unenhanced',
  extra: Partial<RoiStats> = {},
  series = 'ct-plain',
): HuRoi => ({
  annotationUID: `roi-${++counter}`,
  organ,
  ref: { studyInstanceUID: 's', seriesInstanceUID: series, sopInstanceUID: `i${counter}`, frame: 1, instanceNumber: 30 },
  stats: { mean, sd: 8, min: mean - 20, max: mean + 20, areaMm2: 200, pixelCount: 89, ...extra },
  contrast,
  contrastConfirmed: false,
});

const codes = (items: readonly { code: string }[]): string[] => items.map((i) => i.code);

describe('hounsfield', () => {
  it('is stored x slope + intercept', () => {
    assert.equal(hounsfield(1127, 1, -1024), 103); // the sample liver
    assert.equal(hounsfield(100, 2, -1000), -800);
    assert.equal(hounsfield(55), 55);
  });
});

describe('huToolRefusal', () => {
  it('lets CT through and refuses anything else with a clear message', () => {
    assert.equal(huToolRefusal('CT'), null);
    assert.equal(huToolRefusal(' ct '), null);
    assert.match(huToolRefusal('MR') ?? '', /need a CT image.*MR.*not Hounsfield/);
    assert.match(huToolRefusal(undefined) ?? '', /unknown/);
  });
});

describe('liverCall', () => {
  it('is below / within / above an inclusive 54-60 HU range', () => {
    assert.equal(liverCall(53.9, 'unenhanced'), 'below');
    assert.equal(liverCall(54, 'unenhanced'), 'within');
    assert.equal(liverCall(60, 'unenhanced'), 'within');
    assert.equal(liverCall(60.1, 'unenhanced'), 'above');
    assert.equal(liverCall(103, 'unenhanced'), 'above');
  });

  it('is none on an enhanced series or without a value, but made when contrast is unknown', () => {
    assert.equal(liverCall(115, 'enhanced'), 'none');
    assert.equal(liverCall(null, 'unenhanced'), 'none');
    assert.equal(liverCall(103, 'unknown'), 'above');
  });
});

describe('liverContextLines', () => {
  it('> 75 HU suggests iron (MRI R2* / T2*), with the other causes of a dense liver', () => {
    assert.deepEqual(codes(liverContextLines(75, null)), ['dense-liver-causes']);
    const lines = liverContextLines(75.1, null);
    assert.deepEqual(codes(lines), ['iron', 'dense-liver-causes']);
    assert.match(lines[0]?.text ?? '', /R2\* \/ T2\*/);
    assert.match(lines[1]?.text ?? '', /amiodarone, Wilson disease, glycogen storage disease/);
  });

  it('< 40 HU suggests steatosis', () => {
    assert.deepEqual(codes(liverContextLines(40, null)), []);
    assert.deepEqual(codes(liverContextLines(39.9, null)), ['steatosis']);
  });

  it('liver minus spleen < -10 HU suggests steatosis', () => {
    assert.deepEqual(codes(liverContextLines(45, -10)), []);
    assert.deepEqual(codes(liverContextLines(45, -10.1)), ['steatosis-liver-spleen']);
  });

  it('says nothing for a normal liver', () => {
    assert.deepEqual(liverContextLines(57, 5), []);
  });
});

describe('means', () => {
  it('mean of ROI means and pixel-weighted mean differ when ROI sizes differ', () => {
    const rois = [roi('liver', 100, 'unenhanced', { pixelCount: 100 }), roi('liver', 110, 'unenhanced', { pixelCount: 300 })];
    assert.equal(meanOfMeans(rois), 105);
    assert.equal(pixelWeightedMean(rois), 107.5);
    assert.equal(meanOfMeans([]), null);
    assert.equal(pixelWeightedMean([]), null);
  });
});

describe('summariseLiver', () => {
  const sample = (): HuRoi[] => [roi('liver', 101), roi('liver', 103), roi('liver', 105), roi('spleen', 62)];

  it('summarises the sample case: 103 HU, above, spleen 62, liver minus spleen +41', () => {
    const s = summariseLiver(sample());
    assert.equal(s.meanHU, 103);
    assert.equal(s.pixelWeightedMeanHU, 103);
    assert.equal(s.call, 'above');
    assert.equal(s.contrast, 'unenhanced');
    assert.equal(s.spleenMeanHU, 62);
    assert.equal(s.liverMinusSpleenHU, 41);
    assert.ok(Math.abs((s.liverToSpleenRatio ?? 0) - 103 / 62) < 1e-12);
    assert.deepEqual(s.normalRangeHU, [54, 60]);
    assert.deepEqual(codes(s.contextLines), ['iron', 'dense-liver-causes']);
    assert.deepEqual(s.warnings, []);
  });

  it('warns with fewer than 3 liver ROIs, not with 3, not with none', () => {
    assert.deepEqual(codes(summariseLiver([roi('liver', 103), roi('liver', 103)]).warnings), ['few-liver-rois']);
    assert.deepEqual(codes(summariseLiver([roi('liver', 103)]).warnings), ['few-liver-rois']);
    assert.deepEqual(summariseLiver([roi('liver', 1), roi('liver', 2), roi('liver', 3)]).warnings, []);
    const empty = summariseLiver([]);
    assert.deepEqual(empty.warnings, []);
    assert.equal(empty.meanHU, null);
    assert.equal(empty.call, 'none');
    assert.equal(empty.contrast, null);
  });

  it('warns for a liver or spleen ROI under 1 cm2 (99 vs 100 mm2)', () => {
    const ok100 = summariseLiver([roi('liver', 103, 'unenhanced', { areaMm2: 100 }), roi('liver', 103), roi('liver', 103)]);
    assert.deepEqual(ok100.warnings, []);
    const small = summariseLiver([
      roi('liver', 103, 'unenhanced', { areaMm2: 99 }),
      roi('liver', 103),
      roi('spleen', 62, 'unenhanced', { areaMm2: 50 }),
      roi('liver', 103),
    ]);
    assert.deepEqual(codes(small.warnings), ['roi-small-area', 'roi-small-area']);
  });

  it('shows values but makes no call and no context lines on an enhanced series', () => {
    const s = summariseLiver([roi('liver', 115, 'enhanced'), roi('liver', 115, 'enhanced'), roi('liver', 115, 'enhanced')]);
    assert.equal(s.meanHU, 115);
    assert.equal(s.call, 'none');
    assert.equal(s.contrast, 'enhanced');
    assert.deepEqual(s.contextLines, []);
    assert.deepEqual(codes(s.warnings), ['contrast-enhanced']);
  });

  it('makes the call when the contrast state is unknown, flagged for confirmation', () => {
    const s = summariseLiver([roi('liver', 103, 'unknown'), roi('liver', 103, 'unknown'), roi('liver', 103, 'unknown')]);
    assert.equal(s.call, 'above');
    assert.equal(s.contrast, 'unknown');
    assert.equal(s.contrastConfirmed, false);
    assert.deepEqual(codes(s.warnings), ['contrast-unknown']);
  });

  it('reports a confirmed contrast state', () => {
    const confirmed = [1, 2, 3].map(() => ({ ...roi('liver', 103), contrastConfirmed: true }));
    assert.equal(summariseLiver(confirmed).contrastConfirmed, true);
  });

  it('never averages an unenhanced with an enhanced liver: the unenhanced one is summarised', () => {
    const portal = roi('liver', 115, 'enhanced', {}, 'ct-portal');
    const s = summariseLiver([...sample(), portal]);
    assert.equal(s.meanHU, 103);
    assert.equal(s.contrast, 'unenhanced');
    assert.deepEqual(s.excludedRois, [portal]);
    assert.deepEqual(codes(s.warnings), ['contrast-mixed']);
  });

  it('ignores lesion ROIs', () => {
    const s = summariseLiver([...sample(), roi('lesion', 48)]);
    assert.equal(s.meanHU, 103);
    assert.equal(s.liverRois.length, 3);
  });

  it('gives no liver/spleen ratio against a spleen at or below 0 HU, but still the difference', () => {
    const s = summariseLiver([roi('liver', 50), roi('liver', 50), roi('liver', 50), roi('spleen', 0)]);
    assert.equal(s.liverToSpleenRatio, null);
    assert.equal(s.liverMinusSpleenHU, 50);
  });

  it('flags steatosis from liver minus spleen on a fatty liver', () => {
    const s = summariseLiver([roi('liver', 35), roi('liver', 35), roi('liver', 35), roi('spleen', 50)]);
    assert.equal(s.call, 'below');
    assert.deepEqual(codes(s.contextLines), ['steatosis', 'steatosis-liver-spleen']);
  });
});
