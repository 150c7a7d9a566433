import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fitR2star } from './r2starFit';
import { IronStore } from './ironStore';
import { DEFAULT_IRON_THRESHOLDS } from './ironGrades';
import { ironRoiFromJson, ironRoiJson } from './ironReport';

const TE = [1, 3, 5, 7];
const meanSignal = TE.map((te) => 400 * Math.exp(-0.1 * te));
const roi = {
  organ: 'liver' as const,
  fit: fitR2star(TE.map((te, i) => ({ echoTimeMs: te, signal: meanSignal[i]! })))!,
  meanSignal,
  echoTimesMs: TE,
  pixels: 20,
  fieldStrengthT: 1.5,
  ref: {
    studyInstanceUID: 's',
    seriesInstanceUID: 'x',
    sopInstanceUID: 'y',
    instanceNumber: 1,
    slicePositionMm: 0,
    center: [5, 5] as const,
    radii: [2, 2] as const,
  },
};

describe('iron store', () => {
  it("keeps each patient's ROIs apart, with ids never reused", () => {
    let active: string | null = 'A';
    const store = new IronStore(() => active);
    let changes = 0;
    store.subscribe(() => (changes += 1));
    assert.equal(store.add('A', roi).id, 'I1');
    assert.equal(store.add('B', roi).id, 'I2');
    assert.deepEqual(
      store.rois().map((r) => r.id),
      ['I1'],
    );
    active = 'B';
    assert.deepEqual(
      store.rois().map((r) => r.id),
      ['I2'],
    );
    assert.equal(store.remove('I1'), false);
    assert.equal(store.remove('I2'), true);
    assert.equal(store.add('B', roi).id, 'I3');
    assert.equal(store.inventory().liver.rois.length, 1);
    assert.equal(changes, 4);
    active = null;
    assert.deepEqual(store.rois(), []);
  });

  it('restores a saved case in place of the one held, keeping ids, and new ids continue after them', () => {
    const store = new IronStore(() => 'A');
    store.add('A', roi);
    const saved = [
      { ...roi, id: 'I7' },
      { ...roi, id: 'I9', organ: 'heart' as const },
    ];
    store.restore('A', saved, 'garbowski-2014');
    assert.deepEqual(
      store.rois().map((r) => r.id),
      ['I7', 'I9'],
    );
    assert.equal(store.calibration(), 'garbowski-2014');
    assert.equal(store.inventory().liver.calibration, 'garbowski-2014');
    assert.equal(store.add('A', roi).id, 'I10');
  });

  it('chooses the calibration per patient, Wood 2005 by default', () => {
    let active = 'A';
    const store = new IronStore(() => active);
    store.add('A', roi);
    const wood = store.inventory().liver.licMgFeG!;
    assert.ok(Math.abs(wood - (0.0254 * 100 + 0.202)) < 1e-9, String(wood));
    store.setCalibration('A', 'garbowski-2014');
    assert.ok(Math.abs(store.inventory().liver.licMgFeG! - 0.029 * 100 ** 1.014) < 1e-9);
    active = 'B';
    assert.equal(store.calibration(), 'wood-2005');
  });

  it('reads an ROI back from its JSON exactly, and names the field of a damaged one', () => {
    const record = { ...roi, id: 'I3' };
    const json = JSON.parse(JSON.stringify(ironRoiJson(record))) as unknown;
    assert.deepEqual(ironRoiFromJson(json), record);
    assert.throws(() => ironRoiFromJson({ ...(json as object), r2starHz: 'x' }), /I3: "r2starHz"/);
    assert.throws(() => ironRoiFromJson({ ...(json as object), echoTimesMs: [1, 2] }), /"echoTimesMs"/);
    assert.throws(() => ironRoiFromJson({ ...(json as object), organ: 'kidney' }), /"organ"/);
  });

  it('reads back the noise sigma and where it came from, and refuses a sigma that does not say', () => {
    for (const noise of [
      { noiseSigma: 11.97, noiseSource: 'air' as const },
      { noiseSigma: 12, noiseSource: 'given' as const },
      { noiseSigma: null, noiseSource: 'none' as const },
    ]) {
      const record = { ...roi, ...noise, id: 'I4' };
      const json = JSON.parse(JSON.stringify(ironRoiJson(record))) as Record<string, unknown>;
      assert.equal(json.noiseSource, noise.noiseSource);
      assert.equal(json.noiseSigma, noise.noiseSigma);
      assert.deepEqual(ironRoiFromJson(json), record);
    }
    const json = JSON.parse(JSON.stringify(ironRoiJson({ ...roi, id: 'I5', noiseSigma: 12, noiseSource: 'air' }))) as object;
    assert.throws(() => ironRoiFromJson({ ...json, noiseSource: 'guess' }), /"noiseSource"/);
    assert.throws(() => ironRoiFromJson({ ...json, noiseSigma: -1 }), /"noiseSigma"/);
    assert.throws(() => ironRoiFromJson({ ...json, noiseSigma: null }), /"noiseSigma"/);
    assert.throws(() => ironRoiFromJson({ ...json, noiseSource: undefined }), /"noiseSource"/);
    // An ROI saved before the noise was kept reads back without it.
    assert.equal('noiseSource' in ironRoiFromJson(JSON.parse(JSON.stringify(ironRoiJson({ ...roi, id: 'I6' })))), false);
  });

  it('refits an ROI in place: same id, same place in the list', () => {
    const store = new IronStore(() => 'A');
    const first = store.add('A', roi);
    const second = store.add('A', { ...roi, organ: 'heart' });
    assert.equal(store.replace(first.id, { ...roi, pixels: 33 }), true);
    assert.deepEqual(
      store.rois().map((r) => [r.id, r.pixels]),
      [
        [first.id, 33],
        [second.id, 20],
      ],
    );
    assert.equal(store.replace('I99', roi), false);
  });

  it("grades with the site's thresholds when it gives its own", () => {
    const strict = new IronStore(() => 'A', { ...DEFAULT_IRON_THRESHOLDS, licMildBelow: 2, licModerateBelow: 2.5 });
    strict.add('A', roi);
    const lic = strict.inventory().liver.licMgFeG!;
    assert.ok(lic > 2.5, String(lic));
    assert.equal(strict.inventory().liver.grade, 'severe');
    const usual = new IronStore(() => 'A');
    usual.add('A', roi);
    assert.equal(usual.inventory().liver.grade, 'mild');
  });
});
