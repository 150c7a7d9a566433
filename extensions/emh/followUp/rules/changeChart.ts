/**
 * The follow-up chart as numbers: each lesion's long axis over time (one line per lesion, a
 * resolved lesion at 0 mm) on the left axis, the liver's mean HU on the right axis with its
 * normal band. Pure: positions, paths and labels only, drawn by changeChartSvg.
 */

import { nice, ticks } from 'd3-array';
import { daysFromFirst, isoDate, type FollowUpView } from './followUpView';
import type { LesionStatus } from './followUpTypes';

export interface ChartOptions {
  /** In SVG user units (px at 1:1); the panel draws at its width, the teaching file wider. */
  readonly width?: number;
  readonly height?: number;
  /** Teaching files carry no dates (PS3.15 Annex E): time points are labelled by id and interval. */
  readonly deidentified?: boolean;
}

export interface ChartPoint {
  /** The lesion id, or `liver`. */
  readonly series: string;
  readonly timepoint: string;
  readonly value: number;
  readonly status: LesionStatus | null;
  readonly x: number;
  readonly y: number;
}

export interface ChartLine {
  readonly series: string;
  readonly label: string;
  readonly title: string;
  readonly colour: string;
  readonly dashed: boolean;
  readonly points: readonly ChartPoint[];
  /** SVG path data; a time point without a value breaks the line. */
  readonly path: string;
  /** Where the line's id is written, beside its last point, kept apart from the other ids. */
  readonly end: { readonly x: number; readonly y: number } | null;
}

export interface AxisTick {
  readonly value: number;
  readonly position: number;
  readonly label: string;
}

export interface TimeTick {
  readonly timepoint: string;
  readonly position: number;
  readonly label: string;
  /** The date, or the interval from the first time point when de-identified. */
  readonly detail: string;
}

export interface ChangeChartModel {
  readonly width: number;
  readonly height: number;
  readonly plot: { readonly left: number; readonly top: number; readonly right: number; readonly bottom: number };
  readonly time: readonly TimeTick[];
  readonly mm: { readonly domain: readonly [number, number]; readonly ticks: readonly AxisTick[] };
  /** Null when the liver was measured at no time point. */
  readonly hu: { readonly domain: readonly [number, number]; readonly ticks: readonly AxisTick[] } | null;
  /** The liver's normal range as a band on the HU scale (y of its top and bottom), clipped to the plot. */
  readonly normalBand: { readonly top: number; readonly bottom: number; readonly label: string } | null;
  readonly lesions: readonly ChartLine[];
  readonly liver: ChartLine | null;
  readonly legend: readonly LegendItem[];
}

export interface LegendItem {
  readonly label: string;
  readonly colour: string;
  /** A line swatch (solid or dashed), or a shaded band. */
  readonly swatch: 'line' | 'dashed' | 'band';
  readonly x: number;
  readonly y: number;
}

/** Legible on the panel's dark background and in a printed page alike; liver amber, dashed. */
export const LESION_COLOURS = [
  '#4aa3ff',
  '#ff8a65',
  '#7bd389',
  '#d291ff',
  '#ffd54f',
  '#4dd0e1',
  '#f06292',
  '#a1887f',
  '#aed581',
  '#90a4ae',
];
export const LIVER_COLOUR = '#f2b84b';
export const NORMAL_BAND_COLOUR = '#7bd389';

const FONT_PX = 11;
const LABEL_GAP = FONT_PX + 1;
const LEGEND_ROW = 16;

const linear =
  (domain: readonly [number, number], range: readonly [number, number]) =>
  (value: number): number =>
    domain[1] === domain[0]
      ? (range[0] + range[1]) / 2
      : range[0] + ((value - domain[0]) / (domain[1] - domain[0])) * (range[1] - range[0]);

const round = (n: number): number => Math.round(n * 10) / 10;

function pathOf(points: readonly (ChartPoint | null)[]): string {
  let path = '';
  let drawing = false;
  for (const point of points) {
    if (point === null) {
      drawing = false;
      continue;
    }
    path += `${drawing ? 'L' : 'M'}${round(point.x)},${round(point.y)}`;
    drawing = true;
  }
  return path;
}

/** "+182 d" under 90 days, else "+6 mo" (30.44-day months), so intervals read like a report. */
export function intervalText(days: number): string {
  if (days === 0) return 'baseline';
  return days < 90 ? `+${days} d` : `+${Math.round(days / 30.44)} mo`;
}

/** Spreads labels apart (at least LABEL_GAP) around their wished positions, within [top, bottom]. */
export function spreadLabels(wished: readonly number[], top: number, bottom: number): number[] {
  const order = wished.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y);
  const placed: number[] = [];
  for (const [k, item] of order.entries()) placed[k] = Math.max(item.y, k === 0 ? top : (placed[k - 1] ?? top) + LABEL_GAP);
  // Pushed past the bottom: walk back up.
  for (let k = order.length - 1; k >= 0; k--) {
    const limit = k === order.length - 1 ? bottom : (placed[k + 1] ?? bottom) - LABEL_GAP;
    placed[k] = Math.min(placed[k] ?? limit, limit);
  }
  const result: number[] = [];
  for (const [k, item] of order.entries()) result[item.i] = placed[k] ?? item.y;
  return result;
}

function legendLayout(items: readonly Omit<LegendItem, 'x' | 'y'>[], left: number, right: number, top: number): ChangeChartModel['legend'] {
  let x = left;
  let y = top;
  return items.map((item) => {
    const width = 26 + item.label.length * FONT_PX * 0.6;
    if (x > left && x + width > right) {
      x = left;
      y += LEGEND_ROW;
    }
    const placed = { ...item, x, y };
    x += width + 10;
    return placed;
  });
}

export function changeChartModel(view: FollowUpView, options: ChartOptions = {}): ChangeChartModel {
  const width = options.width ?? 360;
  const deidentified = options.deidentified === true;
  const hasLiver = view.liverHistory.some((row) => row.meanHU !== null);
  const [low, high] = view.liverNormalRangeHU;
  const legendItems: Omit<LegendItem, 'x' | 'y'>[] = [
    ...view.lesions.map((lesion, i) => ({
      label: width >= 560 ? `${lesion.id} ${lesion.siteLabel}` : lesion.id,
      colour: LESION_COLOURS[i % LESION_COLOURS.length] ?? '#ccc',
      swatch: 'line' as const,
    })),
    ...(hasLiver
      ? [
          { label: 'Liver HU', colour: LIVER_COLOUR, swatch: 'dashed' as const },
          { label: `Liver normal ${low}–${high} HU`, colour: NORMAL_BAND_COLOUR, swatch: 'band' as const },
        ]
      : []),
  ];
  const left = 40;
  const right = width - (hasLiver ? 44 : 30);
  const top = 14;
  // The legend's height is known only once laid out; lay it out against a provisional bottom.
  const provisional = legendLayout(legendItems, left, right, 0);
  const legendRows = (provisional.at(-1)?.y ?? 0) / LEGEND_ROW + 1;
  const height = options.height ?? Math.max(240, Math.round(width * 0.55)) + legendRows * LEGEND_ROW;
  // Below the plot: time point ids, dates (or intervals), then the legend rows.
  const bottom = height - 52 - legendRows * LEGEND_ROW;

  // Time: proportional to days when every time point is dated, else evenly spaced.
  const days = view.timepoints.map((t) => daysFromFirst(view.timepoints, t));
  const dated = days.every((d): d is number => d !== null) && (days.at(-1) ?? 0) > 0;
  const positions = dated ? (days as number[]) : view.timepoints.map((_, i) => i);
  const inset = Math.min(24, (right - left) / 6);
  const timeScale = linear([positions[0] ?? 0, positions.at(-1) ?? 0], [left + inset, right - inset]);
  const xOf = new Map(view.timepoints.map((t, i) => [t.id, timeScale(positions[i] ?? 0)]));
  const time: TimeTick[] = view.timepoints.map((t, i) => {
    const interval = days[i] ?? null;
    return {
      timepoint: t.id,
      position: xOf.get(t.id) ?? left,
      label: t.id,
      detail: deidentified ? (interval === null ? '' : intervalText(interval)) : (isoDate(t.date) ?? ''),
    };
  });

  const lesionValues = view.lesions.flatMap((l) => l.history.map((r) => r.longAxisMm).filter((v): v is number => v !== null));
  const mmDomain = nice(0, Math.max(10, ...lesionValues), 5);
  const mmScale = linear(mmDomain, [bottom, top]);
  const mmTicks = ticks(mmDomain[0], mmDomain[1], 5).map((value) => ({ value, position: mmScale(value), label: String(value) }));

  const lesions: ChartLine[] = view.lesions.map((lesion, i) => {
    const points = view.timepoints.map((t): ChartPoint | null => {
      const row = lesion.history.find((r) => r.timepoint === t.id);
      if (!row || row.longAxisMm === null) return null;
      return {
        series: lesion.id,
        timepoint: t.id,
        value: row.longAxisMm,
        status: row.status,
        x: xOf.get(t.id) ?? left,
        y: mmScale(row.longAxisMm),
      };
    });
    const drawn = points.filter((p): p is ChartPoint => p !== null);
    const last = drawn.at(-1);
    return {
      series: lesion.id,
      label: lesion.id,
      title: `${lesion.id} ${lesion.siteLabel}`,
      colour: LESION_COLOURS[i % LESION_COLOURS.length] ?? '#ccc',
      dashed: false,
      points: drawn,
      path: pathOf(points),
      end: last ? { x: last.x + 6, y: last.y } : null,
    };
  });
  // Ids beside the lines' ends, moved apart where lines end close together.
  const withEnd = lesions.filter((l) => l.end !== null);
  const spread = spreadLabels(
    withEnd.map((l) => l.end?.y ?? 0),
    top + 4,
    bottom,
  );
  const labelled = lesions.map((line) => {
    const k = withEnd.indexOf(line);
    return k < 0 || line.end === null ? line : { ...line, end: { x: line.end.x, y: spread[k] ?? line.end.y } };
  });

  let hu: ChangeChartModel['hu'] = null;
  let liver: ChartLine | null = null;
  let normalBand: ChangeChartModel['normalBand'] = null;
  if (hasLiver) {
    const values = view.liverHistory.map((r) => r.meanHU).filter((v): v is number => v !== null);
    const domain = nice(Math.min(low - 10, ...values), Math.max(high + 10, ...values), 5);
    const huScale = linear(domain, [bottom, top]);
    hu = { domain, ticks: ticks(domain[0], domain[1], 5).map((value) => ({ value, position: huScale(value), label: String(value) })) };
    normalBand = { top: huScale(high), bottom: huScale(low), label: `normal ${low}–${high} HU` };
    const points = view.timepoints.map((t): ChartPoint | null => {
      const row = view.liverHistory.find((r) => r.timepoint === t.id);
      if (!row || row.meanHU === null) return null;
      return { series: 'liver', timepoint: t.id, value: row.meanHU, status: null, x: xOf.get(t.id) ?? left, y: huScale(row.meanHU) };
    });
    liver = {
      series: 'liver',
      label: 'Liver HU',
      title: 'Liver mean HU (unenhanced CT)',
      colour: LIVER_COLOUR,
      dashed: true,
      points: points.filter((p): p is ChartPoint => p !== null),
      path: pathOf(points),
      end: null,
    };
  }

  const legend = legendLayout(legendItems, left, right, bottom + 46);
  return {
    width,
    height,
    plot: { left, top, right, bottom },
    time,
    mm: { domain: mmDomain, ticks: mmTicks },
    hu,
    normalBand,
    lesions: labelled,
    liver,
    legend,
  };
}
