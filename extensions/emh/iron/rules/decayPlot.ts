/**
 * The plot of an iron ROI: its mean signal at each echo against TE, and the fitted decay. Pure:
 * positions in SVG units, the component only draws them. Echoes the fit left out (under the
 * noise floor, truncation) are marked so the reader sees what the number rests on.
 */

import type { R2starFit } from './r2starFit';

export interface DecayPlotPoint {
  readonly x: number;
  readonly y: number;
  readonly echoTimeMs: number;
  readonly signal: number;
  readonly used: boolean;
}

export interface DecayPlotModel {
  readonly width: number;
  readonly height: number;
  readonly plot: { readonly left: number; readonly top: number; readonly right: number; readonly bottom: number };
  readonly points: readonly DecayPlotPoint[];
  /** SVG path of the fitted curve from TE 0 to the last echo. */
  readonly curve: string;
  readonly xTicks: readonly { readonly x: number; readonly label: string }[];
  readonly yMax: number;
}

const CURVE_STEPS = 48;
const r = (value: number): number => Math.round(value * 10) / 10;

/** A round step giving about `count` ticks up to `max`. */
function niceStep(max: number, count: number): number {
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
}

export function decayPlotModel(
  echoTimesMs: readonly number[],
  meanSignal: readonly number[],
  fit: R2starFit,
  width = 220,
  height = 120,
): DecayPlotModel {
  const plot = { left: 34, top: 8, right: width - 8, bottom: height - 20 };
  const curveAt = (te: number) => fit.s0 * Math.exp((-fit.r2starHz * te) / 1000) + fit.offset;
  const teMax = Math.max(...echoTimesMs, 1);
  const yMax = Math.max(...meanSignal, curveAt(0), 1) * 1.05;
  const x = (te: number) => plot.left + (te / teMax) * (plot.right - plot.left);
  const y = (signal: number) => plot.bottom - (Math.max(0, signal) / yMax) * (plot.bottom - plot.top);
  const points = echoTimesMs.map((te, i) => ({
    x: r(x(te)),
    y: r(y(meanSignal[i]!)),
    echoTimeMs: te,
    signal: meanSignal[i]!,
    used: i < fit.echoesUsed,
  }));
  const curve = Array.from({ length: CURVE_STEPS + 1 }, (_, i) => {
    const te = (i / CURVE_STEPS) * teMax;
    return `${i === 0 ? 'M' : 'L'}${r(x(te))},${r(y(curveAt(te)))}`;
  }).join(' ');
  const step = niceStep(teMax, 4);
  const xTicks = Array.from({ length: Math.floor(teMax / step) + 1 }, (_, i) => ({
    x: r(x(i * step)),
    label: String(Number((i * step).toFixed(2))),
  }));
  return { width, height, plot, points, curve, xTicks, yMax };
}
