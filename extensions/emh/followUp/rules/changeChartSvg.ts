/**
 * The follow-up chart as one SVG document: the same markup in the panel, in the PNG download
 * and inline in the teaching file's case.html. Self-contained (colours and fonts inline, no
 * stylesheet), so it reads the same wherever it is pasted. Every plotted value is a circle
 * carrying data-lesion / data-timepoint / data-value, so a test reads the values back.
 */

import {
  changeChartModel,
  LIVER_COLOUR as LIVER_TEXT,
  NORMAL_BAND_COLOUR as BAND,
  type ChangeChartModel,
  type ChartLine,
} from './changeChart';
import type { FollowUpView } from './followUpView';

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (text: string): string => text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
const n = (value: number): string => String(Math.round(value * 10) / 10);

const BACKGROUND = '#13171c';
const TEXT = '#d8dde3';
const DIM = '#8893a0';
const GRID = '#262e38';
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="11"';

/** The value as written in data-value: what the table shows, unrounded beyond 0.1. */
export const dataValue = (value: number): string => String(Math.round(value * 10) / 10);

function line(chart: ChartLine): string {
  const dash = chart.dashed ? ' stroke-dasharray="5 4"' : '';
  const kind = chart.series === 'liver' ? 'liver' : 'lesion';
  const points = chart.points
    .map((p) => {
      const attributes =
        kind === 'liver'
          ? `data-liver="" data-timepoint="${esc(p.timepoint)}" data-value="${dataValue(p.value)}"`
          : `data-lesion="${esc(p.series)}" data-timepoint="${esc(p.timepoint)}" data-value="${dataValue(p.value)}" data-status="${esc(p.status ?? '')}"`;
      // A resolved lesion is an open circle on the zero line.
      const fill = p.status === 'resolved' ? BACKGROUND : chart.colour;
      const unit = kind === 'liver' ? 'HU' : 'mm';
      return (
        `<circle class="emh-chart-point" cx="${n(p.x)}" cy="${n(p.y)}" r="3.5" fill="${fill}" stroke="${chart.colour}" stroke-width="1.5" ${attributes}>` +
        `<title>${esc(`${chart.label} ${p.timepoint}: ${dataValue(p.value)} ${unit}${p.status === 'resolved' ? ' (resolved)' : ''}`)}</title></circle>`
      );
    })
    .join('');
  const path = chart.path === '' ? '' : `<path d="${chart.path}" fill="none" stroke="${chart.colour}" stroke-width="2"${dash}/>`;
  const label =
    chart.end === null
      ? ''
      : `<text x="${n(chart.end.x)}" y="${n(chart.end.y)}" dy="0.35em" fill="${chart.colour}" font-weight="600">${esc(chart.label)}</text>`;
  return `<g class="emh-chart-${kind}" data-series="${esc(chart.series)}"><title>${esc(chart.title)}</title>${path}${points}${label}</g>`;
}

export function changeChartSvg(model: ChangeChartModel, title = 'Follow-up: long axis per lesion and liver HU'): string {
  const { left, top, right, bottom } = model.plot;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="emh-change-chart-svg" width="${model.width}" height="${model.height}" ` +
      `viewBox="0 0 ${model.width} ${model.height}" role="img" aria-label="${esc(title)}" ${FONT}>`,
    `<title>${esc(title)}</title>`,
    `<rect width="${model.width}" height="${model.height}" fill="${BACKGROUND}"/>`,
  );
  if (model.normalBand) {
    const bandTop = Math.max(top, model.normalBand.top);
    const bandBottom = Math.min(bottom, model.normalBand.bottom);
    parts.push(
      `<rect class="emh-chart-normal-band" x="${left}" y="${n(bandTop)}" width="${n(right - left)}" height="${n(Math.max(0, bandBottom - bandTop))}" fill="${BAND}" fill-opacity="0.14">` +
        `<title>${esc(`Liver ${model.normalBand.label}`)}</title></rect>`,
    );
  }
  for (const tick of model.mm.ticks) {
    parts.push(
      `<line x1="${left}" x2="${right}" y1="${n(tick.position)}" y2="${n(tick.position)}" stroke="${GRID}"/>`,
      `<text x="${left - 5}" y="${n(tick.position)}" dy="0.35em" text-anchor="end" fill="${DIM}">${esc(tick.label)}</text>`,
    );
  }
  parts.push(
    `<text transform="translate(11 ${n((top + bottom) / 2)}) rotate(-90)" text-anchor="middle" fill="${DIM}">long axis (mm)</text>`,
  );
  if (model.hu) {
    for (const tick of model.hu.ticks) {
      parts.push(`<text x="${right + 5}" y="${n(tick.position)}" dy="0.35em" fill="${LIVER_TEXT}">${esc(tick.label)}</text>`);
    }
    parts.push(
      `<text transform="translate(${model.width - 4} ${n((top + bottom) / 2)}) rotate(-90)" text-anchor="middle" fill="${LIVER_TEXT}">liver (HU)</text>`,
    );
  }
  parts.push(`<line x1="${left}" x2="${right}" y1="${bottom}" y2="${bottom}" stroke="${DIM}"/>`);
  for (const tick of model.time) {
    parts.push(
      `<line x1="${n(tick.position)}" x2="${n(tick.position)}" y1="${bottom}" y2="${bottom + 4}" stroke="${DIM}"/>`,
      `<text x="${n(tick.position)}" y="${bottom + 15}" text-anchor="middle" fill="${TEXT}" font-weight="600">${esc(tick.label)}</text>`,
      `<text x="${n(tick.position)}" y="${bottom + 27}" text-anchor="middle" fill="${DIM}">${esc(tick.detail)}</text>`,
    );
  }
  if (model.liver) parts.push(line(model.liver));
  for (const lesion of model.lesions) parts.push(line(lesion));
  for (const item of model.legend) {
    const swatch =
      item.swatch === 'band'
        ? `<rect x="${n(item.x)}" y="${n(item.y - 5)}" width="18" height="10" fill="${item.colour}" fill-opacity="0.3"/>`
        : `<line x1="${n(item.x)}" x2="${n(item.x + 18)}" y1="${n(item.y)}" y2="${n(item.y)}" stroke="${item.colour}" stroke-width="2"${item.swatch === 'dashed' ? ' stroke-dasharray="5 4"' : ''}/>`;
    parts.push(
      `<g class="emh-chart-legend">${swatch}` +
        `<text x="${n(item.x + 23)}" y="${n(item.y)}" dy="0.35em" fill="${TEXT}">${esc(item.label)}</text></g>`,
    );
  }
  parts.push('</svg>');
  return parts.join('\n');
}

/** The teaching file draws the chart wider, for a page rather than the panel. */
export const TEACHING_CHART_WIDTH = 720;

export interface ChartDrawing {
  readonly svg: string;
  readonly width: number;
  readonly height: number;
}

/**
 * The chart for a teaching file, or null with fewer than two time points. De-identified: no
 * dates (PS3.15 Annex E removes them), the time points by id and interval from the first.
 */
export function teachingChart(view: FollowUpView | null): ChartDrawing | null {
  if (view === null) return null;
  const model = changeChartModel(view, { width: TEACHING_CHART_WIDTH, deidentified: true });
  return { svg: changeChartSvg(model), width: model.width, height: model.height };
}
