import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fitR2star } from './r2starFit';
import { decayPlotModel } from './decayPlot';

describe('decay plot', () => {
  const te = [1, 4, 7, 10, 13, 16];
  const signal = te.map((t) => 1000 * Math.exp(-0.2 * t));
  const fit = fitR2star(te.map((t, i) => ({ echoTimeMs: t, signal: signal[i]! })))!;
  const model = decayPlotModel(te, signal, fit);

  it('places the echoes left to right and falling, inside the plot', () => {
    const { plot, points } = model;
    assert.equal(points.length, 6);
    assert.equal(points[5]!.x, plot.right);
    for (let i = 1; i < points.length; i++) {
      assert.ok(points[i]!.x > points[i - 1]!.x && points[i]!.y > points[i - 1]!.y);
    }
    assert.ok(points.every((p) => p.y >= plot.top && p.y <= plot.bottom));
  });

  it('marks the echoes the fit left out, and draws the curve through the used ones', () => {
    assert.deepEqual(
      model.points.map((p) => p.used),
      te.map((_, i) => i < fit.echoesUsed),
    );
    assert.ok(fit.echoesUsed < 6);
    assert.match(model.curve, /^M34,[\d.]+( L[\d.]+,[\d.]+){48}$/);
    // The curve passes through the first echo (an exact decay).
    const first = model.points[0]!;
    const nearest = model.curve
      .split(' ')
      .map((s) => s.slice(1).split(',').map(Number) as [number, number])
      .reduce((best, p) => (Math.abs(p[0] - first.x) < Math.abs(best[0] - first.x) ? p : best));
    assert.ok(Math.abs(nearest[1] - first.y) < 3);
  });

  it('ticks TE at round values from 0', () => {
    assert.deepEqual(
      model.xTicks.map((t) => t.label),
      ['0', '5', '10', '15'],
    );
  });
});
