/**
 * case.html of the teaching ZIP: the case text, the lesion table, the liver summary and the
 * key images, as one self-contained page that reads on screen (light or dark) and prints.
 * Everything a user or a DICOM file wrote is escaped, and the page forbids scripts outright,
 * so a note like `<img src=x onerror=...>` shows as text and could not run anyway.
 */

import type { EmhInventory, LesionExport, LiverExport } from '../../inventory/rules/inventoryTypes';
import { describeSite, LATERALITY_LABELS } from '../../lesions/rules/sites';
import type { TeachingCaseText } from './teachingCase';
import { ironTableRows } from './ironText';
import type { IronInventory } from '../../iron/rules/ironReport';
import {
  CONTRAST_LABELS,
  DASH,
  formatHu,
  formatNumber,
  formatSigned,
  liverCallView,
  signalView,
  sizeView,
} from '../../inventory/rules/inventoryRows';

export interface TeachingKeyImage {
  /** File name inside images/ ("key-01.png"). */
  readonly pngName: string;
  readonly caption: string;
  /** File name inside dicom/, when the de-identified DICOM of the image is in the ZIP. */
  readonly dicomName?: string | null;
}

export interface TeachingCaseHtmlInput {
  readonly text: TeachingCaseText;
  /** The teaching inventory (no patient, no studies); nothing patient-level is read from it anyway. */
  readonly inventory: EmhInventory;
  readonly keyImages: readonly TeachingKeyImage[];
  /** The follow-up chart (self-contained SVG, no dates), with two time points or more. */
  readonly chartSvg?: string | null;
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Safe in element content and in quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/** Blank lines separate paragraphs; a single line break stays a line break. */
export function textToHtml(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '')
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

/** A note in a table cell: escaped, line breaks kept, nothing else. */
const cellText = (text: string): string => escapeHtml(text.trim()).replace(/\r\n?|\n/g, '<br>');

function section(heading: string, body: string): string {
  return body === '' ? '' : `<section>\n<h2>${escapeHtml(heading)}</h2>\n${body}\n</section>`;
}

function ctCell(lesion: LesionExport): string {
  if (lesion.ct.meanHU === null) return DASH;
  const note = lesion.ct.contrast === 'enhanced' ? ' (enhanced)' : lesion.ct.contrast === 'unknown' ? ' (contrast unknown)' : '';
  return `${formatHu(lesion.ct.meanHU)}${note}`;
}

function lesionRow(lesion: LesionExport): string {
  const cells = [
    escapeHtml(lesion.id),
    escapeHtml(describeSite(lesion.site, null, lesion.siteText)),
    lesion.laterality ? LATERALITY_LABELS[lesion.laterality] : DASH,
    escapeHtml(sizeView(lesion).text),
    escapeHtml(ctCell(lesion)),
    escapeHtml(signalView(lesion.t1, 'T1').text),
    escapeHtml(signalView(lesion.t2, 'T2').text),
    cellText(lesion.notes),
  ];
  return `<tr>${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`;
}

function lesionTable(lesions: readonly LesionExport[]): string {
  if (lesions.length === 0) return '<p>No lesions recorded.</p>';
  const headings = ['Lesion', 'Site', 'Side', 'L x S', 'CT (HU)', 'T1 / muscle', 'T2 / muscle', 'Notes'];
  return [
    '<table>',
    `<thead><tr>${headings.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead>`,
    `<tbody>\n${lesions.map(lesionRow).join('\n')}\n</tbody>`,
    '</table>',
  ].join('\n');
}

/** "Liver 103.0 HU (mean of 3 ROIs; pixel-weighted 103.0 HU): Above 54–60 HU, unenhanced. Spleen 62.0 HU; ..." */
export function liverSummaryText(liver: LiverExport): string {
  if (liver.meanHU === null) return 'Liver: not measured.';
  const roiCount = liver.rois.filter((r) => r.organ === 'liver' && r.inSummary).length;
  const weighted = liver.pixelWeightedMeanHU === null ? '' : `; pixel-weighted ${formatHu(liver.pixelWeightedMeanHU)} HU`;
  const call = liverCallView(liver);
  const automatic = call.automaticNote ? ` (${call.automaticNote})` : '';
  const contrast = liver.contrast ? `, ${CONTRAST_LABELS[liver.contrast].toLowerCase()}` : '';
  let text = `Liver ${formatHu(liver.meanHU)} HU (mean of ${roiCount} ROI${roiCount === 1 ? '' : 's'}${weighted}): ${call.text}${automatic}${contrast}.`;
  if (liver.spleenMeanHU !== null) {
    text += ` Spleen ${formatHu(liver.spleenMeanHU)} HU`;
    if (liver.liverMinusSpleenHU !== null) text += `; liver minus spleen ${formatSigned(liver.liverMinusSpleenHU)} HU`;
    if (liver.liverToSpleenRatio !== null) text += `; liver / spleen ${formatNumber(liver.liverToSpleenRatio, 2)}`;
    text += '.';
  }
  return text;
}

function liverBlock(liver: LiverExport): string {
  const notes = [...liver.context.map((c) => c.text), ...liver.warnings.map((w) => w.message)];
  const list = notes.length === 0 ? '' : `\n<ul class="notes">${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`;
  return `<p class="liver">${escapeHtml(liverSummaryText(liver))}</p>${list}`;
}

/** Liver and heart iron from T2* MRI; empty (no section) without liver or heart ROIs. */
function ironTable(iron: IronInventory | undefined): string {
  const rows = ironTableRows(iron);
  if (rows.length === 0) return '';
  const headings = ['Organ', 'R2* (Hz)', 'T2* (ms)', 'LIC (mg Fe/g)', 'Grade', 'Calibration / note'];
  const cells = (r: (typeof rows)[number]): string =>
    [r.organ, r.r2starHz, r.t2starMs, r.licMgFeG, r.grade, r.note].map((c) => `<td>${escapeHtml(c)}</td>`).join('');
  return [
    '<table class="iron">',
    `<thead><tr>${headings.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead>`,
    `<tbody>\n${rows.map((r) => `<tr>${cells(r)}</tr>`).join('\n')}\n</tbody>`,
    '</table>',
  ].join('\n');
}

/** The chart is our own markup (changeChartSvg escapes every text in it); it goes in as it is. */
function followUpBlock(chartSvg: string): string {
  return [
    '<figure class="chart">',
    chartSvg,
    '<figcaption>Long axis per lesion (mm) and liver mean HU over time. Time points are labelled by ' +
      'their interval from the first: dates are removed from teaching files (PS3.15 Annex E).</figcaption>',
    '</figure>',
  ].join('\n');
}

function keyImageFigure(image: TeachingKeyImage): string {
  const src = `images/${encodeURIComponent(image.pngName)}`;
  const dicom = image.dicomName ? ` <a href="dicom/${escapeHtml(encodeURIComponent(image.dicomName))}">DICOM</a>` : '';
  return [
    '<figure>',
    `<img src="${escapeHtml(src)}" alt="${escapeHtml(image.caption)}">`,
    `<figcaption>${cellText(image.caption)}${dicom}</figcaption>`,
    '</figure>',
  ].join('\n');
}

const STYLE = `
:root { color-scheme: light dark; --fg: #1b1d21; --bg: #ffffff; --muted: #5b6270; --line: #d3d7de; --head: #f1f3f6; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e4e6ea; --bg: #15171b; --muted: #a3a9b4; --line: #383d46; --head: #20242a; }
}
body { margin: 2rem auto; max-width: 62rem; padding: 0 1rem; background: var(--bg); color: var(--fg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
h1 { font-size: 1.6rem; margin: 0 0 1rem; }
h2 { font-size: 1.1rem; margin: 1.6rem 0 .4rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
p { margin: .4rem 0; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; font-variant-numeric: tabular-nums; }
th, td { text-align: left; vertical-align: top; padding: .3rem .45rem; border-bottom: 1px solid var(--line); }
th { background: var(--head); }
.liver { margin-top: .8rem; }
.notes, footer { color: var(--muted); font-size: .85rem; }
.key-images { display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: 1rem; }
figure { margin: 0; }
figure img { display: block; width: 100%; height: auto; background: #000; }
figure.chart svg { display: block; width: 100%; max-width: 720px; height: auto; }
figcaption { font-size: .85rem; color: var(--muted); margin-top: .3rem; }
a { color: inherit; }
footer { margin-top: 2rem; border-top: 1px solid var(--line); padding-top: .5rem; }
@media print {
  :root { --fg: #000; --bg: #fff; --muted: #333; --line: #999; --head: #eee; }
  body { margin: 0; max-width: none; }
  table, figure, section { break-inside: avoid; }
}
`;

/**
 * No script may run (default-src 'none'); the inline style and the images beside the file
 * (and data: URLs) may load.
 */
const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src * data:";

export function teachingCaseHtml(input: TeachingCaseHtmlInput): string {
  const { text, inventory, keyImages, chartSvg = null } = input;
  const title = text.title.trim() || 'Untitled teaching case';
  const differential = text.differential.filter((d) => d.trim() !== '');
  const body = [
    `<h1>${escapeHtml(title)}</h1>`,
    section('History', textToHtml(text.history)),
    section('Findings', textToHtml(text.findings)),
    section('Diagnosis', textToHtml(text.diagnosis)),
    section('Discussion', textToHtml(text.discussion)),
    section(
      'Differential diagnosis',
      differential.length === 0 ? '' : `<ol>${differential.map((d) => `<li>${escapeHtml(d.trim())}</li>`).join('')}</ol>`,
    ),
    section('Lesions', `${lesionTable(inventory.lesions)}\n${liverBlock(inventory.liver)}`),
    section('Iron (T2* MRI)', ironTable(inventory.iron)),
    chartSvg === null ? '' : section('Follow-up', followUpBlock(chartSvg)),
    section('Key images', keyImages.length === 0 ? '' : `<div class="key-images">\n${keyImages.map(keyImageFigure).join('\n')}\n</div>`),
    '<footer>Teaching file. The DICOM images are de-identified with the DICOM PS3.15 Annex E Basic ' +
      'Application Level Confidentiality Profile; sizes are long x short axis in cm, MR signal is the ' +
      'lesion / skeletal muscle ratio on the same series.</footer>',
  ].filter((part) => part !== '');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
