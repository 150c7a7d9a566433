import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fitR2star } from './r2starFit';
import { ironInventory, type IronRoiRecord } from './ironReport';
import type { IronOrgan } from './ironSummary';

const TE = [1, 3, 5, 7, 9, 11];

function roi(id: string, organ: IronOrgan, r2starHz: number, fieldStrengthT: number | null = 1.5): IronRoiRecord {
  const meanSignal = TE.map((te) => 500 * Math.exp((-r2starHz * te) / 1000));
  const fit = fitR2star(TE.map((te, i) => ({ echoTimeMs: te, signal: meanSignal[i]! })))!;
  return {
    id,
    organ,
    fit,
    meanSignal,
    echoTimesMs: TE,
    pixels: 50,
    fieldStrengthT,
    ref: {
      studyInstanceUID: 's',
      seriesInstanceUID: 'x',
      sopInstanceUID: id,
      instanceNumber: 1,
      slicePositionMm: 0,
      center: [10, 10],
      radii: [4, 4],
    },
  };
}

describe('iron inventory', () => {
  it('gives the liver LIC and grade, the heart T2* and grade, and the other organs apart', () => {
    const iron = ironInventory([roi('I1', 'liver', 300), roi('I2', 'heart', 1000 / 15), roi('I3', 'spleen', 150)]);
    assert.ok(Math.abs(iron.liver.r2starHz! - 300) < 1e-6);
    assert.ok(Math.abs(iron.liver.licMgFeG! - (0.0254 * 300 + 0.202)) < 1e-6);
    assert.equal(iron.liver.calibration, 'wood-2005');
    assert.equal(iron.liver.grade, 'moderate');
    assert.equal(iron.liver.reason, undefined);
    assert.equal(iron.liver.rois[0]!.id, 'I1');
    assert.ok(Math.abs(iron.heart.t2starMs! - 15) < 1e-6);
    assert.equal(iron.heart.grade, 'mild-moderate');
    assert.equal(iron.heart.fieldStrengthT, 1.5);
    assert.equal(iron.heart.reason, undefined);
    assert.deepEqual(
      iron.other.map((r) => r.organ),
      ['spleen'],
    );
    assert.deepEqual(iron.other[0]!.echoTimesMs, TE);
  });

  it('gives no LIC at 3 T, nor when the liver ROIs come from different fields, and says why', () => {
    const at3 = ironInventory([roi('I1', 'liver', 300, 3)]);
    assert.equal(at3.liver.licMgFeG, null);
    assert.equal(at3.liver.grade, null);
    assert.match(at3.liver.reason ?? '', /3 T/);
    const heartAt3 = ironInventory([roi('I1', 'heart', 1000 / 15, 3)]).heart;
    assert.ok(Math.abs(heartAt3.t2starMs! - 15) < 1e-6);
    assert.equal(heartAt3.grade, null);
    assert.match(heartAt3.reason ?? '', /Not graded at 3 T/);
    const heartUnknown = ironInventory([roi('I1', 'heart', 1000 / 15, null)]).heart;
    assert.equal(heartUnknown.grade, null);
    assert.match(heartUnknown.reason ?? '', /field strength unknown/);
    const mixed = ironInventory([roi('I1', 'liver', 300, 3), roi('I2', 'liver', 300, 1.5)]);
    assert.equal(mixed.liver.licMgFeG, null);
    assert.ok(mixed.liver.reason);
  });

  it('is empty and ungraded without ROIs', () => {
    const iron = ironInventory([]);
    assert.equal(iron.liver.grade, null);
    assert.equal(iron.heart.grade, null);
    assert.match(iron.liver.reason ?? '', /No liver ROI/);
  });
});
